"""The Sachstandsbericht as a tagged PDF (PDF/UA-1, like the handout, via WeasyPrint) and as
an editable DOCX (python-docx: real headings and tables, to paste into a Sitzungsvorlage).
Both draw one content object, werkstatt.views.bericht.Sachstandsbericht."""
from __future__ import annotations

import io
from collections.abc import Iterator

import pandas as pd

from werkstatt import formats
from werkstatt.outputs.handout import CSS, _e, _table, render_pdf
from werkstatt.views.bericht import Sachstandsbericht

FORMATS = (".pdf", ".docx")
NOTHING = {"aenderungen": "Keine Maßnahme ist neu, entfallen oder verschoben.",
           "naechstes": "In diesen Monaten steht keine offene Maßnahme an.",
           "indikatoren": "Zu dieser Auswahl nennt der Plan keinen Indikator.",
           "befunde": "Der Plancheck findet nichts."}


def sections(report: Sachstandsbericht) -> Iterator[tuple[str, list[str], pd.DataFrame | None,
                                                          str]]:
    """(heading, paragraphs, table, text if the table is empty) in the report's order: what
    both renderers draw."""
    treue = report.termintreue
    yield ("Stand je Handlungsfeld",
           [f"Status der Maßnahmen zum {formats.day(report.stichtag)}; „davon überfällig“: "
            "letzter Termin vor dem Stichtag, weder erledigt noch entfallen."],
           report.status, "Keine Maßnahme in dieser Auswahl.")
    paragraphs = [treue.sentence + ".",
                  f"Gezählt werden die Maßnahmen, deren Monate {treue.baseline.column} bis zum "
                  "Stichtag endeten (ungefähre Angaben mit ihrem gedeuteten Ende); eine "
                  "Verschiebung ändert die Zahl nicht."]
    if not treue.ausgenommen.empty:
        paragraphs.append("Nicht mitgezählt (entfallen oder entfernt): " + "; ".join(
            f"{m} ({w}, {why})" for w, m, why in treue.ausgenommen.itertuples(index=False)) + ".")
    yield "Termintreue", paragraphs, treue.table(), ""
    yield (f"Änderungen {report.vergleich_mit.seit}", [report.aenderungen_zeile + "."],
           report.aenderungen, NOTHING["aenderungen"])
    yield report.naechstes_titel, [], report.naechstes, NOTHING["naechstes"]
    yield ("Indikatoren gegen Ziele", ["Basis- und Zielwerte nur, wo der Plan sie nennt."],
           report.indikatoren, NOTHING["indikatoren"])
    yield (f"Budget {report.vergleich_mit.column}", [report.budget_summe], report.budget,
           "Kein Budgetposten in dieser Auswahl.")
    if report.uebergang_titel is not None:  # the plan was carried forward
        yield (report.uebergang_titel, ["Was aus jeder Maßnahme im fortgeschriebenen Plan "
                                        "wurde: übernommen, abgeschlossen, entfallen (mit Grund) "
                                        "oder neu."], report.uebergang, "")
    yield ("Hinweise des Planchecks",
           [f"{report.befunde_zahl} Hinweise (unvollständig oder widersprüchlich, nichts "
            "davon blockiert); die Einzelheiten stehen auf der Seite Plancheck."],
           report.befunde, NOTHING["befunde"])


def report_html(report: Sachstandsbericht) -> str:
    facts = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in report.facts)
    parts = []
    for heading, paragraphs, table, empty in sections(report):
        body = "".join(f"<p>{_e(p)}</p>" for p in paragraphs)
        if table is not None:
            body += _table(table) if not table.empty else f"<p>{_e(empty)}</p>"
        parts.append(f'<section class="part"><h2>{_e(heading)}</h2>{body}</section>')
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{_e(report.titel)}</title>
<meta name="description" content="{_e(report.filter)}">
<style>{CSS}
@page {{ size: A4 portrait; }}
section.part {{ break-before: auto; margin-top: 6mm; }}
table {{ font-size: 8pt; }}
td {{ hyphens: auto; }}  /* German words are hyphenated: wide tables fit A4 portrait */
h1 {{ margin-top: 0; font-size: 18pt; }}
</style></head><body>
<section class="title"><h1>{_e(report.titel)}</h1>
<p>Bericht an den Ausschuss zur Kenntnisnahme</p><dl>{facts}</dl></section>
{"".join(parts)}
</body></html>"""


def build_pdf(report: Sachstandsbericht) -> bytes:
    return render_pdf(report_html(report))


def build_docx(report: Sachstandsbericht) -> bytes:
    """A Word document with real headings (Überschrift 1/2) and tables (header row marked
    as such), nothing else: it is meant to be pasted and edited."""
    from docx import Document  # only this output needs it
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.core_properties.title = report.titel
    document.core_properties.language = "de-DE"
    document.add_heading(report.titel, level=1)
    document.add_paragraph("Bericht an den Ausschuss zur Kenntnisnahme")
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for key, value in report.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = key, value
    for heading, paragraphs, table, empty in sections(report):
        document.add_heading(heading, level=2)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        if table is None:
            continue
        if table.empty:
            document.add_paragraph(empty)
            continue
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        header = grid.rows[0]
        marker = OxmlElement("w:tblHeader")  # repeated on every page, read as headers
        marker.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(marker)
        for cell, name in zip(header.cells, table.columns, strict=True):
            cell.text = str(name)
            cell.paragraphs[0].runs[0].bold = True
        for row in table.itertuples(index=False):
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = "" if value is None or value != value else str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build(report: Sachstandsbericht, suffix: str) -> bytes:
    """The report in the format of `suffix` (.pdf or .docx)."""
    return build_pdf(report) if suffix == ".pdf" else build_docx(report)
