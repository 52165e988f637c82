"""Plotly figure builders: data in, figure out (no Streamlit, no database)."""
from __future__ import annotations

import html
import textwrap
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from werkstatt import formats, vocab
from werkstatt.dates import month_end

# Colour-blind safe (Okabe-Ito); every kind also differs in shape or pattern.
BLUE, AMBER, GREEN, GREY, VERMILION = "#0072B2", "#F3C15F", "#009E73", "#6b6b6b", "#D55E00"
STATUS_COLORS = {vocab.OPEN: BLUE, vocab.IN_PROGRESS: "#E69F00", vocab.DONE: GREEN,
                 vocab.POSTPONED: "#CC79A7", vocab.DROPPED: "#8c8c8c"}
OVERDUE_LINE = "#b00020"
FONT = dict(family="Source Sans Pro, sans-serif", size=13, color="#31333F")
_DAY_MS = 24 * 3600 * 1000


def _esc(text) -> str:
    return html.escape(str(text)) if text is not None and text == text else ""


def _short(text: str, width: int) -> str:
    return textwrap.shorten(str(text), width=width, placeholder=" …")


def month_axis(months: list[date]) -> dict:
    """German month ticks (plotly's own locale stays English, see DESIGN.md)."""
    return dict(type="date", tickvals=[m.isoformat() for m in months],
                ticktext=[formats.month(m).replace(" ", "<br>") for m in months], tickangle=0,
                range=[months[0].isoformat(),
                       (month_end(months[-1]) + timedelta(days=1)).isoformat()],
                showgrid=True, gridcolor="#e6e6e6")


GANTT_KINDS = {  # legend name -> drawing; the kind is told by shape or hatching, the status
    # by colour (and in hover and table), an overdue measure by a red outline
    "Zeitraum": dict(bar=True, pattern=""),
    "Zeitraum, Ende ungefähr": dict(bar=True, pattern="/"),
    "Meilenstein (Monat)": dict(bar=False, symbol="diamond"),
    "Meilenstein (Tag)": dict(bar=False, symbol="star"),
    "Beschriftete Markierung": dict(bar=False, symbol="triangle-up"),
}


def _legend_entry(kind: str, style: dict) -> dict:
    """A data-less trace that explains a shape in the legend, in neutral grey."""
    common = dict(x=[None], y=[None], name=kind, legendgroup="art",
                  legendgrouptitle=dict(text="Art"), hoverinfo="skip")
    if style["bar"]:
        return dict(type="bar", orientation="h", marker=dict(
            color=GREY, pattern=dict(shape=style["pattern"], fgcolor="#ffffff")), **common)
    return dict(type="scatter", mode="markers", marker=dict(symbol=style["symbol"], size=13,
                                                            color=GREY), **common)


def gantt_kind(rows: pd.DataFrame) -> pd.Series:
    labelled = rows["bezeichnung"].notna() & (rows["bezeichnung"].astype(str) != "")
    kind = pd.Series("Meilenstein (Monat)", index=rows.index)
    kind[rows["beginn"] == rows["ende"]] = "Meilenstein (Tag)"
    kind[labelled] = "Beschriftete Markierung"
    span = rows["art"] == vocab.SPAN
    kind[span] = "Zeitraum"
    kind[span & rows["ungefaehr"].astype(bool)] = "Zeitraum, Ende ungefähr"
    return kind


def gantt(schedule: pd.DataFrame, months: list[date], stichtag: date | None,
          title: str = "", label_width: int = 48) -> go.Figure:
    """Gantt of dated schedule rows, grouped by Werkzeug (a bold header row per Werkzeug).

    Spans are bars, approximate spans hatched and said 'ungefähr', single months and exact
    days are markers, labelled marks carry their label. customdata[0] = massnahme_id.
    """
    dated = schedule[schedule["termin_id"].notna()].copy()
    categories, labels, current_tool = [], [], None
    measures = dated.drop_duplicates("massnahme_id")
    for tool_id, tool, mid, measure in zip(measures["werkzeug_id"], measures["werkzeug"],
                                           measures["massnahme_id"], measures["massnahme"],
                                           strict=True):
        if tool_id != current_tool:  # rows come in plan order: a header row per Werkzeug
            categories.append(f"w{tool_id}")
            labels.append(f"<b>{_esc(_short(tool, label_width))}</b>")
            current_tool = tool_id
        categories.append(f"m{mid}")
        labels.append(_esc(_short(measure, label_width)))

    dated["kind"] = gantt_kind(dated)
    dated["y"] = "m" + dated["massnahme_id"].astype(str)
    when = pd.Series([formats.span(b.date(), e.date()) for b, e in
                      zip(dated["beginn"], dated["ende"], strict=True)], index=dated.index)
    hover = ("<b>" + dated["massnahme"].map(_esc) + "</b><br>" + dated["werkzeug"].map(_esc)
             + "<br>Termin: " + when)
    label = dated["bezeichnung"].map(_esc)
    hover = hover.where(label == "", hover + "<br>Markierung: „" + label + "“")
    hover = hover.where(~dated["ungefaehr"].astype(bool),
                        hover + "<br>ungefähr: Länge des Balkens in der Vorlage verloren"
                        "<br>Vorlage: " + dated["rohmarke"].map(_esc))
    dated["hover"] = hover

    status = dated["status"] if "status" in dated else pd.Series(vocab.OPEN, index=dated.index)
    overdue = (dated["ueberfaellig"] if "ueberfaellig" in dated
               else pd.Series(False, index=dated.index)).astype(bool)
    dated["color"] = status.map(STATUS_COLORS).fillna(BLUE)
    dated["line"] = overdue.map({True: OVERDUE_LINE, False: "#1f1f1f"})
    dated["width"] = overdue.map({True: 3, False: 0.5})
    dated["hover"] = dated["hover"] + "<br>Status: " + status.map(_esc) + overdue.map(
        {True: " (überfällig)", False: ""})

    traces = []
    for kind, style in GANTT_KINDS.items():
        rows = dated[dated["kind"] == kind]
        if rows.empty:
            continue
        common = dict(name=kind, y=rows["y"].tolist(), showlegend=False,
                      customdata=rows[["massnahme_id"]].values.tolist(),
                      hovertext=rows["hover"].tolist(), hovertemplate="%{hovertext}<extra></extra>")
        if style["bar"]:
            traces.append(dict(
                type="bar", orientation="h", base=rows["beginn"].dt.strftime("%Y-%m-%d").tolist(),
                x=(((rows["ende"] - rows["beginn"]).dt.days + 1) * _DAY_MS).tolist(),
                marker=dict(color=rows["color"].tolist(), pattern=dict(
                    shape=style["pattern"], fgcolor="#ffffff", solidity=0.3),
                    line=dict(color=rows["line"].tolist(), width=rows["width"].tolist())),
                **common))
        else:
            middle = rows["beginn"] + (rows["ende"] - rows["beginn"]) / 2
            traces.append(dict(
                type="scatter",
                mode="markers+text" if kind == "Beschriftete Markierung" else "markers",
                x=middle.dt.strftime("%Y-%m-%d").tolist(), text=label[rows.index].tolist(),
                textposition="middle right",
                marker=dict(symbol=style["symbol"], size=13, color=rows["color"].tolist(),
                            line=dict(color=rows["line"].tolist(),
                                      width=[max(1, w) for w in rows["width"]])), **common))
        traces.append(_legend_entry(kind, style))
    for name in [s for s in STATUS_COLORS if s in set(status)]:
        traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name,
                           legendgroup="status", legendgrouptitle=dict(text="Status"),
                           marker=dict(symbol="square", size=13, color=STATUS_COLORS[name])))
    if overdue.any():
        traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", name="überfällig",
                           legendgroup="status", marker=dict(symbol="square-open", size=13,
                                                             color=OVERDUE_LINE,
                                                             line=dict(width=3))))

    layout = dict(
        title=dict(text=_esc(title), x=0, font=dict(size=16)), barmode="overlay",
        height=max(260, 26 * len(categories) + 230), margin=dict(l=10, r=20, t=60, b=130),
        legend=dict(orientation="h", yref="container", y=0, x=0, yanchor="bottom",
                    groupclick="toggleitem"),
        font=FONT,
        plot_bgcolor="#ffffff", hoverlabel=dict(align="left"),
        xaxis=month_axis(months),
        yaxis=dict(type="category", categoryorder="array", categoryarray=categories[::-1],
                   tickvals=categories, ticktext=labels, autorange=False,
                   range=[-0.5, len(categories) - 0.5], automargin=True),
    )
    if stichtag is not None:
        layout["shapes"] = [dict(type="line", x0=stichtag.isoformat(), x1=stichtag.isoformat(),
                                 y0=0, y1=1, yref="paper",
                                 line=dict(color="#b00020", width=2, dash="dash"))]
        layout["annotations"] = [dict(
            x=stichtag.isoformat(), y=1, yref="paper", yanchor="bottom",
            xanchor="right" if stichtag.month > 6 else "left", showarrow=False,
            text=f"Stichtag {formats.day(stichtag)}", font=dict(color="#b00020", size=12))]
    # Built from plain dicts in one go: plotly's per-call validation (update_layout,
    # add_trace) cost more than the whole rest of the page at a large plan.
    return go.Figure(data=traces, layout=layout)


def budget_ranges(items: pd.DataFrame, limit: int = 40) -> go.Figure:
    """Stated amounts per Werkzeug as ranges: a bar to the minimum, a hatched part up to the
    maximum (e.g. 1.000–3.000 €). Items without an amount are not drawn (the table lists them)."""
    stated = items[items["betrag_max"].notna()].copy()
    if len(stated) > limit:  # a readable chart: the largest amounts, the table has all
        stated = stated.nlargest(limit, "betrag_max", keep="first")
    stated["low"] = stated["betrag_min"].fillna(0)
    fig = go.Figure()
    names = [f"{_esc(_short(w, 40))} ({p if isinstance(p, str) else 'ohne Angabe'})"
             for w, p in zip(stated["werkzeug"], stated["periode"], strict=True)]
    texts = [("ca. " if approx else "") + formats.euro_range(lo, hi) for lo, hi, approx in
             zip(stated["betrag_min"], stated["betrag_max"], stated["ungefaehr"], strict=True)]
    fig.add_trace(go.Bar(name="genannter Betrag (Minimum)", orientation="h", y=names,
                         x=stated["low"], marker_color=BLUE, hovertext=texts,
                         hovertemplate="%{y}<br>%{hovertext}<extra></extra>"))
    fig.add_trace(go.Bar(name="Spanne bis zum Maximum", orientation="h", y=names,
                         x=stated["betrag_max"] - stated["low"], marker=dict(
                             color=AMBER, pattern=dict(shape="/", fgcolor="#7a4d00",
                                                           bgcolor=AMBER, solidity=0.25)),
                         text=texts, textposition="outside", cliponaxis=False, hovertext=texts,
                         hovertemplate="%{y}<br>%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="stack", font=FONT, height=max(220, 40 * len(names) + 120),
                      margin=dict(l=10, r=190, t=30, b=40), plot_bgcolor="#ffffff",
                      separators=",.", legend=dict(orientation="h", y=-0.15, x=0),
                      xaxis=dict(title="Euro", tickformat=",.0f", ticksuffix=" €",
                                 gridcolor="#e6e6e6"),
                      yaxis=dict(autorange="reversed", automargin=True))
    return fig


def indicator_values(values: pd.DataFrame, name: str, target: float | None,
                     baseline: float | None, unit: str | None) -> go.Figure:
    """Measured values over time against the plan's target and baseline (dashed lines)."""
    fig = go.Figure(go.Scatter(
        x=values["stichtag"], y=values["wert"], mode="lines+markers", name="Messwert",
        marker=dict(size=10, symbol="circle", color=BLUE),
        hovertemplate="%{x|%d.%m.%Y}: %{y:,.2f}<extra></extra>"))
    for value, label, color, dash in ((target, "Ziel", GREEN, "dash"),
                                      (baseline, "Basis", GREY, "dot")):
        if value is not None and value == value:
            fig.add_hline(y=value, line=dict(color=color, dash=dash),
                          annotation_text=f"{label}: {formats.number(value)}",
                          annotation_position="top left")
    fig.update_layout(title=dict(text=_esc(name), x=0), font=FONT, height=320,
                      separators=",.", plot_bgcolor="#ffffff",
                      margin=dict(l=10, r=20, t=50, b=40),
                      yaxis=dict(title=_esc(unit or ""), gridcolor="#e6e6e6"),
                      xaxis=dict(tickformat="%d.%m.%Y", gridcolor="#e6e6e6"))
    return fig
