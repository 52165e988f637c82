"""Plotly figure builders: data in, figure out (no Streamlit, no database)."""
from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from werkstatt import formats, vocab
from werkstatt.dates import month_end, next_month
from werkstatt.views import gantt_rows as gantt_rows_view
from werkstatt.views.budget import item_amounts
from werkstatt.views.indicators import ChartData

# Colour-blind safe (Okabe-Ito); every kind also differs in shape or pattern.
BLUE, AMBER, GREEN, GREY, VERMILION = "#0072B2", "#F3C15F", "#009E73", "#6b6b6b", "#D55E00"
STATUS_COLORS = {vocab.OPEN: BLUE, vocab.IN_PROGRESS: "#E69F00", vocab.DONE: GREEN,
                 vocab.POSTPONED: "#CC79A7", vocab.DROPPED: "#8c8c8c"}
OVERDUE_LINE = "#b00020"
HIGHLIGHT = "#F3C15F"
FONT_SIZE = 13
# Streamlit's own font first (narrower than DejaVu, so twelve month names fit)
FONT = dict(family="Source Sans, Source Sans Pro, DejaVu Sans, sans-serif", size=FONT_SIZE,
            color="#31333F")
SHORT_MONTHS = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
_DAY_MS = 24 * 3600 * 1000

# One config for every st.plotly_chart: plotly's modebar speaks English (its German locale
# is not loaded by Streamlit), so it is off; the pages offer German SVG/PNG downloads instead.
PLOTLY_CONFIG = {"displaylogo": False, "displayModeBar": False, "scrollZoom": False,
                 "showTips": False}
def _esc(text) -> str:
    """Plan text for plotly's pseudo-HTML: '<' and '&' neutralised, quotes left alone
    (plotly shows '&quot;' literally, it knows only a few entities)."""
    return html.escape(str(text), quote=False) if text is not None and text == text else ""


def shorten(text: str, width: int) -> str:
    return textwrap.shorten(str(text), width=width, placeholder=" …")


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain dicts without plotly's per-property validation, which took 80 % of
    a Gantt's time (st.plotly_chart does not validate a Figure again). The chart tests
    validate every builder's output, so a misspelt property still fails there."""
    return go.Figure(data=traces, layout=layout, _validate=False)


def month_ticks(months: list[date], highlight: date | None = None) -> list[str]:
    """'Jan', 'Feb' …; the year under the first month and under each January, so it is
    said once per year; the highlighted month in bold."""
    texts = []
    for index, month in enumerate(months):
        text = SHORT_MONTHS[month.month - 1]
        if highlight is not None and (month.year, month.month) == (highlight.year,
                                                                   highlight.month):
            text = f"<b>{text}</b>"
        if index == 0 or month.month == 1:
            text += f"<br>{month.year}"
        texts.append(text)
    return texts


def month_axis(months: list[date], highlight: date | None = None,
               font_size: int = FONT_SIZE) -> dict:
    """German month ticks (config locale "de" alone still shows English months), one per month,
    the label in the middle of its month."""
    middles = [(m + timedelta(days=14)).isoformat() for m in months]
    return dict(type="date", tickvals=middles, ticktext=month_ticks(months, highlight),
                tickangle=0, ticks="", showgrid=False, tickfont=dict(size=font_size),
                range=[months[0].isoformat(),
                       (month_end(months[-1]) + timedelta(days=1)).isoformat()],
                fixedrange=True)


# How a Termin is drawn (legend names): the kind is told by shape or hatching, the status by
# colour (and in hover and table), an overdue measure by a red outline
SPAN, APPROXIMATE_SPAN, MONTH_MILESTONE, DAY_MILESTONE, LABELLED = (
    "Zeitraum", "Zeitraum, Ende ungefähr", "Meilenstein (Monat)", "Meilenstein (Tag)",
    "Beschriftete Markierung")
GANTT_KINDS: dict[str, dict] = {
    SPAN: dict(bar=True, pattern=""),
    APPROXIMATE_SPAN: dict(bar=True, pattern="/"),
    MONTH_MILESTONE: dict(bar=False, symbol="diamond"),
    DAY_MILESTONE: dict(bar=False, symbol="star"),
    LABELLED: dict(bar=False, symbol="triangle-up"),
}
KIND_NAMES = list(GANTT_KINDS)
KIND_CODE = {name: code for code, name in enumerate(KIND_NAMES)}


def _column(rows: pd.DataFrame, name: str, default) -> np.ndarray:
    return rows[name].to_numpy() if name in rows else np.full(len(rows), default, dtype=object)


def gantt_columns(schedule: pd.DataFrame) -> dict[str, np.ndarray]:
    """Step 1: the dated rows as plain arrays (pandas is slow per operation on few rows)."""
    dated = schedule[schedule["termin_id"].notna()]
    cols = {name: dated[name].to_numpy() for name in (
        "massnahme_id", "werkzeug_id", "werkzeug", "massnahme", "art", "bezeichnung",
        "rohmarke")}
    cols["beginn"] = dated["beginn"].to_numpy(dtype="datetime64[D]")
    cols["ende"] = dated["ende"].to_numpy(dtype="datetime64[D]")
    cols["ungefaehr"] = dated["ungefaehr"].to_numpy(dtype=bool)
    cols["status"] = np.where(pd.isna(s := _column(dated, "status", vocab.OPEN)), vocab.OPEN, s)
    cols["ueberfaellig"] = _column(dated, "ueberfaellig", False).astype(bool)
    return cols


def gantt_kind_codes(cols: dict) -> np.ndarray:
    """Step 2: the drawing kind of each row, as an index into GANTT_KINDS."""
    label = np.array([isinstance(b, str) and b != "" for b in cols["bezeichnung"]], dtype=bool)
    span = cols["art"] == vocab.SPAN
    return np.select([span & cols["ungefaehr"], span, label, cols["beginn"] == cols["ende"]],
                     [KIND_CODE[APPROXIMATE_SPAN], KIND_CODE[SPAN], KIND_CODE[LABELLED],
                      KIND_CODE[DAY_MILESTONE]], default=KIND_CODE[MONTH_MILESTONE])


def gantt_rows(cols: dict, label_width: int,
               label_lines: int | None = 2) -> tuple[list[str], list[str]]:
    """Step 3: the rows (views.gantt_rows): their keys and labels, a Werkzeug's header in bold."""
    found = _rows(cols, label_width, label_lines)
    return [row.key for row in found], [_label(row) for row in found]


def _rows(cols: dict, label_width: int, label_lines: int | None) -> list[gantt_rows_view.Row]:
    return gantt_rows_view.rows(cols["werkzeug_id"], cols["werkzeug"], cols["massnahme_id"],
                                cols["massnahme"], label_width, label_lines)


def _label(row: gantt_rows_view.Row) -> str:
    text = "<br>".join(_esc(line) for line in row.lines)
    return f"<b>{text}</b>" if row.header else text


def _gantt_hover(cols: dict) -> list[str]:
    """Step 4: hover text per row, the same facts as the table."""
    texts = []
    for measure, tool, b, e, label, approx, raw, state, overdue in zip(
            cols["massnahme"], cols["werkzeug"], cols["beginn"].tolist(), cols["ende"].tolist(),
            cols["bezeichnung"], cols["ungefaehr"], cols["rohmarke"], cols["status"],
            cols["ueberfaellig"], strict=False):
        text = f"<b>{_esc(measure)}</b><br>{_esc(tool)}<br>Termin: {formats.span(b, e)}"
        if isinstance(label, str) and label:
            text += f"<br>Markierung: „{_esc(label)}“"
        if approx:
            text += ("<br>ungefähr: Länge des Balkens in der Vorlage verloren"
                     f"<br>Vorlage: {_esc(raw)}")
        texts.append(text + f"<br>Status: {_esc(state)}" + (" (überfällig)" if overdue else ""))
    return texts


def _legend_entry(kind: str, style: dict, anchor: float, start: str, bar_width: float,
                  grouped: bool) -> dict:
    """A trace that only explains a shape in the legend, in neutral grey. Bars get a real,
    zero-length point: plotly draws no legend swatch for a bar trace without data."""
    common = dict(name=kind, hoverinfo="skip", **_group("art", "Art", grouped))
    if style["bar"]:
        return dict(type="bar", orientation="h", y=[anchor], x=[0], base=[start],
                    width=bar_width, marker=dict(color=GREY, line=dict(width=0), pattern=dict(
                        shape=style["pattern"], fgcolor="#ffffff", bgcolor=GREY,
                        fillmode="replace", solidity=0.3)), **common)
    return dict(type="scatter", mode="markers", x=[None], y=[None],
                marker=dict(symbol=style["symbol"], size=13, color=GREY), **common)


def _group(key: str, title: str, grouped: bool) -> dict:
    """Legend entries in titled groups (Art, Status), or one flowing row (slides: the legend
    must stay as short as its margin)."""
    return dict(legendgroup=key, legendgrouptitle=dict(text=title)) if grouped else {}


def _gantt_traces(cols: dict, kinds: np.ndarray, hover: list[str], centre: dict[str, float],
                  bar_width: float, start: str, end_of_plan: str, font_size: int,
                  grouped: bool = True) -> list[dict]:
    """Step 5: one trace per kind (data), one legend entry per kind, status and overdue keys."""
    colors = np.array([STATUS_COLORS.get(s, BLUE) for s in cols["status"]], dtype=object)
    overdue = cols["ueberfaellig"]
    lines = np.where(overdue, OVERDUE_LINE, "#1f1f1f")
    widths = np.where(overdue, 3, 0.5)
    hovers = np.array(hover, dtype=object)
    y = np.array([centre[f"m{m}"] for m in cols["massnahme_id"]], dtype=float)
    anchor = min(centre.values(), default=0.0)
    traces = []
    for index, (kind, style) in enumerate(GANTT_KINDS.items()):
        pick = kinds == index
        if not pick.any():
            continue
        begin, end = cols["beginn"][pick], cols["ende"][pick]
        common = dict(name=kind, y=y[pick].tolist(), showlegend=False,
                      customdata=[[int(m)] for m in cols["massnahme_id"][pick]],
                      hovertext=hovers[pick].tolist(), hovertemplate="%{hovertext}<extra></extra>")
        if style["bar"]:
            traces.append(dict(
                type="bar", orientation="h", base=np.datetime_as_string(begin).tolist(),
                x=(((end - begin).astype(int) + 1) * _DAY_MS).tolist(), width=bar_width,
                marker=dict(color=colors[pick].tolist(), pattern=dict(
                    shape=style["pattern"], fgcolor="#ffffff", solidity=0.3),
                    line=dict(color=lines[pick].tolist(), width=widths[pick].tolist())),
                **common))
        else:
            middle = begin + (end - begin) // 2
            labelled = kind == "Beschriftete Markierung"
            # a label in the right half goes left of its mark, so it stays inside the chart
            first, last = np.datetime64(start), np.datetime64(end_of_plan)
            late = middle > first + (last - first) // 2
            traces.append(dict(
                type="scatter", mode="markers+text" if labelled else "markers",
                x=np.datetime_as_string(middle).tolist(),
                text=[_esc(b) for b in cols["bezeichnung"][pick]] if labelled else None,
                textposition=np.where(late, "middle left", "middle right").tolist(),
                textfont=dict(size=font_size),
                cliponaxis=False,
                marker=dict(symbol=style["symbol"], size=font_size, color=colors[pick].tolist(),
                            line=dict(color=lines[pick].tolist(),
                                      width=np.maximum(widths[pick], 1).tolist())), **common))
        traces.append(_legend_entry(kind, style, anchor, start, bar_width, grouped))
    present = set(cols["status"])
    for name in [s for s in STATUS_COLORS if s in present]:
        traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name,
                           hoverinfo="skip", **_group("status", "Status", grouped),
                           marker=dict(symbol="square", size=13, color=STATUS_COLORS[name])))
    if overdue.any():
        traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", name="überfällig",
                           hoverinfo="skip", **({"legendgroup": "status"} if grouped else {}),
                           marker=dict(symbol="square-open", size=13, color=OVERDUE_LINE,
                                       line=dict(width=3))))
    return traces


def _stichtag_marks(stichtag: date, months: list[date], font_size: int) -> tuple[dict, dict]:
    """The Stichtag as a dashed line with its label inside the plot, on the side with room."""
    first, last = months[0], month_end(months[-1]) + timedelta(days=1)
    share = (stichtag - first).days / max(1, (last - first).days)
    line = dict(type="line", x0=stichtag.isoformat(), x1=stichtag.isoformat(), y0=0, y1=1,
                yref="paper", line=dict(color=OVERDUE_LINE, width=2, dash="dash"))
    label = dict(x=stichtag.isoformat(), y=1, yref="paper", yanchor="top",
                 xanchor="right" if share > 0.5 else "left", xshift=-4 if share > 0.5 else 4,
                 showarrow=False, bgcolor="rgba(255,255,255,0.85)",
                 text=f"Stichtag {formats.day(stichtag)}",
                 font=dict(color=OVERDUE_LINE, size=font_size))
    return line, label


def _month_band(month: date) -> dict:
    """The chosen month as a shaded band behind the bars."""
    return dict(type="rect", name="gewählter Monat", x0=month.isoformat(),
                x1=(month_end(month) + timedelta(days=1)).isoformat(), y0=0, y1=1,
                yref="paper", fillcolor=HIGHLIGHT, opacity=0.3, line=dict(width=0),
                layer="below")


@dataclass(frozen=True)
class SlideStyle:
    """A Gantt drawn for a slide: dense rows, names never cut, a left margin computed from the
    labels, and one legend flowing across the whole width above the plot. Plotly wraps a
    legend at the plot's width (beside long labels: entry by entry) unless it starts left of
    the plot, which takes the figure's width in pixels; without it (a page whose chart
    stretches) the legend is a figure of its own (legend_figure)."""
    char_width: float  # a label character's width, in font sizes (bold and wide ones included)
    width: int | None = None  # px of the figure, or None: no legend in it


IN_BROWSER = SlideStyle(0.48)  # Source Sans (0.44 on average)
IN_IMAGE = SlideStyle(0.6)  # kaleido draws with DejaVu Sans (0.53 on average)
LEGEND_ROWS = 2


def gantt_margins(font_size: int, title: bool = True,
                  slide: SlideStyle | None = None) -> dict[str, int]:
    """A Gantt's margins: room for a title above, the month ticks (two lines) below, and the
    legend: grouped below (up to two lines), or on a slide across the top."""
    top = 30 + 2 * font_size if title else 12
    if slide is None:
        return dict(l=10, r=20, t=top, b=5 * font_size + 30)
    legend = legend_height(font_size) if slide.width else 0
    return dict(l=10, r=20, t=top + legend, b=round(2.6 * font_size) + 12)


def legend_height(font_size: int) -> int:
    """Px of a slide Gantt's legend: LEGEND_ROWS lines."""
    return round(LEGEND_ROWS * 1.6 * font_size) + 8


def _legend(font_size: int, slide: SlideStyle | None, margin: dict) -> dict:
    common = dict(orientation="h", groupclick="toggleitem", font=dict(size=font_size))
    if slide is None:
        return dict(yref="container", y=0, x=0, yanchor="bottom", **common)
    plot = (slide.width or 1) - margin["l"] - margin["r"]
    return dict(y=1.0001, yanchor="bottom", x=(12 - margin["l"]) / max(plot, 1),
                xanchor="left", **common)


def legend_figure(gantt_figure: go.Figure, font_size: int) -> go.Figure:
    """A slide Gantt's legend as a figure of its own, flowing across the page's width."""
    entries = [dict(trace.to_plotly_json(), showlegend=True) for trace in gantt_figure.data
               if trace.showlegend is not False]
    return _figure(entries, dict(
        height=legend_height(font_size), margin=dict(l=0, r=0, t=4, b=0),
        legend=dict(orientation="h", x=0, y=1, yanchor="top", font=dict(size=font_size),
                    itemclick=False, itemdoubleclick=False,
                    maxheight=legend_height(font_size)),
        xaxis=dict(visible=False, fixedrange=True), yaxis=dict(visible=False, fixedrange=True),
        font={**FONT, "size": font_size}, plot_bgcolor="#ffffff"))


GHOST = "#9e9e9e"  # the baseline's months under today's bar
# A row with a ghost splits its bar's height: today's bar above, the ghost below (y grows down)
TODAY_SHARE, GHOST_SHARE = 0.7, 0.25


def _with_ghosts(traces: list[dict], baseline: pd.DataFrame, centre: dict[str, float],
                 bar_width: float, label: str) -> list[dict]:
    """Thin grey bars of the baseline's Termine (massnahme_id, beginn, ende) under today's
    bars of the measures drawn, which move up to leave them room; one legend entry `label`
    ('laut Beschluss'). Rows keep their height."""
    rows = baseline[baseline["massnahme_id"].map(lambda m: f"m{m}" in centre)]
    if rows.empty:
        return traces
    ghosted = set(rows["massnahme_id"])
    for trace in traces:  # today's bars of those measures: the upper part of the bar's room
        if trace["type"] != "bar" or trace.get("showlegend") is not False:
            continue
        moved = [data[0] in ghosted for data in trace["customdata"]]
        trace["y"] = [y - (1 - TODAY_SHARE) * bar_width / 2 if m else y
                      for y, m in zip(trace["y"], moved, strict=True)]
        trace["width"] = [bar_width * (TODAY_SHARE if m else 1) for m in moved]
    begin = rows["beginn"].to_numpy(dtype="datetime64[D]")
    end = rows["ende"].to_numpy(dtype="datetime64[D]")
    texts = [f"{_esc(label)}: {formats.span(b, e)}" for b, e in
             zip(begin.tolist(), end.tolist(), strict=True)]
    ghost = dict(type="bar", orientation="h", name=label, legendgroup="vergleich",
                 legendgrouptitle=dict(text="Vergleich"),
                 y=[centre[f"m{m}"] + (1 - GHOST_SHARE) * bar_width / 2
                    for m in rows["massnahme_id"]], width=GHOST_SHARE * bar_width,
                 base=np.datetime_as_string(begin).tolist(),
                 x=(((end - begin).astype(int) + 1) * _DAY_MS).tolist(),
                 marker=dict(color=GHOST, line=dict(width=0)), hovertext=texts,
                 hovertemplate="%{hovertext}<extra></extra>")
    return [ghost, *traces]


def gantt(schedule: pd.DataFrame, months: list[date], stichtag: date | None,
          title: str = "", label_width: int = 28, highlight: date | None = None,
          font_size: int = FONT_SIZE, label_lines: int | None = 2,
          slide: SlideStyle | None = None, baseline: pd.DataFrame | None = None,
          baseline_label: str = "laut Beschluss") -> go.Figure:
    """Gantt of dated schedule rows, grouped by Werkzeug (a bold header row per Werkzeug).

    Spans are bars, approximate spans hatched and said 'ungefähr', single months and exact
    days are markers, labelled marks carry their label. customdata[0] = massnahme_id.
    Labels wrap onto lines of `label_width` characters, at most `label_lines` (None: never
    cut), and each row is as tall as its label (views.gantt_rows); `highlight` shades a
    month; `font_size` sets tick, bar and legend labels; `slide` draws it for a slide.
    `baseline`: Termine of a Stand (massnahme_id, beginn, ende) drawn as thin grey bars under
    today's, for the measures whose months differ (views.vergleich gives just those).
    """
    cols = gantt_columns(schedule)
    kinds = gantt_kind_codes(cols)
    found = _rows(cols, label_width, label_lines)
    gap = gantt_rows_view.GAP if slide is None else gantt_rows_view.DENSE_GAP
    # y in pixels of the rows: the plot is exactly as tall as its rows
    heights = np.array([gantt_rows_view.row_height(len(r.lines), font_size, gap)
                        for r in found])
    centres = np.cumsum(heights) - heights / 2
    total = float(heights.sum())
    centre = {row.key: float(c) for row, c in zip(found, centres, strict=True)}
    start = months[0].isoformat()
    bar_width = gantt_rows_view.BAR * font_size
    traces = _gantt_traces(cols, kinds, _gantt_hover(cols), centre, bar_width, start,
                           month_end(months[-1]).isoformat(), font_size, slide is None)
    if baseline is not None:
        traces = _with_ghosts(traces, baseline, centre, bar_width, baseline_label)
    shapes, annotations = [], []
    if highlight is not None:
        shapes.append(_month_band(highlight))
    if stichtag is not None:
        line, label = _stichtag_marks(stichtag, months, font_size)
        shapes.append(line)
        annotations.append(label)
    margin = gantt_margins(font_size, bool(title), slide)
    if slide is not None:  # the labels' width, as plotly's automargin would (see SlideStyle)
        longest = max((len(line) * (1.08 if row.header else 1.0) for row in found
                       for line in row.lines), default=0)
        margin.update(l=round(longest * slide.char_width * font_size) + 16, autoexpand=False)
    layout = dict(
        title=dict(text=_esc(title), x=0, xanchor="left", pad=dict(l=12),
                   font=dict(size=font_size + 4)), barmode="overlay",
        showlegend=slide is None or slide.width is not None,
        height=max(260, round(total) + margin["t"] + margin["b"]), margin=margin,
        legend=_legend(font_size, slide, margin),
        font={**FONT, "size": font_size}, plot_bgcolor="#ffffff",
        hoverlabel=dict(align="left", font=dict(size=font_size)),
        xaxis=month_axis(months, highlight, font_size), shapes=shapes, annotations=annotations,
        yaxis=dict(type="linear", tickvals=centres.tolist(), ticktext=[_label(r) for r in found],
                   autorange=False, fixedrange=True, range=[max(total, 1.0), 0], zeroline=False,
                   automargin=slide is None, ticklabelstandoff=6, tickfont=dict(size=font_size),
                   gridcolor="#eeeeee", showgrid=True),
    )
    return _figure(traces, layout)


def euro_ticks(high: float, count: int = 4) -> tuple[list[float], list[str]]:
    """Round amounts from 0 to at least `high`, said in German ('50.000 €'): plotly's own
    currency ticks collapse to '€ € €' at narrow widths."""
    if not high or high != high or high <= 0:
        return [0.0], ["0 €"]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)
    values = [step * i for i in range(math.ceil(high / step) + 1)]
    return values, [f"{formats.number(v, 0)} €" for v in values]


def budget_ranges(items: pd.DataFrame, limit: int = 40, font_size: int = FONT_SIZE,
                  label_width: int | None = None, title: str = "") -> go.Figure:
    """Stated amounts per Werkzeug as ranges: a bar to the minimum, a hatched part up to the
    maximum (e.g. 1.000–3.000 €). Items without an amount are not drawn (the table lists them).
    Names are cut to 32 characters, or with `label_width` wrapped onto lines and never cut."""
    stated = items[items["betrag_max"].notna()]
    if len(stated) > limit:  # a readable chart: the largest amounts, the table has all
        stated = stated.nlargest(limit, "betrag_max", keep="first")
    low = stated["betrag_min"].fillna(0).to_numpy(dtype=float)
    high = stated["betrag_max"].to_numpy(dtype=float)
    names = [("<br>".join(_esc(line) for line in gantt_rows_view.wrap(w, label_width))
              if label_width else _esc(shorten(w, 32)))
             + f"<br>({p if isinstance(p, str) else 'ohne Angabe'})"
             for w, p in zip(stated["werkzeug"], stated["periode"], strict=False)]
    lines = max((name.count("<br>") + 1 for name in names), default=2)
    texts = item_amounts(stated)  # as the Budget table writes them ("ca. 800.000 €")
    # three ticks fit beside 30-character labels at 1024 px with the sidebar open
    tickvals, ticktext = euro_ticks(float(high.max()) if len(high) else 0.0, count=3)
    hover = "%{y}<br>%{hovertext}<extra></extra>"
    traces = [
        dict(type="bar", name="genannter Betrag (Minimum)", orientation="h", y=names,
             x=low.tolist(), marker=dict(color=BLUE), hovertext=texts, hovertemplate=hover),
        dict(type="bar", name="Spanne bis zum Maximum", orientation="h", y=names,
             x=(high - low).tolist(), marker=dict(color=AMBER, pattern=dict(
                 shape="/", fgcolor="#7a4d00", bgcolor=AMBER, solidity=0.25)),
             text=texts, textposition="outside", cliponaxis=False, hovertext=texts,
             hovertemplate=hover, textfont=dict(size=font_size)),
    ]
    layout = dict(barmode="stack", font={**FONT, "size": font_size},
                  title=dict(text=_esc(title), x=0, xanchor="left", pad=dict(l=12),
                             font=dict(size=font_size + 4)),
                  height=max(220, round(font_size * (1.6 * lines)) * len(names) + 120),
                  margin=dict(l=10, r=12 * font_size, t=30 + (2 * font_size if title else 0),
                              b=4 * font_size + 40),
                  plot_bgcolor="#ffffff",
                  separators=",.", legend=dict(orientation="h", yref="container", y=0, x=0,
                                               yanchor="bottom", font=dict(size=font_size)),
                  xaxis=dict(title=dict(text="Euro"), tickvals=tickvals, ticktext=ticktext,
                             range=[0, tickvals[-1] * 1.02], gridcolor="#e6e6e6", tickangle=0,
                             fixedrange=True, tickfont=dict(size=font_size)),
                  yaxis=dict(autorange="reversed", automargin=True, fixedrange=True,
                             tickfont=dict(size=font_size)))
    return _figure(traces, layout)


def sparse_month_axis(first: date, last: date, font_size: int = FONT_SIZE,
                      most: int = 12) -> dict:
    """A month axis from `first` to `last` with at most `most` German ticks (every n-th
    month; the year under the first tick and wherever it changes)."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = next_month(current)
    axis = month_axis(months, font_size=font_size)
    step = math.ceil(len(months) / most)
    shown = months[::step]
    texts = [SHORT_MONTHS[m.month - 1] + (f"<br>{m.year}" if i == 0 or m.year != shown[i - 1].year
                                          else "") for i, m in enumerate(shown)]
    return axis | dict(tickvals=axis["tickvals"][::step], ticktext=texts)


def indicator_chart(chart: ChartData, font_size: int = FONT_SIZE) -> go.Figure:
    """An indicator over time: its values, the Basis point, the target point, the expected
    line from Basis to target (so "ahead" or "behind" is visible) and the Stichtag as a line.
    Every kind differs in shape or dash, not only in colour; the page's table beside the chart
    holds the same points (werkstatt.views.indicators)."""
    def xs(points) -> list[str]:
        return [p.day.isoformat() for p in points]

    def ys(points) -> list[float]:
        return [p.value for p in points]

    # markers at the axis' ends (a target on 31.12.) are drawn whole
    hover = "%{x|%d.%m.%Y}: %{y:,.2f}<extra>%{fullData.name}</extra>"
    traces: list[dict] = []
    if chart.basis is not None and chart.target is not None:
        line = [chart.basis, chart.target]
        traces.append(dict(type="scatter", mode="lines", name="erwarteter Verlauf",
                           x=xs(line), y=ys(line), hovertemplate=hover,
                           line=dict(color=GREY, dash="dash", width=2)))
    values = [p for p in chart.values if p != chart.basis]
    if values:
        traces.append(dict(type="scatter", mode="lines+markers", name="Messwert", x=xs(values),
                           y=ys(values), hovertemplate=hover, line=dict(color=BLUE, width=2),
                           cliponaxis=False,
                           marker=dict(symbol="circle", size=font_size - 1, color=BLUE)))
    if chart.basis is not None:
        traces.append(dict(type="scatter", mode="markers", name="Basis", x=xs([chart.basis]),
                           y=ys([chart.basis]), hovertemplate=hover, cliponaxis=False,
                           marker=dict(symbol="square", size=font_size, color="#1f1f1f")))
    if chart.target is not None:
        traces.append(dict(type="scatter", mode="markers", name="Ziel", x=xs([chart.target]),
                           y=ys([chart.target]), hovertemplate=hover, cliponaxis=False,
                           marker=dict(symbol="star", size=font_size + 5, color=GREEN,
                                       line=dict(color="#1f1f1f", width=1))))
    if chart.later:
        traces.append(dict(type="scatter", mode="markers", name="nach dem Stichtag (zählt nicht)",
                           x=xs(chart.later), y=ys(chart.later), hovertemplate=hover,
                           cliponaxis=False, marker=dict(symbol="circle-open", color=GREY,
                                                         size=font_size - 1, line=dict(width=2))))
    days = [p.day for p in (*chart.values, *chart.later, chart.basis, chart.target) if p]
    first, last = min(days + [chart.stichtag]), max(days + [chart.stichtag])
    axis = sparse_month_axis(first, last, font_size)
    months = [first.replace(day=1), last.replace(day=1)]
    line_shape, label = _stichtag_marks(chart.stichtag, months, font_size)
    layout = dict(font={**FONT, "size": font_size}, height=300 + 2 * font_size,
                  separators=",.", plot_bgcolor="#ffffff", shapes=[line_shape],
                  annotations=[label], margin=dict(l=10, r=20, t=20, b=3 * font_size + 50),
                  legend=dict(orientation="h", yref="container", y=0, x=0, yanchor="bottom",
                              font=dict(size=font_size)),
                  hoverlabel=dict(font=dict(size=font_size)),
                  yaxis=dict(title=dict(text=_esc(chart.einheit or "")), gridcolor="#e6e6e6",
                             tickfont=dict(size=font_size), fixedrange=True, rangemode="tozero"),
                  xaxis=axis)
    return _figure(traces, layout)
