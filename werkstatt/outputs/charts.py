"""Plotly figure builders: data in, figure out (no Streamlit, no database)."""
from __future__ import annotations

import html
import math
import textwrap
from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from werkstatt import formats, vocab
from werkstatt.dates import month_end

# Colour-blind safe (Okabe-Ito); every kind also differs in shape or pattern.
BLUE, AMBER, GREEN, GREY, VERMILION = "#0072B2", "#F3C15F", "#009E73", "#6b6b6b", "#D55E00"
STATUS_COLORS = {vocab.OPEN: BLUE, vocab.IN_PROGRESS: "#E69F00", vocab.DONE: GREEN,
                 vocab.POSTPONED: "#CC79A7", vocab.DROPPED: "#8c8c8c"}
OVERDUE_LINE = "#b00020"
HIGHLIGHT = "#F3C15F"
FONT_SIZE = 13
PROJECTOR_FONT_SIZE = 18
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


def _wrapped(text: str, width: int, lines: int = 2) -> str:
    """Up to `lines` lines of `width` characters, the rest cut with ' …'."""
    parts = textwrap.wrap(str(text), width=width) or [""]
    if len(parts) > lines:
        parts = parts[:lines - 1] + [shorten(" ".join(parts[lines - 1:]), width)]
    return "<br>".join(_esc(part) for part in parts)


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


def gantt_rows(cols: dict, label_width: int) -> tuple[list[str], list[str]]:
    """Step 3: the y categories: a bold header row per Werkzeug, then its measures (plan order)."""
    categories, labels, current_tool, seen = [], [], None, set()
    for tool_id, tool, mid, measure in zip(cols["werkzeug_id"], cols["werkzeug"],
                                           cols["massnahme_id"], cols["massnahme"], strict=False):
        if mid in seen:
            continue
        seen.add(mid)
        if tool_id != current_tool:
            categories.append(f"w{tool_id}")
            labels.append(f"<b>{_wrapped(tool, label_width)}</b>")
            current_tool = tool_id
        categories.append(f"m{mid}")
        labels.append(_wrapped(measure, label_width))
    return categories, labels


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


def _legend_entry(kind: str, style: dict, anchor: str, start: str) -> dict:
    """A trace that only explains a shape in the legend, in neutral grey. Bars get a real,
    zero-length point: plotly draws no legend swatch for a bar trace without data."""
    common = dict(name=kind, legendgroup="art", legendgrouptitle=dict(text="Art"),
                  hoverinfo="skip")
    if style["bar"]:
        return dict(type="bar", orientation="h", y=[anchor], x=[0], base=[start],
                    marker=dict(color=GREY, line=dict(width=0), pattern=dict(
                        shape=style["pattern"], fgcolor="#ffffff", bgcolor=GREY,
                        fillmode="replace", solidity=0.3)), **common)
    return dict(type="scatter", mode="markers", x=[None], y=[None],
                marker=dict(symbol=style["symbol"], size=13, color=GREY), **common)


def _gantt_traces(cols: dict, kinds: np.ndarray, hover: list[str], anchor: str,
                  start: str, end_of_plan: str, font_size: int) -> list[dict]:
    """Step 5: one trace per kind (data), one legend entry per kind, status and overdue keys."""
    colors = np.array([STATUS_COLORS.get(s, BLUE) for s in cols["status"]], dtype=object)
    overdue = cols["ueberfaellig"]
    lines = np.where(overdue, OVERDUE_LINE, "#1f1f1f")
    widths = np.where(overdue, 3, 0.5)
    hovers = np.array(hover, dtype=object)
    y = np.array([f"m{m}" for m in cols["massnahme_id"]], dtype=object)
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
                x=(((end - begin).astype(int) + 1) * _DAY_MS).tolist(),
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
        traces.append(_legend_entry(kind, style, anchor, start))
    present = set(cols["status"])
    for name in [s for s in STATUS_COLORS if s in present]:
        traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name,
                           legendgroup="status", legendgrouptitle=dict(text="Status"),
                           hoverinfo="skip",
                           marker=dict(symbol="square", size=13, color=STATUS_COLORS[name])))
    if overdue.any():
        traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", name="überfällig",
                           legendgroup="status", hoverinfo="skip",
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


def gantt_row_height(font_size: int) -> int:
    """Pixels per Gantt row: room for a label of two lines."""
    return round(font_size * 2.7)


GHOST = "#9e9e9e"  # the baseline's months under today's bar
GHOST_BAR = dict(width=0.2, offset=-0.45)  # the lower fifth of a row (categories count upward)
BAR_ABOVE_GHOST = dict(width=0.6, offset=-0.2)  # today's bar, moved up to leave room


def ghost_traces(baseline: pd.DataFrame, shown: set, label: str) -> list[dict]:
    """Thin grey bars of the baseline's Termine (massnahme_id, beginn, ende) of the measures
    drawn (`shown`), one legend entry `label` ('laut Beschluss')."""
    rows = baseline[baseline["massnahme_id"].isin(shown)]
    if rows.empty:
        return []
    begin = rows["beginn"].to_numpy(dtype="datetime64[D]")
    end = rows["ende"].to_numpy(dtype="datetime64[D]")
    texts = [f"{_esc(label)}: {formats.span(b, e)}" for b, e in
             zip(begin.tolist(), end.tolist(), strict=True)]
    return [dict(type="bar", orientation="h", name=label, legendgroup="vergleich",
                 legendgrouptitle=dict(text="Vergleich"),
                 y=[f"m{m}" for m in rows["massnahme_id"]],
                 base=np.datetime_as_string(begin).tolist(),
                 x=(((end - begin).astype(int) + 1) * _DAY_MS).tolist(),
                 marker=dict(color=GHOST, line=dict(width=0)), hovertext=texts,
                 hovertemplate="%{hovertext}<extra></extra>", **GHOST_BAR)]


def gantt(schedule: pd.DataFrame, months: list[date], stichtag: date | None,
          title: str = "", label_width: int = 28, highlight: date | None = None,
          font_size: int = FONT_SIZE, baseline: pd.DataFrame | None = None,
          baseline_label: str = "laut Beschluss") -> go.Figure:
    """Gantt of dated schedule rows, grouped by Werkzeug (a bold header row per Werkzeug).

    Spans are bars, approximate spans hatched and said 'ungefähr', single months and exact
    days are markers, labelled marks carry their label. customdata[0] = massnahme_id.
    Labels wrap onto two lines of `label_width` characters; `highlight` shades a month;
    `font_size` sets tick, bar and legend labels (projector: PROJECTOR_FONT_SIZE).
    `baseline`: Termine of a Stand (massnahme_id, beginn, ende) drawn as thin grey bars under
    today's, for the measures whose months differ (views.vergleich gives just those).
    """
    cols = gantt_columns(schedule)
    kinds = gantt_kind_codes(cols)
    categories, labels = gantt_rows(cols, label_width)
    start = months[0].isoformat()
    traces = _gantt_traces(cols, kinds, _gantt_hover(cols), categories[0] if categories
                           else "", start, month_end(months[-1]).isoformat(), font_size)
    ghosts = [] if baseline is None else ghost_traces(baseline, set(cols["massnahme_id"]),
                                                      baseline_label)
    if ghosts:
        for trace in traces:
            if trace["type"] == "bar" and trace.get("showlegend") is False:
                trace.update(BAR_ABOVE_GHOST)
        traces = ghosts + traces
    row_height = gantt_row_height(font_size)
    shapes, annotations = [], []
    if highlight is not None:
        shapes.append(_month_band(highlight))
    if stichtag is not None:
        line, label = _stichtag_marks(stichtag, months, font_size)
        shapes.append(line)
        annotations.append(label)
    layout = dict(
        title=dict(text=_esc(title), x=0, font=dict(size=font_size + 4)), barmode="overlay",
        height=max(260, row_height * len(categories) + 11 * font_size + 100),
        margin=dict(l=10, r=20, t=30 + 2 * font_size, b=5 * font_size + 40),  # b: the legend
        legend=dict(orientation="h", yref="container", y=0, x=0, yanchor="bottom",
                    groupclick="toggleitem", font=dict(size=font_size)),
        font={**FONT, "size": font_size}, plot_bgcolor="#ffffff",
        hoverlabel=dict(align="left", font=dict(size=font_size)),
        xaxis=month_axis(months, highlight, font_size), shapes=shapes, annotations=annotations,
        yaxis=dict(type="category", categoryorder="array", categoryarray=categories[::-1],
                   tickvals=categories, ticktext=labels, autorange=False, fixedrange=True,
                   range=[-0.5, len(categories) - 0.5], automargin=True, ticklabelstandoff=6,
                   tickfont=dict(size=font_size),
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


def budget_ranges(items: pd.DataFrame, limit: int = 40, font_size: int = FONT_SIZE) -> go.Figure:
    """Stated amounts per Werkzeug as ranges: a bar to the minimum, a hatched part up to the
    maximum (e.g. 1.000–3.000 €). Items without an amount are not drawn (the table lists them)."""
    stated = items[items["betrag_max"].notna()]
    if len(stated) > limit:  # a readable chart: the largest amounts, the table has all
        stated = stated.nlargest(limit, "betrag_max", keep="first")
    low = stated["betrag_min"].fillna(0).to_numpy(dtype=float)
    high = stated["betrag_max"].to_numpy(dtype=float)
    names = [f"{_esc(shorten(w, 32))}<br>({p if isinstance(p, str) else 'ohne Angabe'})"
             for w, p in zip(stated["werkzeug"], stated["periode"], strict=False)]
    texts = [("ca. " if approx else "") + formats.euro_range(lo, hi) for lo, hi, approx in
             zip(stated["betrag_min"], stated["betrag_max"], stated["ungefaehr"], strict=False)]
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
                  height=max(220, round(font_size * 3.2) * len(names) + 120),
                  margin=dict(l=10, r=12 * font_size, t=30, b=4 * font_size + 40),
                  plot_bgcolor="#ffffff",
                  separators=",.", legend=dict(orientation="h", yref="container", y=0, x=0,
                                               yanchor="bottom"),
                  xaxis=dict(title=dict(text="Euro"), tickvals=tickvals, ticktext=ticktext,
                             range=[0, tickvals[-1] * 1.02], gridcolor="#e6e6e6", tickangle=0,
                             fixedrange=True),
                  yaxis=dict(autorange="reversed", automargin=True, fixedrange=True))
    return _figure(traces, layout)


def indicator_values(values: pd.DataFrame, name: str, target: float | None,
                     baseline: float | None, unit: str | None, target_day=None,
                     font_size: int = FONT_SIZE) -> go.Figure:
    """Measured values over time against the plan's target and baseline (dashed lines).
    Each measured day is a German tick (one value: one tick); the axis reaches the target date."""
    days = sorted({pd.Timestamp(d).normalize() for d in values["stichtag"]})
    ends = days + ([pd.Timestamp(target_day).normalize()] if pd.notna(target_day) else [])
    pad = pd.Timedelta(days=max(15, (max(ends) - min(ends)).days // 12))
    ticks = days if len(days) <= 8 else days[::math.ceil(len(days) / 8)]
    if pd.notna(target_day) and pd.Timestamp(target_day).normalize() not in ticks:
        ticks = ticks + [pd.Timestamp(target_day).normalize()]
    traces = [dict(type="scatter", x=[d.isoformat() for d in pd.to_datetime(values["stichtag"])],
                   y=values["wert"].astype(float).tolist(), mode="lines+markers", name="Messwert",
                   marker=dict(size=10, symbol="circle", color=BLUE),
                   hovertemplate="%{x|%d.%m.%Y}: %{y:,.2f}<extra></extra>")]
    shapes, annotations = [], []
    for value, label, color, dash in ((target, "Ziel", GREEN, "dash"),
                                      (baseline, "Basis", GREY, "dot")):
        if value is not None and value == value:
            shapes.append(dict(type="line", xref="paper", x0=0, x1=1, y0=value, y1=value,
                               line=dict(color=color, dash=dash)))
            annotations.append(dict(xref="paper", x=0, y=value, yanchor="bottom",
                                    xanchor="left", showarrow=False,
                                    text=f"{label}: {formats.number(value)}",
                                    font=dict(color=color, size=font_size)))
    layout = dict(title=dict(text=_esc(name), x=0), font={**FONT, "size": font_size}, height=320,
                  separators=",.", plot_bgcolor="#ffffff", margin=dict(l=10, r=20, t=50, b=40),
                  shapes=shapes, annotations=annotations, showlegend=False,
                  yaxis=dict(title=dict(text=_esc(unit or "")), gridcolor="#e6e6e6"),
                  xaxis=dict(type="date", tickvals=[d.isoformat() for d in ticks],
                             ticktext=[formats.day(d.date()) for d in ticks],
                             range=[(min(ends) - pad).isoformat(), (max(ends) + pad).isoformat()],
                             gridcolor="#e6e6e6"))
    return _figure(traces, layout)
