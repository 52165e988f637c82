"""The rows of a Gantt: a header row per Werkzeug, then its measures in plan order; each label
wrapped onto lines and each row as tall as its label. One definition for the charts that draw
the rows (werkstatt.outputs.charts, gantt_svg) and the slides that decide what fits (pure)."""
from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

LINE = 1.2  # a label line, in font sizes
GAP = 0.5  # between two rows' labels, in font sizes: room to read a page's chart
DENSE_GAP = 0.15  # on a slide, where every row counts
BAR = 0.9  # a bar's thickness, in font sizes


@dataclass(frozen=True)
class Row:
    key: str  # "w<werkzeug_id>" (a header row) or "m<massnahme_id>"
    lines: tuple[str, ...]  # the label, wrapped
    header: bool
    werkzeug_id: int
    massnahme_id: int | None = None


def wrap(text: object, width: int, max_lines: int | None = None) -> tuple[str, ...]:
    """`text` on lines of at most `width` characters; with `max_lines`, the rest cut with
    ' …' on the last line (None: never cut, as many lines as it takes)."""
    lines = textwrap.wrap(str(text), width=width) or [""]
    if max_lines is not None and len(lines) > max_lines:
        rest = textwrap.shorten(" ".join(lines[max_lines - 1:]), width=width, placeholder=" …")
        lines = lines[:max_lines - 1] + [rest]
    return tuple(lines)


def rows(werkzeug_ids: Iterable, werkzeuge: Iterable, massnahme_ids: Iterable,
         massnahmen: Iterable, width: int, max_lines: int | None = 2) -> list[Row]:
    """The rows of the dated schedule rows given column by column (a measure with several
    Termine is one row; a Werkzeug gets a header row where its measures start)."""
    found: list[Row] = []
    current_tool, seen = None, set()
    for tool_id, tool, mid, measure in zip(werkzeug_ids, werkzeuge, massnahme_ids, massnahmen,
                                           strict=True):
        if mid in seen:
            continue
        seen.add(mid)
        if tool_id != current_tool:
            found.append(Row(f"w{tool_id}", wrap(tool, width, max_lines), True, int(tool_id)))
            current_tool = tool_id
        found.append(Row(f"m{mid}", wrap(measure, width, max_lines), False, int(tool_id),
                         int(mid)))
    return found


def row_height(lines: int, font_size: float, gap: float = GAP) -> float:
    """Pixels of a row whose label has `lines` lines and `gap` font sizes to the next."""
    return (LINE * max(1, lines) + gap) * font_size
