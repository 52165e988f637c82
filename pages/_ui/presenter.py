"""The presentation's glue: its CSS (from the slide layout), the slide chooser kept in the URL
(`?folien=…`), and slide tables with the layout's column widths."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from werkstatt.outputs import charts
from werkstatt.text import markdown_escape
from werkstatt.views import slides

CHOOSER_PREFIX = "folien-wahl-"
NAVIGATION = 138  # px above a slide's chart besides its legend: navigation bar and title
TABLE_KEYS = {slides.UPCOMING: "upcoming_columns", slides.INDICATORS: "indicator_columns",
              slides.GANTT: "gantt_table_columns", slides.CHANGES: "change_columns"}


def css(layout: slides.Layout) -> str:
    """Static CSS of our own (no plan text): the slide's width, type that grows on large
    screens, the extra shortcut buttons hidden, and the column widths of each table the
    layout counts rows of (so no row wraps onto more lines than counted)."""
    widths = [", ".join(f".st-key-tabelle-{kind} table" for kind in TABLE_KEYS)
              + " { table-layout: fixed; width: 100%; }"]
    for kind, field in TABLE_KEYS.items():
        for index, (_, share) in enumerate(getattr(layout, field), 1):
            widths.append(f".st-key-tabelle-{kind} th:nth-child({index}) "
                          f"{{ width: {share * 100:.1f}%; }}")
    line, table, gantt = layout.line, layout.table_font, layout.gantt_table_font
    half = layout.padding / 2
    return f"""<style>
[data-testid="stMainBlockContainer"] {{ padding: 0.5rem 2rem 0.25rem; max-width: none; }}
/* the header's two icons stay usable, the slide uses the band beside them */
[data-testid="stHeader"], [data-testid="stHeader"] * {{ background: transparent;
  pointer-events: none; }}
[data-testid="stHeader"] button, [data-testid="stHeader"] a {{ pointer-events: auto; }}
.st-key-leiste {{ padding: 0 2rem; }}
[data-testid="stMainBlockContainer"] div:has(> .st-key-praesentation-tasten) {{
  display: none; }}
.st-key-folie {{ gap: 0.5rem; }}
.st-key-folie p, .st-key-folie li, .st-key-folienzaehler p {{ font-size: max(22px, 1.4vw); }}
.st-key-folie h1 {{ font-size: max(2rem, 2.2vw); padding: 0.1rem 0; }}
.st-key-diagramm {{ overflow: hidden !important; }}
.st-key-folie td, .st-key-folie th {{ font-size: {_grows(table)};
  line-height: {line}; padding: {half}px {layout.cell_padding / 2}px !important;
  overflow-wrap: anywhere; }}
.st-key-folie td [data-testid="stMarkdownContainer"] {{ max-width: none; }}
.st-key-folie td p, .st-key-folie th p {{ font-size: inherit; line-height: inherit; }}
.st-key-tabelle-{slides.GANTT} td, .st-key-tabelle-{slides.GANTT} th {{
  font-size: {_grows(gantt)}; }}
{chr(10).join(widths)}
</style>"""


def chart_height(layout: slides.Layout, figure_height: int) -> None:
    """The Gantt's box: as tall as the screen leaves below the title and legend, but at most
    half again its own height (a short chart is not stretched thin). Static numbers only."""
    chrome = NAVIGATION + charts.legend_height(layout.chart_font)
    st.html(f"<style>div:has(> .st-key-diagramm) {{ flex: 0 0 min(calc(100dvh - {chrome}px), "
            f"{round(figure_height * 1.5)}px) !important; }}</style>")


def _grows(font: int) -> str:
    """A table's type: `font` px on the smallest screen (1024 × 720), growing with the screen's
    width and height alike (a row counted to fit stays fitting)."""
    return f"max({font}px, min({font / 10.24:.2f}vw, {font / 7.2:.2f}vh))"


def chosen_sections(deck: slides.Deck) -> tuple[list[str], str | None]:
    """The slide chooser ("Folien auswählen", a checkbox per section, in a popover) and the
    keys it chose, kept in the URL (`?folien=stand&folien=budget`; all chosen: no parameter).
    URL -> checkboxes when the URL brings a new choice; a changed choice starts at slide 1."""
    incoming = st.query_params.get_all("folien")
    chosen, notice = slides.parse_folien(incoming, deck.sections)
    from_url = incoming != st.session_state.get("_written_folien", [])
    for section in deck.sections:
        key = CHOOSER_PREFIX + section.key
        if from_url or key not in st.session_state:
            st.session_state[key] = not chosen or section.key in chosen
    with st.popover("Folien auswählen", icon=":material/checklist:", width="stretch"):
        st.markdown("Welche Folien gezeigt und als PowerPoint-Datei gespeichert werden:")
        for section in deck.sections:
            count = f" ({section.slides} Folien)" if section.slides > 1 else ""
            st.checkbox(markdown_escape(section.label + count), key=CHOOSER_PREFIX + section.key,
                        on_change=_restart)
    ticked = [s.key for s in deck.sections if st.session_state[CHOOSER_PREFIX + s.key]]
    keys = [] if len(ticked) == len(deck.sections) else ticked
    if keys:
        st.query_params["folien"] = keys
    else:
        st.query_params.pop("folien", None)
    st.session_state["_written_folien"] = keys
    return keys, notice


def _restart() -> None:
    st.query_params["folie"] = "1"


def table(frame: pd.DataFrame, kind: str, bold_rows: Sequence[int] = ()) -> None:
    """A slide table with the layout's column widths for `kind`; `bold_rows` in bold (a
    Gantt table's Werkzeug rows). st.table reads cells as Markdown: plan text is escaped
    ("3. Bildungsforum" is no list)."""
    shown = frame.map(lambda v: markdown_escape(v) if isinstance(v, str) else v)
    with st.container(key=f"tabelle-{kind}"):
        data: object = shown
        if bold_rows:
            bold = set(bold_rows)
            data = shown.style.apply(lambda row: ["font-weight: bold" if row.name in bold
                                                  else "" for _ in row], axis=1)
        st.table(data, border="horizontal", hide_index=True)
