"""The Arbeitskreis handout as a tagged PDF (PDF/UA-1, A4 landscape), built from HTML + CSS
with WeasyPrint: title and status counts, per Handlungsfeld the Gantt (vector SVG, in parts
that fit a page, spread evenly) and its measures with their latest comment, budget ranges,
indicators. Sections flow on (no page is left nearly empty); the measures are exactly the
Zeitplan's. It speaks of itself only: no dashboard page is referred to."""
from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import pandas as pd

from werkstatt import formats
from werkstatt.errors import WerkstattError
from werkstatt.outputs import gantt_svg
from werkstatt.text import printable
from werkstatt.views import indicators, slides
from werkstatt.views.baseline import baseline_of
from werkstatt.views.budget import BudgetView, budget_view
from werkstatt.views.filters import Filters, describe
from werkstatt.views.overview import stand
from werkstatt.views.plan_data import PlanData
from werkstatt.views.termintreue import Termintreue, termintreue
from werkstatt.views.vergleich import Vergleich, vergleich
from werkstatt.views.zeitplan import Gantt, Zeitplan, zeitplan
from werkstatt.vocab import BESCHLUSS_KEY

# px of a Gantt figure's rows on a page (680 px of text height, less its heading, caption,
# month header and legend): a longer Gantt is split into parts that fit
GANTT_HEIGHT = 680 - 30 - 20 - 20 - gantt_svg.TOP - gantt_svg.LEGEND
PANGO_HINT = "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"


class HandoutError(WerkstattError):
    """The PDF cannot be made on this machine (WeasyPrint or a system library is missing)."""


def _e(value) -> str:
    return html.escape("" if value is None or value != value else printable(str(value)))


def _css_string(text: str) -> str:
    """Plan text as a quoted CSS string (for the page footer): nothing can end the rule."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;–·-()/" else f"\\{ord(ch):x} "
                      for ch in text)
    return f'"{escaped}"'


def _table(frame: pd.DataFrame, caption: str = "", numeric: tuple[str, ...] = ()) -> str:
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if c in numeric else ""}">{_e(v)}</td>'
                         for c, v in zip(frame.columns, row, strict=False)) + "</tr>"
        for row in frame.itertuples(index=False))
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


COMMENT = "letzter Kommentar"


def _measure_table(frame: pd.DataFrame, columns: list[str],
                   comments: Mapping[int, str]) -> str:
    """Measures grouped by Werkzeug: a row with the Werkzeug and its contacts (said once, not
    on every measure), then its measures; the latest comment of each measure where any of
    them has one."""
    frame = frame.assign(**{COMMENT: [comments.get(m, "") for m in frame["massnahme_id"]]})
    if frame[COMMENT].str.len().sum():
        columns = [*columns, COMMENT]
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in columns)
    groups = []
    for tool, group in frame.groupby("Werkzeug", sort=False):
        contacts = group["Kontakte"].iloc[0] or "keine genannt"
        rows = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
                       for row in group[columns].itertuples(index=False))
        groups.append(f'<tbody><tr class="tool"><th scope="rowgroup" colspan="{len(columns)}">'
                      f'{_e(tool)}<span class="contacts"> · Kontakte: {_e(contacts)}</span>'
                      f"</th></tr>{rows}</tbody>")
    return f"<table><thead><tr>{head}</tr></thead>{''.join(groups)}</table>"


def _gantt_figures(gantt: Gantt, months: list[date], chosen: Filters,
                   found: Vergleich | None = None) -> str:
    rows = gantt_svg.rows(gantt.rows)
    parts = slides.gantt_parts(rows, lambda row: (gantt_svg.ROW,), (GANTT_HEIGHT,))
    figures = []
    for index, part in enumerate(parts, 1):
        field = gantt.handlungsfeld
        title = field if len(parts) == 1 else f"{field} ({index}/{len(parts)})"
        drawn = gantt.rows[gantt.rows["massnahme_id"].isin(part)]
        svg = gantt_svg.gantt_svg(drawn, months, chosen.stichtag, title, chosen.monat,
                                  None if found is None else found.ghost,
                                  "" if found is None else found.baseline.column)
        alt = (f"Zeitplan {title}: {len(part)} Maßnahmen als Balken und Meilensteine über die "
               "Monate; dieselben Angaben stehen in der Tabelle.")
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        figures.append(f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{_e(alt)}">'
                       f"<figcaption>Zeitplan {_e(title)}</figcaption></figure>")
    return "".join(figures)


def _field_sections(view: Zeitplan, months: list[date], chosen: Filters,
                    found: Vergleich | None = None) -> str:
    """First every field's Gantt (a chart that fits a page never waits for a table to end),
    then every field's measures."""
    if not view.gantts:
        return ('<section><h2>Zeitplan</h2><p>Keine datierte Maßnahme passt zu den gewählten '
                "Filtern.</p></section>")
    charts = "".join(f"<section><h2>Zeitplan: {_e(gantt.handlungsfeld)}</h2>"
                     f"{_gantt_figures(gantt, months, chosen, found)}</section>"
                     for gantt in view.gantts)
    measures = view.measures.copy()
    measures["Status"] = measures["Status"].where(  # "(überfällig)", "(vermutlich …)"
        measures["Lage"] == "", measures["Status"] + " (" + measures["Lage"] + ")")
    tables = "".join(
        f"<section><h2>Maßnahmen: {_e(gantt.handlungsfeld)}</h2>"
        # every measure of the field: the chart draws the first GANTT_LIMIT, the table all
        + _measure_table(measures[measures["Handlungsfeld"] == gantt.handlungsfeld],
                         ["Maßnahme", "Zeitraum", "Status"], view.comments) + "</section>"
        for gantt in view.gantts)
    return charts + tables


def _undated_section(view: Zeitplan) -> str:
    if view.undated.empty:
        return ""
    table = _measure_table(view.undated.reset_index(), ["Maßnahme", "Hinweis"], view.comments)
    return ('<section><h2>Maßnahmen ohne Termin</h2><p>Der Plan nennt für diese Maßnahmen keinen '
            f"Monat.</p>{table}</section>")


def _status_section(summary: pd.DataFrame, stichtag: date, extra: str = "") -> str:
    numbers = tuple(summary.columns[1:])
    return (f"<section><h2>Stand je Handlungsfeld zum {formats.day(stichtag)}</h2>"
            f"{_table(summary, 'Fällig, überfällig, erledigt', numbers)}"
            "<p>Überfällig: letzter Termin vor dem Stichtag, weder erledigt noch entfallen.</p>"
            f"{extra}</section>")


def _changes_section(found: Vergleich | None) -> str:
    """What changed since the Beschluss: the legend line and each new, removed or moved
    measure with its months then and now, the shift and its Grund."""
    if found is None:
        return ""
    changed = found.table(only_changed=True).drop(columns="Handlungsfeld")
    table = _table(changed) if not changed.empty else (
        "<p>Seit dem Beschluss hat sich kein Termin geändert; keine Maßnahme ist neu oder "
        "entfallen.</p>")
    return (f"<section><h2>Was sich seit dem Beschluss geändert hat</h2><p>{_e(found.legend)}."
            " Verschiebung: Monate, um die das Ende jetzt später (+) oder früher (−) liegt; im "
            "Zeitplan zeigt ein dünner grauer Balken die beschlossenen Monate.</p>"
            f"{table}</section>")


def _termintreue_part(treue: Termintreue | None) -> str:
    if treue is None:
        return ""
    return (f"<h3>Termintreue {_e(treue.baseline.column)}</h3><p>{_e(treue.sentence)}. Gezählt: "
            "Maßnahmen, deren beschlossene Monate bis zum Stichtag endeten; eine Verschiebung "
            f"ändert die Zahl nicht.</p>{_table(treue.table())}")


# the pages' captions point to another page ("Liste auf der Seite Budget"); paper has none
_PAGE_REFERENCE = re.compile(r" \((?:Liste )?auf der Seite [^)]*\)")


def _budget_section(view: BudgetView) -> str:
    totals = view.totals
    caption = _PAGE_REFERENCE.sub(" (Liste unten)" if not view.unknown.empty else "",
                                  totals.caption)
    parts = [f"<section><h2>Budget</h2><p><strong>Summe der genannten {_e(totals.headline_label)}:"
             f"</strong> {_e(totals.headline)}</p><p>{_e(caption)}</p>",
             _table(view.by_field, "Spannen je Handlungsfeld")]
    if not view.unknown.empty:
        parts.append(_table(view.unknown,
                            "Werkzeuge ohne bezifferten Betrag (nicht als 0 € gezählt)"))
    return "".join(parts) + "</section>"


def _indicator_section(view: indicators.Indikatoren) -> str:
    if not len(view):
        return ("<section><h2>Indikatoren</h2><p>Zu den gewählten Filtern nennt der Plan keinen "
                "Indikator.</p></section>")
    counts = view.stand_table()
    parts = [f"<section><h2>Indikatoren zum {formats.day(view.stichtag)}</h2>",
             _table(counts, "Stand je Handlungsfeld", tuple(counts.columns[1:]))]
    for field in view.felder:
        parts.append(_table(field.table(), f"Indikatoren: {field.name}"))
        if field.ohne_ziel:
            parts.append(f"<p>Ohne Zielwert im Plan: {_e('; '.join(field.ohne_ziel))}.</p>")
    return "".join(parts) + f"<p>{_e(indicators.STAND_NOTE)}</p></section>"


CSS = """
@page { size: A4 landscape; margin: 14mm 15mm 16mm 15mm;
  @bottom-left { font: 8pt "DejaVu Sans"; color: #555; }
  @bottom-right { content: "Seite " counter(page) " von " counter(pages);
                  font: 8pt "DejaVu Sans"; color: #555; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; color: #1f1f1f; }
h1 { font-size: 22pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 6mm 0 3mm; break-after: avoid; }
section.title h2 { margin-top: 8mm; }
dl { display: grid; grid-template-columns: 40mm auto; row-gap: 1.5mm; font-size: 11pt; }
dt { font-weight: bold; } dd { margin: 0; }
figure { margin: 0 0 4mm; break-inside: avoid; }
figure img { width: 100%; }
figcaption { font-size: 8pt; color: #555; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; }
caption { text-align: left; font-weight: bold; margin-bottom: 1mm; break-after: avoid; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 1mm 1.5mm; text-align: left;
         vertical-align: top; }
th { background: #eeeeee; }
tr.tool th { background: none; padding-top: 2.5mm; font-size: 9.5pt; }
tr.tool .contacts { font-weight: normal; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
tbody { break-inside: avoid; }  /* a Werkzeug's measures stay under its name */
td.num { text-align: right; }
"""


# a denser setting, taken when it saves the nearly empty last page the normal one leaves
COMPACT = """
html { font-size: 8.5pt; }
h1 { font-size: 18pt; }
dl { font-size: 9.5pt; row-gap: 0.5mm; }
th, td { padding: 0.6mm 1.2mm; }
h2 { margin: 4mm 0 2mm; }
tr.tool th { padding-top: 1.5mm; }
"""
NEARLY_EMPTY = 1 / 3  # of a page's text height


def handout_html(plan: PlanData, chosen: Filters, printed: date, compact: bool = False) -> str:
    """The handout as one HTML document (plan and user text escaped); `compact`: denser."""
    # without a Stichtag, the dashboard's default: today, held within the plan period
    stichtag = chosen.stichtag or plan.default_stichtag(printed)
    chosen = replace(chosen, stichtag=stichtag)
    view = zeitplan(plan, chosen)
    beschluss = baseline_of(plan, BESCHLUSS_KEY)
    found = None if beschluss is None else vergleich(plan, chosen, beschluss)
    treue = None if beschluss is None else termintreue(plan, chosen, beschluss)
    info = plan.info
    stand_line = (f"{info['titel']} · Stand {formats.day(info['stand'])} · Stichtag "
                  f"{formats.day(stichtag)}")
    title = f"Handout: {info['titel']}"
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{_e(title)}</title>
<meta name="author" content="{_e(info['kreis'] or 'Werkstattplan-Dashboard')}">
<meta name="description" content="{_e(describe(chosen))}">
<style>{CSS}{COMPACT if compact else ""}
@page {{ @bottom-left {{ content: {_css_string(stand_line)}; }} }}</style></head><body>
<section class="title"><h1>{_e(info['titel'])}</h1>
<p>Handout für das Arbeitskreistreffen</p>
<dl><dt>Kreis</dt><dd>{_e(info['kreis'] or 'im Plan nicht genannt')}</dd>
<dt>Stand des Plans</dt><dd>{formats.day(info['stand'])}</dd>
<dt>Stichtag</dt><dd>{formats.day(stichtag)}</dd>
<dt>Filter</dt><dd>{_e(describe(chosen))}</dd>
<dt>Gedruckt am</dt><dd>{formats.day(printed)}</dd></dl></section>
{_status_section(stand(plan, chosen), stichtag, _termintreue_part(treue))}
{_field_sections(view, plan.months(), chosen, found)}
{_changes_section(found)}
{_undated_section(view)}
{_budget_section(budget_view(plan, chosen))}
{_indicator_section(indicators.indikatoren(plan, chosen))}
</body></html>"""


def render_pdf(document: str) -> bytes:
    """HTML -> tagged PDF (PDF/UA-1, fonts embedded). WeasyPrint is imported here, so a
    machine without pango still runs the rest of the dashboard."""
    return _layout(document).write_pdf(pdf_variant=PDF_VARIANT)


PDF_VARIANT = "pdf/ua-1"


def _layout(document: str):
    return _weasyprint().HTML(string=document).render(pdf_variant=PDF_VARIANT)


def last_page_fill(laid_out) -> float:
    """How much of the last page's text height a laid-out WeasyPrint document fills (the
    lowest line or image, page header and footer left out)."""
    from weasyprint.formatting_structure import boxes

    page = laid_out.pages[-1]._page_box
    top = page.content_box_y()
    bottoms = [box.position_y + box.margin_height()
               for child in page.children if not isinstance(child, boxes.MarginBox)
               for box in child.descendants()
               if isinstance(box, (boxes.LineBox, boxes.ReplacedBox))]
    return (max(bottoms, default=top) - top) / page.height


def _weasyprint():
    """WeasyPrint, or a HandoutError saying what to install (also a check before offering
    the download)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango or its friends not loadable
        raise HandoutError("Das Handout (PDF) kann auf diesem Rechner nicht erzeugt werden: "
                           "WeasyPrint oder die Bibliothek pango fehlt. Installieren: "
                           f"pip install weasyprint==70.0 und {PANGO_HINT}") from exc
    return weasyprint


def ensure_available() -> None:
    """Raise HandoutError when this machine cannot make the PDF."""
    _weasyprint()


def build_handout(plan: PlanData, chosen: Filters, printed: date | None = None) -> bytes:
    """The PDF handout of the plan for these filters. When its last page would be nearly
    empty, the denser setting is tried and taken if it needs a page less."""
    printed = printed or date.today()
    laid_out = _layout(handout_html(plan, chosen, printed))
    if len(laid_out.pages) > 1 and last_page_fill(laid_out) < NEARLY_EMPTY:
        dense = _layout(handout_html(plan, chosen, printed, compact=True))
        if len(dense.pages) < len(laid_out.pages):
            laid_out = dense
    return laid_out.write_pdf(pdf_variant=PDF_VARIANT)
