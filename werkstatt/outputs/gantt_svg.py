"""The Gantt as a hand-drawn SVG for print (no browser): the same rows, kinds, colours and
German month names as charts.gantt, at a fixed width for an A4 landscape page."""
from __future__ import annotations

import html
from datetime import date, timedelta

import numpy as np
import pandas as pd

from werkstatt import formats
from werkstatt.outputs import charts
from werkstatt.text import printable
from werkstatt.views import gantt_rows
from werkstatt.views.schedule import month_end

WIDTH = 1000  # CSS px: the text width of A4 landscape with 15 mm margins
LABEL_WIDTH = 330
ROW = 14  # px per row: a field of 37 rows fits one page
BAR = ROW - 4
TOP = 40
LEGEND = 50  # px below the rows: two lines of legend
FONT = 11
LABEL_CHARS = 48  # about what fits LABEL_WIDTH at FONT px; the table beside has the full title


def _x(day: np.datetime64, first: np.datetime64, days: int) -> float:
    return LABEL_WIDTH + 10 + (day - first).astype(int) / days * (WIDTH - LABEL_WIDTH - 20)


def _text(x, y, text, anchor="start", weight="normal", color="#31333F", size=FONT) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
            f'fill="{color}" text-anchor="{anchor}">{html.escape(printable(str(text)))}</text>')


def _marker(symbol: str, x: float, y: float, size: float, fill: str, stroke: str,
            width: float) -> str:
    r = size / 2
    if symbol == "diamond":
        points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    elif symbol == "triangle-up":
        points = [(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]
    else:  # star: five points, alternating radii
        angles = np.arange(10) * np.pi / 5 - np.pi / 2
        radii = np.where(np.arange(10) % 2 == 0, r * 1.1, r * 0.45)
        points = list(zip(x + radii * np.cos(angles), y + radii * np.sin(angles), strict=False))
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{path}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'


def _bar(x0, x1, y, fill, stroke, width, hatched) -> str:
    pattern = ('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="' + str(BAR)
               + '" fill="url(#hatch)"/>')
    rect = (f'<rect x="{x0:.1f}" y="{y - BAR / 2:.1f}" width="{max(x1 - x0, 1):.1f}" '
            f'height="{BAR}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>')
    return rect + (pattern.format(x0, y - BAR / 2, max(x1 - x0, 1)) if hatched else "")


def gantt_svg(schedule, months: list[date], stichtag: date | None, title: str = "",
              highlight: date | None = None, baseline=None,
              baseline_label: str = "laut Beschluss") -> str:
    """An <svg> document of the dated rows: a bold row per Werkzeug, then its measures;
    `baseline` (massnahme_id, beginn, ende of a Stand) as thin grey bars under today's."""
    cols = charts.gantt_columns(schedule)
    kinds = charts.gantt_kind_codes(cols)
    categories, _ = charts.gantt_rows(cols, LABEL_CHARS)
    first = np.datetime64(months[0].isoformat())
    end = np.datetime64((month_end(months[-1]) + timedelta(days=1)).isoformat())
    days = int((end - first).astype(int))
    row_of = {c: index for index, c in enumerate(categories)}
    body_height = ROW * len(categories)
    legend_top = TOP + body_height + 16
    ghosts = (baseline if baseline is not None else pd.DataFrame(
        columns=["massnahme_id", "beginn", "ende"]))
    ghosts = ghosts[ghosts["massnahme_id"].isin(set(cols["massnahme_id"]))]
    lift = 2 if len(ghosts) else 0  # today's bar moves up to leave room for a ghost
    height = TOP + body_height + LEGEND + (16 if lift else 0)  # a legend line for the ghosts
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, sans-serif">',
             f"<title>{html.escape(printable(title))}</title>",
             '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="2" height="6" fill="#ffffff" '
             'fill-opacity="0.7"/></pattern></defs>']
    parts += [f'<rect x="0" y="{TOP + ROW * index}" width="{WIDTH}" height="{ROW}" '
              'fill="#f5f5f5"/>' for index in range(0, len(categories), 2)]  # row stripes
    if highlight is not None:
        x0 = _x(np.datetime64(highlight.isoformat()), first, days)
        x1 = _x(np.datetime64((month_end(highlight) + timedelta(days=1)).isoformat()), first,
                days)
        parts.append(f'<rect x="{x0:.1f}" y="{TOP - 4}" width="{x1 - x0:.1f}" '
                     f'height="{body_height + 4}" fill="{charts.HIGHLIGHT}" fill-opacity="0.35"/>')
    # month grid and German short names, the year once per year
    for month, label in zip(months, charts.month_ticks(months, highlight), strict=False):
        x0 = _x(np.datetime64(month.isoformat()), first, days)
        x1 = _x(np.datetime64((month_end(month) + timedelta(days=1)).isoformat()), first, days)
        parts.append(f'<line x1="{x0:.1f}" y1="{TOP - 4}" x2="{x0:.1f}" '
                     f'y2="{TOP + body_height}" stroke="#dddddd" stroke-width="0.6"/>')
        name, *year = label.replace("<b>", "").replace("</b>", "").split("<br>")
        bold = "bold" if "<b>" in label else "normal"
        parts.append(_text((x0 + x1) / 2, TOP - 22, name, "middle", bold))
        if year:
            parts.append(_text((x0 + x1) / 2, TOP - 9, year[0], "middle", size=FONT - 2))
    # row labels: a Werkzeug header in bold, its measures below
    labels = _row_labels(cols)
    for category, index in row_of.items():
        y = TOP + ROW * index + ROW / 2
        header = category.startswith("w")
        parts.append(_text(LABEL_WIDTH, y + 4, labels[category], "end",
                           "bold" if header else "normal"))
    if lift:
        for mid, begin, last in zip(ghosts["massnahme_id"],
                                    ghosts["beginn"].to_numpy(dtype="datetime64[D]"),
                                    ghosts["ende"].to_numpy(dtype="datetime64[D]"), strict=True):
            y = TOP + ROW * row_of[f"m{mid}"] + ROW / 2
            x0, x1 = _x(begin, first, days), _x(last + 1, first, days)
            parts.append(f'<rect x="{x0:.1f}" y="{y + 3.5:.1f}" width="{max(x1 - x0, 1):.1f}" '
                         f'height="3" fill="{charts.GHOST}"/>')
    # the Termine
    colors = [charts.STATUS_COLORS.get(s, charts.BLUE) for s in cols["status"]]
    for i, kind in enumerate(kinds):
        style = charts.GANTT_KINDS[charts.KIND_NAMES[kind]]
        y = TOP + ROW * row_of[f"m{cols['massnahme_id'][i]}"] + ROW / 2 - lift
        overdue = bool(cols["ueberfaellig"][i])
        stroke, width = (charts.OVERDUE_LINE, 2.2) if overdue else ("#1f1f1f", 0.5)
        begin, last = cols["beginn"][i], cols["ende"][i]
        if style["bar"]:
            parts.append(_bar(_x(begin, first, days), _x(last + 1, first, days), y, colors[i],
                              stroke, width, bool(style["pattern"])))
        else:
            x = _x(begin + (last - begin) // 2, first, days)
            parts.append(_marker(style["symbol"], x, y, 11, colors[i], stroke, max(width, 1)))
            label = cols["bezeichnung"][i]
            if isinstance(label, str) and label:
                late = x > (LABEL_WIDTH + WIDTH) / 2
                parts.append(_text(x - 9 if late else x + 9, y + 4, label,
                                   "end" if late else "start"))
    if stichtag is not None:
        x = _x(np.datetime64(stichtag.isoformat()), first, days)
        late = x > (LABEL_WIDTH + WIDTH) / 2
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{TOP + body_height}" '
                     f'stroke="{charts.OVERDUE_LINE}" stroke-width="1.5" stroke-dasharray="5,3"/>')
        parts.append(f'<rect x="{x - 132 if late else x + 3:.1f}" y="{TOP - 3}" width="129" '
                     f'height="14" fill="#ffffff" fill-opacity="0.9"/>')
        parts.append(_text(x - 4 if late else x + 4, TOP + 8, f"Stichtag {formats.day(stichtag)}",
                           "end" if late else "start", color=charts.OVERDUE_LINE, size=FONT - 1))
    parts.append(_legend(cols, kinds, legend_top))
    if lift:
        parts.append(f'<rect x="0" y="{legend_top + 38}" width="22" height="4" '
                     f'fill="{charts.GHOST}"/>')
        parts.append(_text(27, legend_top + 44, f"Monate {baseline_label} (nur wo sie "
                                                "abweichen)"))
    parts.append("</svg>")
    return "".join(parts)


def rows(schedule) -> list[gantt_rows.Row]:
    """The drawn rows of the dated schedule rows, one line each (ROW px)."""
    return gantt_rows.rows(schedule["werkzeug_id"], schedule["werkzeug"],
                           schedule["massnahme_id"], schedule["massnahme"], LABEL_CHARS, 1)


def _row_labels(cols: dict) -> dict[str, str]:
    labels: dict[str, str] = {}
    for tool_id, tool, mid, measure in zip(cols["werkzeug_id"], cols["werkzeug"],
                                           cols["massnahme_id"], cols["massnahme"], strict=False):
        labels.setdefault(f"w{tool_id}", charts.shorten(tool, LABEL_CHARS - 6))
        labels.setdefault(f"m{mid}", charts.shorten(measure, LABEL_CHARS))
    return labels


def _legend(cols: dict, kinds: np.ndarray, top: float) -> str:
    """One swatch per kind drawn, per status present, and for überfällig."""
    parts, x = [_text(0, top + 4, "Art:", weight="bold")], 40.0
    for index in sorted(set(kinds.tolist())):
        name = charts.KIND_NAMES[index]
        style = charts.GANTT_KINDS[name]
        if style["bar"]:
            parts.append(_bar(x, x + 22, top, charts.GREY, "#1f1f1f", 0.5, bool(style["pattern"])))
        else:
            parts.append(_marker(style["symbol"], x + 11, top, 11, charts.GREY, "#1f1f1f", 1))
        parts.append(_text(x + 27, top + 4, name))
        x += 27 + 6.6 * len(name) + 16
    parts.append(_text(0, top + 26, "Status:", weight="bold"))
    x = 52.0
    present = set(cols["status"])
    for name in [s for s in charts.STATUS_COLORS if s in present]:
        parts.append(f'<rect x="{x:.1f}" y="{top + 16}" width="12" height="12" '
                     f'fill="{charts.STATUS_COLORS[name]}"/>')
        parts.append(_text(x + 17, top + 26, name))
        x += 17 + 6.6 * len(name) + 16
    if cols["ueberfaellig"].any():
        parts.append(f'<rect x="{x:.1f}" y="{top + 16}" width="12" height="12" fill="none" '
                     f'stroke="{charts.OVERDUE_LINE}" stroke-width="2.2"/>')
        parts.append(_text(x + 17, top + 26, "überfällig"))
    return "".join(parts)
