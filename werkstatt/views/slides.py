"""The presentation's slides (pure): which slides a filtered plan gives, Gantts and tables in as
few parts as fit one screen (never scrolled) and spread evenly over them, the sections a
presenter may choose, and the slide number from the URL. The page and the PowerPoint file
(werkstatt.outputs.pptx) render the same Deck."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from werkstatt import formats
from werkstatt.dates import next_month
from werkstatt.text import ascii_slug
from werkstatt.views import gantt_rows
from werkstatt.views import indicators as indicator_views
from werkstatt.views.baseline import baseline_of
from werkstatt.views.budget import BudgetView, budget_view
from werkstatt.views.contacts import names_by_werkzeug
from werkstatt.views.filters import Filters, describe
from werkstatt.views.overview import stand
from werkstatt.views.plan_data import PlanData
from werkstatt.views.schedule import massnahme_table, massnahmen_in_monat
from werkstatt.views.status import OVERDUE, status_columns
from werkstatt.views.termintreue import Termintreue, termintreue
from werkstatt.views.vergleich import Vergleich, vergleich
from werkstatt.views.zeitplan import Zeitplan, zeitplan
from werkstatt.vocab import (
    BESCHLUSS_KEY,
    CONTACT_PERSON,
    CROSS_CUTTING,
    LOCAL_CONTACT,
    STAND_SYMBOLS,
)

TITLE, STATUS, GANTT, UPCOMING, BUDGET, INDICATORS = (
    "titel", "stand", "zeitplan", "anstehend", "budget", "indikatoren")
GANTT_TABLE = "Werkzeug / Maßnahme"  # first column of a Gantt slide's table
INDICATOR_COUNTS_HEIGHT = 50  # px above an indicator table: the field's counts per Stand
CHANGES = "aenderungen"
CHANGES_TITLE = "Was sich seit dem Beschluss geändert hat"
CHANGES_EXTRA = 60  # px of that slide's line "seit Beschluss: …" and its two-line header
NO_CHANGE = ("Seit dem Beschluss hat sich kein Termin geändert; keine Maßnahme ist neu oder "
             "entfallen.")


@dataclass(frozen=True)
class Slide:
    kind: str
    title: str
    section: str  # the key of its section (slide chooser, URL)
    handlungsfeld: str | None = None
    massnahme_ids: tuple[int, ...] = ()  # a Gantt part: its measures
    rows: tuple[int, int] = (0, 0)  # a table part: [start, stop) of the table's rows


@dataclass(frozen=True)
class Section:
    """Slides a presenter chooses together: a Gantt of one field in all its parts, …"""
    key: str  # ASCII, for the URL: "stand", "zeitplan-teilhabe-in-dithmarschen", …
    label: str
    slides: int


# --- what fits a slide ----------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """The smallest screen the presentation is made for: 1024 px wide (a projector's 1024×768)
    and 720 px tall (1280×720). Larger screens show the same slides with more room. Tables
    have fixed column shares (the page's CSS sets them from here), so a row's lines can be
    counted from its text."""
    width: int  # px of a slide's content
    chart_height: int  # px for a Gantt's rows (its month axis and legend apart)
    chart_font: int  # px of the Gantt's labels, ticks and legend
    label_share: float  # of the chart's width for the row labels
    table_height: int  # px for a table's rows (its header row apart)
    table_font: int  # px of the table slides' text (Was steht an, Indikatoren)
    gantt_table_font: int  # px of "Tabelle zeigen" on a Gantt slide (as many rows as the chart)
    upcoming_columns: tuple[tuple[str, float], ...]  # column, share of the width
    indicator_columns: tuple[tuple[str, float], ...]
    gantt_table_columns: tuple[tuple[str, float], ...]
    change_columns: tuple[tuple[str, float], ...] = (  # the Werkzeug left out: titles say it
        ("Maßnahme", 0.3), ("laut Beschluss", 0.17), ("jetzt", 0.17),
        ("Verschiebung (Monate)", 0.12), ("Grund", 0.24))
    line: float = 1.25  # a table's line height, in font sizes
    padding: int = 6  # px above and below a table row's text together
    char_width: float = 0.46  # a character's mean width, in font sizes (Source Sans: 0.44)
    cell_padding: int = 16  # px left and right of a cell's text together

    def chars(self, share: float, font: int) -> int:
        """Characters per line of a column taking `share` of the width."""
        return max(4, int((share * self.width - self.cell_padding) / (font * self.char_width)))

    @property
    def label_chars(self) -> int:
        return self.chars(self.label_share, self.chart_font)

    def row_height(self, row: dict, columns: Sequence[tuple[str, float]], font: int) -> float:
        """Pixels of a table row: its tallest cell's lines."""
        lines = max(len(gantt_rows.wrap(row[name], self.chars(share, font)))
                    for name, share in columns)
        return lines * self.line * font + self.padding


PROJECTOR = Layout(
    width=960, chart_height=455, chart_font=16, label_share=0.55, table_height=555,
    table_font=20, gantt_table_font=16, line=1.25, padding=6,
    upcoming_columns=(("Werkzeug", 0.18), ("Maßnahme", 0.3), ("Zeitraum", 0.17),
                      ("Status", 0.12), ("Ansprechpersonen", 0.23)),
    indicator_columns=(("Indikator", 0.33), ("Stand", 0.2), ("Fortschritt", 0.11),
                       ("letzter Wert", 0.14), ("Basis", 0.11), ("Ziel", 0.11)),
    gantt_table_columns=((GANTT_TABLE, 0.56), ("Zeitraum", 0.25), ("Status", 0.19)))


# --- parts that fit ---------------------------------------------------------------------------
def _greedy(costs: Sequence[tuple[float, ...]], fits: Callable[[tuple[float, ...]], bool],
            starts: Callable[[int, int], tuple[float, ...]]) -> list[int]:
    """Indexes where parts start: item i joins the current part while the part's summed costs
    `fits`; `starts(i, first)` is what item i costs in a part beginning at `first` (a
    Werkzeug's header row comes again in a new part)."""
    begins, total = [0], starts(0, 0)
    for index in range(1, len(costs)):
        grown = tuple(a + b for a, b in zip(total, starts(index, begins[-1]), strict=True))
        if fits(grown):
            total = grown
        else:
            begins.append(index)
            total = starts(index, index)
    return begins


def _balanced(count: int, split: Callable[[float], list[int]]) -> list[int]:
    """The split into as few parts as the full budget needs (`split(1.0)`), with the smallest
    share of the budget that still gives that many: parts of even size, not 12 rows and 1."""
    best = split(1.0)
    if count == 0 or len(best) == 1:
        return best
    low, high = 0.0, 1.0
    for _ in range(12):
        middle = (low + high) / 2
        tried = split(middle)
        if len(tried) <= len(best):
            best, high = tried, middle
        else:
            low = middle
    return best


def _ranges(begins: list[int], count: int) -> list[tuple[int, int]]:
    return list(zip(begins, [*begins[1:], count], strict=True))


def table_parts(heights: Sequence[float], budget: float) -> list[tuple[int, int]]:
    """[start, stop) of consecutive rows in as few parts as fit `budget` pixels, spread evenly
    (a row taller than the budget gets a part of its own); an empty table is one part (the
    slide says so)."""
    if not heights:
        return [(0, 0)]

    def split(share: float) -> list[int]:
        return _greedy([(h,) for h in heights], lambda total: total[0] <= budget * share,
                       lambda index, _first: (heights[index],))

    return _ranges(_balanced(len(heights), split), len(heights))


def gantt_parts(rows: Sequence[gantt_rows.Row],
                cost: Callable[[gantt_rows.Row], tuple[float, ...]],
                budgets: tuple[float, ...]) -> list[tuple[int, ...]]:
    """The measures of a Gantt (its `rows`, headers included) in as few parts as fit every
    budget, spread evenly, never splitting a measure: each part's drawn rows (a Werkzeug's
    header where its measures start in the part, then the measures) cost at most `budgets`."""
    header = {row.werkzeug_id: cost(row) for row in rows if row.header}
    measures = [row for row in rows if not row.header]
    if not measures:
        return []
    own = [cost(row) for row in measures]

    def starts(index: int, first: int) -> tuple[float, ...]:
        tool = measures[index].werkzeug_id
        new_tool = index == first or measures[index - 1].werkzeug_id != tool
        return tuple(a + b for a, b in zip(own[index], header[tool], strict=True)) \
            if new_tool else own[index]

    def split(share: float) -> list[int]:
        return _greedy(own, lambda total: all(t <= b * share for t, b in
                                              zip(total, budgets, strict=True)), starts)

    return [tuple(int(m.massnahme_id or 0) for m in measures[start:stop])
            for start, stop in _ranges(_balanced(len(measures), split), len(measures))]


def _numbered(title: str, index: int, count: int) -> str:
    return title if count == 1 else f"{title} ({index}/{count})"


# --- the deck ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deck:
    """The presentation of one filter choice: its slides, the sections to choose from, and
    what the slides show. Shared: read it, never change it."""
    slides: list[Slide]
    sections: list[Section]
    layout: Layout
    plan_title: str
    plan_stand: date
    filter_text: str  # the filters in words
    stichtag: date
    months: list[date]  # the plan's months (the Gantts' axis)
    monat: date | None  # the chosen month (highlighted)
    zeitplan: Zeitplan  # the Zeitplan's measures; Gantt slides draw parts of its rows
    stand: pd.DataFrame  # overview.stand
    upcoming: pd.DataFrame  # "Was steht an", the layout's upcoming columns
    indicators: pd.DataFrame  # the Indikatoren page's rows: Handlungsfeld, indicator columns
    indicator_view: indicator_views.Indikatoren  # the same indicators with their Stand counts
    budget: BudgetView
    vergleich: Vergleich | None = None  # what changed since the Beschluss (its slides)
    changes: pd.DataFrame | None = None  # vergleich's changed measures, the change columns
    termintreue: Termintreue | None = None  # on the status slide

    def heading(self, slide: Slide) -> str:
        """The title a slide shows."""
        if slide.kind == TITLE:
            return self.plan_title
        if slide.kind == STATUS:
            return f"Stand je Handlungsfeld zum {formats.day(self.stichtag)}"
        return slide.title

    def text(self, slide: Slide) -> list[str]:
        """The lines a slide says besides its title, chart and table."""
        if slide.kind == TITLE:
            return [f"Stand des Plans: {formats.day(self.plan_stand)}",
                    f"Stichtag: {formats.day(self.stichtag)}", self.filter_text]
        if slide.kind == STATUS:
            lines = ["Überfällig: letzter Termin vor dem Stichtag, weder erledigt noch "
                     "entfallen."]
            if (treue := self.termintreue) is not None:
                parts = [f"{field}: {quote.text}" for field, quote in treue.je_feld]
                lines.append("Termintreue laut Beschluss: " + " · ".join(
                    [*parts, f"alle: {treue.gesamt.text}"]))
            return lines
        if slide.kind == CHANGES and self.vergleich is not None:
            return [self.vergleich.legend]
        if slide.kind == INDICATORS and slide.handlungsfeld:
            field = next(f for f in self.indicator_view.felder if f.name == slide.handlungsfeld)
            return [f"Zum {formats.day(self.stichtag)}: " + " · ".join(
                f"{STAND_SYMBOLS[stand]} {stand}: {count}"
                for stand, count in field.counts().items())]
        if slide.kind == BUDGET:
            totals = self.budget.totals
            return [f"Summe der genannten {totals.headline_label}: {totals.headline}",
                    f"Ohne bezifferten Betrag (nicht als 0 € gezählt): "
                    f"{len(totals.unquantified)} Werkzeug(e)."]
        return []

    def empty_text(self, slide: Slide) -> str | None:
        """What a table slide says when the filters leave it no row (else None)."""
        if slide.kind == UPCOMING and self.upcoming.empty:
            return "Keine Maßnahme in diesen Monaten passt zu den gewählten Filtern."
        if slide.kind == INDICATORS and self.indicators.empty:
            return "Zu den gewählten Filtern nennt der Plan keinen Indikator."
        if slide.kind == CHANGES and (self.changes is None or self.changes.empty):
            return NO_CHANGE
        return None

    def gantt_part(self, slide: Slide) -> pd.DataFrame:
        """The dated schedule rows a Gantt slide draws."""
        dated = self.zeitplan.dated
        return dated[dated["massnahme_id"].isin(slide.massnahme_ids)]

    def gantt_table(self, slide: Slide) -> tuple[pd.DataFrame, list[int]]:
        """A Gantt slide's facts as a table, row for row as the chart (a Werkzeug's name on
        its own row, then its measures with Zeitraum and Status), and the positions of the
        Werkzeug rows."""
        return _gantt_table(self.gantt_part(slide), self.zeitplan.measures, self.layout)

    def table_part(self, slide: Slide) -> pd.DataFrame:
        """A table slide's rows (Was sich geändert hat, Was steht an, Indikatoren)."""
        start, stop = slide.rows
        if slide.kind == UPCOMING:
            return self.upcoming.iloc[start:stop]
        if slide.kind == CHANGES and self.changes is not None:
            return self.changes.iloc[start:stop]
        field = self.indicators[_field(self.indicators["Handlungsfeld"]) == slide.handlungsfeld] \
            if slide.handlungsfeld else self.indicators
        return field.drop(columns="Handlungsfeld").iloc[start:stop]

    def chosen(self, keys: Sequence[str]) -> list[Slide]:
        """The slides of the chosen sections (all for none), in deck order."""
        wanted = set(keys)
        return [s for s in self.slides if s.section in wanted] if wanted else list(self.slides)


def _field(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), CROSS_CUTTING)


def _status_text(status: str, lage: str) -> str:
    return f"{status} ({OVERDUE})" if lage else status


def _gantt_table_row(row: gantt_rows.Row, facts: pd.DataFrame,
                     tools: dict[int, str]) -> dict[str, str]:
    """A chart row as a table row: a Werkzeug's name alone, or a measure with its facts
    (`facts`: the Zeitplan's measures by massnahme_id)."""
    if row.header:
        return {GANTT_TABLE: tools[row.werkzeug_id], "Zeitraum": "", "Status": ""}
    fact = facts.loc[row.massnahme_id]
    return {GANTT_TABLE: fact["Maßnahme"], "Zeitraum": fact["Zeitraum"],
            "Status": _status_text(fact["Status"], fact["Lage"])}


def _chart_rows(dated: pd.DataFrame, layout: Layout) -> list[gantt_rows.Row]:
    return gantt_rows.rows(dated["werkzeug_id"], dated["werkzeug"], dated["massnahme_id"],
                           dated["massnahme"], layout.label_chars, None)


def _tools(dated: pd.DataFrame) -> dict[int, str]:
    return dict(zip(dated["werkzeug_id"].astype(int), dated["werkzeug"], strict=True))


def _gantt_table(part: pd.DataFrame, measures: pd.DataFrame,
                 layout: Layout) -> tuple[pd.DataFrame, list[int]]:
    facts, tools = measures.set_index("massnahme_id"), _tools(part)
    found = _chart_rows(part, layout)
    table = pd.DataFrame([_gantt_table_row(row, facts, tools) for row in found],
                         columns=[GANTT_TABLE, "Zeitraum", "Status"])
    return table, [index for index, row in enumerate(found) if row.header]


def _gantt_slides(view: Zeitplan, layout: Layout) -> list[Slide]:
    """Each field's Gantt in as few slides as its chart and its table (Tabelle zeigen) fit."""
    slides: list[Slide] = []
    facts, tools = view.measures.set_index("massnahme_id"), _tools(view.dated)

    def cost(row: gantt_rows.Row) -> tuple[float, float]:
        return (gantt_rows.row_height(len(row.lines), layout.chart_font, gantt_rows.DENSE_GAP),
                layout.row_height(_gantt_table_row(row, facts, tools),
                                  layout.gantt_table_columns, layout.gantt_table_font))

    for field, group in view.dated.groupby("handlungsfeld", sort=False):
        parts = gantt_parts(_chart_rows(group, layout), cost,
                            (layout.chart_height, layout.table_height))
        key = f"{GANTT}-{ascii_slug(str(field))}"
        slides += [Slide(GANTT, _numbered(str(field), i, len(parts)), key, str(field), part)
                   for i, part in enumerate(parts, 1)]
    return slides


def _table_slides(kind: str, title: str, key: str, heights: list[float], budget: float,
                  field: str | None = None) -> list[Slide]:
    parts = table_parts(heights, budget)
    return [Slide(kind, _numbered(title, i, len(parts)), key, field, rows=part)
            for i, part in enumerate(parts, 1)]


def _indicator_slides(table: pd.DataFrame, layout: Layout) -> list[Slide]:
    if table.empty:
        return _table_slides(INDICATORS, "Indikatoren", INDICATORS, [], layout.table_height)
    slides: list[Slide] = []
    for field, group in table.groupby(_field(table["Handlungsfeld"]), sort=False):
        heights = [layout.row_height(row, layout.indicator_columns, layout.table_font)
                   for row in group.to_dict("records")]
        slides += _table_slides(INDICATORS, f"Indikatoren: {field}",
                                f"{INDICATORS}-{ascii_slug(str(field))}", heights,
                                layout.table_height - INDICATOR_COUNTS_HEIGHT, str(field))
    return slides


def sections(slides: Sequence[Slide]) -> list[Section]:
    """The deck's sections in order, each named by its first slide's title (without the part
    number) and saying how many slides it has."""
    found: dict[str, Section] = {}
    for slide in slides:
        if slide.section in found:
            section = found[slide.section]
            found[slide.section] = Section(section.key, section.label, section.slides + 1)
        else:
            label = re.sub(r" \(1/\d+\)$", "", slide.title)
            if slide.kind == GANTT:
                label = f"Zeitplan: {label}"
            found[slide.section] = Section(slide.section, label, 1)
    return list(found.values())


def upcoming_months(chosen: date | None, stichtag: date, last_month: date) -> list[date]:
    """'Was steht an': the chosen month, or the Stichtag's month and the next (within the plan)."""
    if chosen is not None:
        return [chosen]
    first = stichtag.replace(day=1)
    following = next_month(first)
    return [first] + ([following] if following <= last_month else [])


def deck(plan: PlanData, filters: Filters, layout: Layout = PROJECTOR) -> Deck:
    """Title, status, a Gantt per Handlungsfeld, what is upcoming, budget, the indicators per
    Handlungsfeld; each Gantt and table in as few slides as fit `layout`."""
    view = zeitplan(plan, filters)
    stichtag = filters.stichtag or plan.default_stichtag()
    months = upcoming_months(filters.monat, stichtag, plan.months()[-1])
    upcoming_ids = set().union(*(massnahmen_in_monat(view.rows, m) for m in months))
    persons = names_by_werkzeug(plan.werkzeug_kontakte, (CONTACT_PERSON, LOCAL_CONTACT))
    measures = massnahme_table(view.rows, persons).merge(
        status_columns(view.states), on="massnahme_id", how="left")
    upcoming = measures[measures["massnahme_id"].isin(upcoming_ids)].rename(
        columns={"Kontakte": "Ansprechpersonen"})
    upcoming = upcoming.assign(Status=[_status_text(s, lage) for s, lage in zip(
        upcoming["Status"], upcoming["Lage"], strict=True)])[
        [name for name, _ in layout.upcoming_columns]].reset_index(drop=True)
    indicator_view = indicator_views.indikatoren(plan, filters)  # the Indikatoren page's
    indicator_table = pd.DataFrame(
        [{"Handlungsfeld": field.name, **item.row()} for field in indicator_view.felder
         for item in field.indikatoren],
        columns=["Handlungsfeld", *(name for name, _ in layout.indicator_columns)])
    title = "Was steht an: " + " und ".join(formats.month_long(m) for m in months)
    upcoming_heights = [layout.row_height(row, layout.upcoming_columns, layout.table_font)
                        for row in upcoming.to_dict("records")]
    beschluss = baseline_of(plan, BESCHLUSS_KEY)
    found = changes = treue = None
    change_slides: list[Slide] = []
    if beschluss is not None:  # a plan database always has it (store.baseline)
        found = vergleich(plan, filters, beschluss)
        changes = found.table(only_changed=True)[[c for c, _ in layout.change_columns]]
        treue = termintreue(plan, filters, beschluss)
        change_slides = _table_slides(
            CHANGES, CHANGES_TITLE, CHANGES,
            [layout.row_height(row, layout.change_columns, layout.table_font)
             for row in changes.to_dict("records")], layout.table_height - CHANGES_EXTRA)
    slides = [Slide(TITLE, "Titel", TITLE), Slide(STATUS, "Stand je Handlungsfeld", STATUS),
              *_gantt_slides(view, layout), *change_slides,
              *_table_slides(UPCOMING, title, UPCOMING, upcoming_heights, layout.table_height),
              Slide(BUDGET, "Budget je Handlungsfeld", BUDGET),
              *_indicator_slides(indicator_table, layout)]
    info = plan.info
    return Deck(slides, sections(slides), layout, info["titel"], info["stand"],
                describe(filters), stichtag, plan.months(), filters.monat, view,
                stand(plan, filters), upcoming, indicator_table, indicator_view,
                budget_view(plan, filters), found, changes, treue)


# --- the URL ------------------------------------------------------------------------------------
def parse_folie(raw: str | None, count: int) -> tuple[int, str | None]:
    """The 1-based slide number from the URL, and a German notice when it is not one of the
    slides (then slide 1). Only ASCII digits count ('²' is a digit to Python, not to us)."""
    if raw is None:
        return 1, None
    if re.fullmatch(r"[0-9]{1,6}", raw) and 1 <= int(raw) <= count:
        return int(raw), None
    return 1, (f"Die Folie „{raw[:20]}“ aus der Adresse gibt es nicht (diese Präsentation hat "
               f"{count} Folien); Folie 1 wird gezeigt.")


def parse_folien(raw: Sequence[str], available: Sequence[Section]) -> tuple[list[str], str | None]:
    """The chosen sections from the URL (`?folien=stand&folien=budget`; none: all), and a German
    notice naming those this deck does not have (they are left out)."""
    keys = {section.key for section in available}
    chosen = [key for key in dict.fromkeys(raw) if key in keys]
    unknown = [key for key in dict.fromkeys(raw) if key not in keys]
    if not unknown:
        return chosen, None
    names = ", ".join(f"„{key[:40]}“" for key in unknown[:3])
    return chosen, (f"Diese Folien aus der Adresse gibt es in dieser Präsentation nicht: {names}"
                    f"{' …' if len(unknown) > 3 else ''}; "
                    + ("gezeigt werden die übrigen gewählten." if chosen
                       else "gezeigt werden alle Folien."))
