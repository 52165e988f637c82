"""The presentation's slides: which slides a filtered plan gives, long Gantts and tables split
into parts that fit one screen (never scrolled), and the slide number from the URL (pure)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from werkstatt import formats
from werkstatt.dates import next_month
from werkstatt.views import indicators
from werkstatt.views.baseline import baseline_of
from werkstatt.views.budget import BudgetView, budget_view
from werkstatt.views.contacts import names_by_werkzeug
from werkstatt.views.filters import Filters
from werkstatt.views.overview import stand
from werkstatt.views.plan_data import PlanData
from werkstatt.views.schedule import massnahme_table, massnahmen_in_monat
from werkstatt.views.status import status_columns
from werkstatt.views.termintreue import Termintreue, termintreue
from werkstatt.views.vergleich import Vergleich, vergleich
from werkstatt.views.zeitplan import Zeitplan, zeitplan
from werkstatt.vocab import BESCHLUSS_KEY, CONTACT_PERSON, LOCAL_CONTACT

TITLE, STATUS, GANTT, UPCOMING, BUDGET, INDICATORS = (
    "titel", "stand", "zeitplan", "anstehend", "budget", "indikatoren")
CHANGES = "aenderungen"
CHANGES_TITLE = "Was sich seit dem Beschluss geändert hat"
CHANGES_EXTRA = 60  # px of that slide's line "seit Beschluss: …" and its two-line header


@dataclass(frozen=True)
class Slide:
    kind: str
    title: str
    handlungsfeld: str | None = None
    massnahme_ids: tuple[int, ...] = ()  # a Gantt part: its measures
    rows: tuple[int, int] = (0, 0)  # a table part: [start, stop) of the table's rows


def gantt_parts(dated: pd.DataFrame, max_rows: int) -> list[pd.DataFrame]:
    """The dated rows in parts of at most `max_rows` chart rows (a measure is one row, each
    Werkzeug starting in a part one header row more), never splitting a measure."""
    parts: list[pd.DataFrame] = []
    current: list[pd.DataFrame] = []
    used, tools_seen = 0, set[int]()
    for _, group in dated.groupby("massnahme_id", sort=False):
        tool = group["werkzeug_id"].iloc[0]
        need = 1 + (tool not in tools_seen)
        if current and used + need > max_rows:
            parts.append(pd.concat(current))
            current, used, tools_seen = [], 0, set()
            need = 2
        tools_seen.add(tool)
        current.append(group)
        used += need
    if current:
        parts.append(pd.concat(current))
    return parts


def rows_that_fit(height: int, row_height: int, overhead: int) -> int:
    """Chart rows that fit `height` pixels when the chart needs `overhead` besides its rows
    (at least 2: a Werkzeug header and one measure)."""
    return max(2, (height - overhead) // row_height)


def _numbered(title: str, index: int, count: int) -> str:
    return title if count == 1 else f"{title} ({index}/{count})"


def text_lines(row: dict[str, object], chars_per_line: dict[str, int]) -> int:
    """Lines a table row wraps onto: its longest cell's characters over its column's width
    (a guess; long measure titles and contact lists make rows three or eight lines tall)."""
    return max([math.ceil(len(str(row[c])) / width) for c, width in chars_per_line.items()]
               + [1])


def table_parts(heights: list[int], budget: int) -> list[tuple[int, int]]:
    """[start, stop) of consecutive rows whose heights fit `budget` (a row taller than the
    budget gets a part of its own); an empty table is one part (the slide says so)."""
    parts, start, used = [], 0, 0
    for index, height in enumerate(heights):
        if index > start and used + height > budget:
            parts.append((start, index))
            start, used = index, 0
        used += height
    parts.append((start, len(heights)))
    return parts


def _table_slides(kind: str, title: str, heights: list[int], budget: int) -> list[Slide]:
    parts = table_parts(heights, budget)
    return [Slide(kind, _numbered(title, i, len(parts)), rows=part)
            for i, part in enumerate(parts, 1)]


def slide_list(dated: pd.DataFrame, upcoming: list[int], indicators: list[int],
               upcoming_title: str, gantt_rows: int, table_height: int,
               changes: list[int] | None = None) -> list[Slide]:
    """Title, status, a Gantt per Handlungsfeld (in parts of `gantt_rows` chart rows), what
    changed since the Beschluss (with `changes`), what is upcoming, budget, indicators; the
    tables in parts of `table_height` (their rows' heights given). `dated`: the filtered
    schedule rows with a Termin, in plan order."""
    slides = [Slide(TITLE, "Titel"), Slide(STATUS, "Stand je Handlungsfeld")]
    for field, group in dated.groupby("handlungsfeld", sort=False):
        parts = gantt_parts(group, gantt_rows)
        slides += [Slide(GANTT, _numbered(str(field), i, len(parts)), str(field),
                         tuple(int(m) for m in dict.fromkeys(part["massnahme_id"])))
                   for i, part in enumerate(parts, 1)]
    if changes is not None:
        slides += _table_slides(CHANGES, CHANGES_TITLE, changes, table_height - CHANGES_EXTRA)
    slides += _table_slides(UPCOMING, upcoming_title, upcoming, table_height)
    slides.append(Slide(BUDGET, "Budget je Handlungsfeld"))
    slides += _table_slides(INDICATORS, "Indikatoren", indicators, table_height)
    return slides


def upcoming_months(chosen: date | None, stichtag: date, last_month: date) -> list[date]:
    """'Was steht an': the chosen month, or the Stichtag's month and the next (within the plan)."""
    if chosen is not None:
        return [chosen]
    first = stichtag.replace(day=1)
    following = next_month(first)
    return [first] + ([following] if following <= last_month else [])


def parse_folie(raw: str | None, count: int) -> tuple[int, str | None]:
    """The 1-based slide number from the URL, and a German notice when it is not one of the
    slides (then slide 1). Only ASCII digits count ('²' is a digit to Python, not to us)."""
    if raw is None:
        return 1, None
    if re.fullmatch(r"[0-9]{1,6}", raw) and 1 <= int(raw) <= count:
        return int(raw), None
    return 1, (f"Die Folie „{raw[:20]}“ aus der Adresse gibt es nicht (diese Präsentation hat "
               f"{count} Folien); Folie 1 wird gezeigt.")


@dataclass(frozen=True)
class Layout:
    """What fits one slide: chart rows per Gantt slide, pixels for a table's rows, and the
    characters per line of each table column (to guess how tall a row wraps)."""
    gantt_rows: int
    table_height: int
    upcoming_columns: tuple[tuple[str, int], ...]
    indicator_columns: tuple[tuple[str, int], ...]
    line_height: int = 30  # px per line of a table row
    row_padding: int = 14
    # characters per line at 1024 px: five columns, the Werkzeug left out (the title says it)
    change_columns: tuple[tuple[str, int], ...] = (
        ("Maßnahme", 22), ("laut Beschluss", 10), ("jetzt", 10),
        ("Verschiebung (Monate)", 6), ("Grund", 20))


@dataclass(frozen=True)
class Deck:
    """The presentation of one filter choice: its slides and what they show. Shared: read it,
    never change it."""
    slides: list[Slide]
    zeitplan: Zeitplan  # the Zeitplan's measures; Gantt slides draw parts of its rows
    stand: pd.DataFrame  # overview.stand
    upcoming: pd.DataFrame  # "Was steht an", the layout's upcoming columns
    indicators: pd.DataFrame  # indicators against targets, the layout's indicator columns
    budget: BudgetView
    vergleich: Vergleich | None = None  # what changed since the Beschluss (its slides)
    changes: pd.DataFrame | None = None  # vergleich's changed measures, the change columns
    termintreue: Termintreue | None = None  # on the status slide


def deck(plan: PlanData, filters: Filters, layout: Layout) -> Deck:
    view = zeitplan(plan, filters)
    months = upcoming_months(filters.monat, filters.stichtag or plan.default_stichtag(),
                             plan.months()[-1])
    upcoming_ids = set().union(*(massnahmen_in_monat(view.rows, m) for m in months))
    persons = names_by_werkzeug(plan.werkzeug_kontakte, (CONTACT_PERSON, LOCAL_CONTACT))
    measures = massnahme_table(view.rows, persons).merge(
        status_columns(view.states), on="massnahme_id", how="left")
    upcoming_columns, indicator_columns = dict(layout.upcoming_columns), dict(
        layout.indicator_columns)
    upcoming = measures[measures["massnahme_id"].isin(upcoming_ids)].rename(
        columns={"Kontakte": "Ansprechpersonen"})[list(upcoming_columns)]
    chosen = indicators.selected(plan.indikatoren, plan.werkzeug_ids(filters),
                                 filters.any_contact)
    indicator_table = indicators.against_targets(chosen, plan.messwerte)[list(indicator_columns)]

    def heights(frame: pd.DataFrame, columns: dict[str, int]) -> list[int]:
        return [layout.line_height * text_lines(row, columns) + layout.row_padding
                for row in frame.to_dict("records")]

    title = "Was steht an: " + " und ".join(formats.month_long(m) for m in months)
    beschluss = baseline_of(plan, BESCHLUSS_KEY)
    found = changes = treue = None
    if beschluss is not None:  # a plan database always has it (store.baseline)
        found = vergleich(plan, filters, beschluss)
        changes = found.table(only_changed=True)[[c for c, _ in layout.change_columns]]
        treue = termintreue(plan, filters, beschluss)
    return Deck(slide_list(view.dated, heights(upcoming, upcoming_columns),
                           heights(indicator_table, indicator_columns), title,
                           layout.gantt_rows, layout.table_height,
                           None if changes is None else heights(
                               changes, dict(layout.change_columns))),
                view, stand(plan, filters), upcoming, indicator_table,
                budget_view(plan, filters), found, changes, treue)
