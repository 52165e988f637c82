"""The plan as a document: as .txt in the layout of the source document (tab-separated tables,
month columns with X marks; `init --source` builds the same plan from it) and as .docx (Word
headings and tables, to finish the next plan in Word). Both render one PlanDocument.

Every cell is written as the importer reads it: whitespace runs (tabs, line breaks) become one
space and control characters are dropped, so no text can break the layout; "<" and "&" are
escaped where the importer reads markup. A name or title that is empty then is refused.
"""
from __future__ import annotations

import html
import io
from collections.abc import Iterable

from werkstatt import formats, vocab
from werkstatt.errors import ValidationError
from werkstatt.text import collapse, printable
from werkstatt.views.plan_document import MONTHS, Handlungsfeld, PlanDocument, Werkzeug

FORMATS = (".txt", ".docx")
SHEET_HEADER = ("Werkzeug", "Zielgruppe", "Ansprechperson",
                "Umsetzungsort und Ansprechperson vor Ort",
                "Beteiligte Partner, Netzwerke, Gruppen und Bevölkerung", "Budget",
                "Externe Beratung")
OVERVIEW_HEADER = ("Handlungsfelder (HF)", "Beschreibung des HF", "Werkzeuge", "Ansprechperson",
                   "Umsetzungsort", "Beteiligte")
GOAL_HEADINGS = {vocab.TOP_LEVEL: "übergeordnete Ziele", vocab.CONCRETE: "konkretisierte Ziele"}
CROSS_CUTTING_HEADING = "Werkzeug ohne Handlungsfeld (querschnittlich)"


# --- cells ---------------------------------------------------------------------------------------
def cell(text: str | None) -> str:
    """A cell the importer reads as it stands (collapsed)."""
    return collapse(printable(text or ""))


def markup_cell(text: str | None) -> str:
    """A cell the importer reads as markup (plain_text): "<" and "&" escaped."""
    return html.escape(cell(text), quote=False)


def paragraphs_cell(*parts: tuple[str, str | None]) -> str:
    """Paragraphs as <p> blocks (the importer splits them again); each part's paragraphs get
    its prefix ("Chancen: ")."""
    blocks = [f"{prefix}{paragraph}" for prefix, text in parts
              for paragraph in (text or "").split("\n\n") if cell(paragraph)]
    return "".join(f"<p>{markup_cell(block)}</p>" for block in blocks)


def _required(text: str | None, what: str) -> str:
    value = cell(text)
    if not value:
        raise ValidationError(f"{what} ist ohne lesbaren Text (nur Leer- oder Steuerzeichen); "
                              "so lässt sich der Plan nicht als Dokument schreiben. Bitte erst "
                              "auf der Seite „Plan bearbeiten“ einen Namen eintragen.")
    return value


def _row(cells: Iterable[str]) -> str:
    return "\t".join(cells)


# --- .txt ----------------------------------------------------------------------------------------
def as_text(doc: PlanDocument) -> str:
    blocks = [f"Werkstattplan {cell(doc.kreis)} {doc.jahr} (Stand: {doc.stand:%d.%m.%Y})"]
    blocks += [cell(p) for p in (doc.einleitung or "").split("\n\n") if cell(p)]
    for ebene, heading in GOAL_HEADINGS.items():
        if table := _goal_table(doc, ebene):
            blocks += [f"Zielkatalog – {heading}", table]
    blocks += [_overview_table(doc, field) for field in doc.handlungsfelder]
    for tool in doc.werkzeuge:
        blocks.append(f"Handlungsfeld: {cell(tool.handlungsfeld)}" if tool.handlungsfeld
                      else CROSS_CUTTING_HEADING)
        blocks += [_sheet(tool), _grid(doc, tool)]
    return "\n\n".join(blocks) + "\n"


def _goal_table(doc: PlanDocument, ebene: str) -> str:
    goals = doc.ziele_der_ebene(ebene)
    dims = [d for d in vocab.GOAL_DIMENSIONS if any(g.dimension == d for g in goals)]
    columns = [[markup_cell(g.text) for g in goals if g.dimension == d and cell(g.text)]
               for d in dims]
    if not any(columns):
        return ""
    rows = [_row(dims)]
    for index in range(max(len(c) for c in columns)):
        rows.append(_row(c[index] if index < len(c) else "" for c in columns))
    return "\n".join(rows)


def _overview_table(doc: PlanDocument, field: Handlungsfeld) -> str:
    name = _required(field.name, "Ein Handlungsfeld")
    rows = [_row((*OVERVIEW_HEADER, *map(str, doc.jahre)))]
    lead = [name, paragraphs_cell(("", field.beschreibung))]
    for tool in field.werkzeuge or (None,):
        if tool is None:  # a field without Werkzeug keeps its row
            rows.append(_row([*lead, "", "", "", ""] + ["" for _ in doc.jahre]))
            continue
        rows.append(_row([*lead, _required(tool.uebersicht_name, "Ein Werkzeug"),
                          cell(tool.ansprechperson_uebersicht),
                          cell(tool.umsetzungsort_uebersicht), cell(tool.beteiligte_uebersicht),
                          *("X" if year in tool.jahre else "" for year in doc.jahre)]))
        lead = ["", ""]
    return "\n".join(rows)


def _sheet(tool: Werkzeug) -> str:
    name = markup_cell(_required(tool.name, "Ein Werkzeug"))
    rows = [_row(SHEET_HEADER),
            _row((name, cell(tool.zielgruppe), cell(tool.ansprechperson), cell(tool.vor_ort),
                  cell(tool.beteiligte), cell(tool.budget), cell(tool.externe_beratung)))]
    text = paragraphs_cell(("", tool.beschreibung), ("Chancen: ", tool.chancen),
                           ("Hauptschwierigkeiten: ", tool.schwierigkeiten))
    if text:
        rows.append(_row([text] + ["" for _ in SHEET_HEADER[1:]]))
    return "\n".join(rows)


def _grid(doc: PlanDocument, tool: Werkzeug) -> str:
    rows = [_row([f"Einzelmaßnahmen: Jahr {doc.jahr}", *map(str, MONTHS)])]
    for number, measure in enumerate(tool.massnahmen, start=1):
        title = markup_cell(_required(measure.titel, f"Maßnahme {number} des Werkzeugs "
                                                     f"„{cell(tool.name)}“"))
        if measure.fortfuehrung and measure.zellen:
            title = f"<i>{title}</i>"
        elif measure.hinweis and cell(measure.hinweis):
            title += f" (<i>{markup_cell(measure.hinweis)}</i>)"
        rows.append(_row([title, *(cell(measure.zelle(month)) for month in MONTHS)]))
    for note in tool.notizen:
        if cell(note):
            rows.append(_row([f"<i>{markup_cell(note)}</i>", *("" for _ in MONTHS)]))
    return "\n".join(rows)


# --- .docx ---------------------------------------------------------------------------------------
def as_docx(doc: PlanDocument) -> bytes:
    """Word headings (Überschrift 1/2), the goal catalogue, one overview table per field with
    the year columns, one table per Werkzeug: its profile, then its measures by month."""
    from docx import Document  # only this output needs it

    document = Document()
    document.core_properties.title = doc.titel
    document.core_properties.language = "de-DE"
    document.add_heading(doc.titel, level=0)
    document.add_paragraph(f"Stand: {formats.day(doc.stand)}")
    for paragraph in (doc.einleitung or "").split("\n\n"):
        if cell(paragraph):
            document.add_paragraph(cell(paragraph))

    document.add_heading("Zielkatalog", level=1)
    for ebene, heading in GOAL_HEADINGS.items():
        goals = doc.ziele_der_ebene(ebene)
        if not goals:
            continue
        document.add_heading(heading[0].upper() + heading[1:], level=2)
        dims = [d for d in vocab.GOAL_DIMENSIONS if any(g.dimension == d for g in goals)]
        columns = [[cell(g.text) for g in goals if g.dimension == d] for d in dims]
        _docx_table(document, dims, [[c[i] if i < len(c) else "" for c in columns]
                                     for i in range(max(map(len, columns)))])

    document.add_heading("Handlungsfelder und Werkzeuge", level=1)
    for field in doc.handlungsfelder:
        document.add_heading(cell(field.name), level=2)
        for paragraph in (field.beschreibung or "").split("\n\n"):
            if cell(paragraph):
                document.add_paragraph(cell(paragraph))
        _docx_table(document, ["Werkzeug", "Ansprechperson", "Umsetzungsort", "Beteiligte",
                               *map(str, doc.jahre)],
                    [[cell(t.uebersicht_name), cell(t.ansprechperson_uebersicht),
                      cell(t.umsetzungsort_uebersicht), cell(t.beteiligte_uebersicht),
                      *("X" if y in t.jahre else "" for y in doc.jahre)]
                     for t in field.werkzeuge])

    document.add_heading("Werkzeuge und Einzelmaßnahmen", level=1)
    for tool in doc.werkzeuge:
        document.add_heading(cell(tool.name), level=2)
        _werkzeug_table(document, doc, tool)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _profile(tool: Werkzeug) -> list[tuple[str, str]]:
    return [("Werkzeug", cell(tool.name)),
            ("Handlungsfeld", cell(tool.handlungsfeld) or vocab.CROSS_CUTTING),
            ("Zielgruppe", cell(tool.zielgruppe)), ("Ansprechperson", cell(tool.ansprechperson)),
            ("Umsetzungsort und Ansprechperson vor Ort", cell(tool.vor_ort)),
            ("Beteiligte", cell(tool.beteiligte)), ("Budget", cell(tool.budget)),
            ("Externe Beratung", cell(tool.externe_beratung)),
            ("Beschreibung", "\n\n".join(cell(p) for p in (tool.beschreibung or "").split(
                "\n\n"))),
            ("Chancen", cell(tool.chancen)), ("Hauptschwierigkeiten", cell(tool.schwierigkeiten))]


def _werkzeug_table(document, doc: PlanDocument, tool: Werkzeug) -> None:
    """One table of 13 columns: the profile (label, value across the month columns), the
    grid's header row, one row per measure with X (or the mark's label) in its months."""
    table = document.add_table(rows=0, cols=1 + len(MONTHS))
    table.style = "Table Grid"
    for label, value in _profile(tool):
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        merged = cells[1].merge(cells[-1])
        merged.text = value or "–"
    header = table.add_row().cells
    for index, text in enumerate([f"Einzelmaßnahmen {doc.jahr}", *map(str, MONTHS)]):
        header[index].text = text
        header[index].paragraphs[0].runs[0].bold = True
    for number, measure in enumerate(tool.massnahmen, start=1):
        cells = table.add_row().cells
        title = _required(measure.titel, f"Maßnahme {number} des Werkzeugs „{cell(tool.name)}“")
        if measure.hinweis:
            title += f" ({cell(measure.hinweis)})"
        cells[0].text = title
        if measure.fortfuehrung:
            cells[0].paragraphs[0].runs[0].italic = True
        labels = dict(measure.bezeichnungen)
        for month in MONTHS:
            if month in measure.monate:
                cells[month].text = cell(labels.get(month, "X"))
    for note in tool.notizen:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.text = cell(note)
        merged.paragraphs[0].runs[0].italic = True


def _docx_table(document, header: list[str], rows: list[list[str]]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    marker = OxmlElement("w:tblHeader")  # repeated on every page, read as headers
    marker.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(marker)
    for target, text in zip(table.rows[0].cells, header, strict=True):
        target.text = text
        target.paragraphs[0].runs[0].bold = True
    for values in rows:
        for target, text in zip(table.add_row().cells, values, strict=True):
            target.text = text


def build(doc: PlanDocument, suffix: str) -> bytes:
    """The document in the format of `suffix` (.txt as UTF-8, or .docx)."""
    return as_text(doc).encode("utf-8") if suffix == ".txt" else as_docx(doc)
