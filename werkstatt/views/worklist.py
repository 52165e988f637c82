"""The worklist: every measure of the chosen Werkzeuge in exactly one section.

The sections at a Stichtag and a month: the month's measures (whatever their status), the
overdue ones, the probably overdue ones (their last end is only approximate), those without a
date, those not yet due, and the closed ones of other months. Together they hold every measure
once, so the counts add up to the measures of the filters (pure, no database).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from werkstatt import formats
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData
from werkstatt.views.schedule import massnahme_picker, massnahmen_in_monat, termine_by_massnahme
from werkstatt.views.status import PROBABLY_OVERDUE
from werkstatt.vocab import CLOSED, DONE

IN_MONTH, OVERDUE, UNDATED = "im Monat", "überfällig", "ohne Termin"
# An approximate end (a bar whose length the plan's rendering lost) that lies before the
# Stichtag: kept apart from "überfällig" so that figure stays one of certain dates
PROBABLY = PROBABLY_OVERDUE
NOT_YET_DUE, CLOSED_ELSEWHERE = "noch nicht fällig", "erledigt oder entfallen"
LABELS = (IN_MONTH, OVERDUE, PROBABLY, UNDATED, NOT_YET_DUE, CLOSED_ELSEWHERE)
COLUMNS = ["massnahme_id", "werkzeug_id", "handlungsfeld", "werkzeug", "massnahme", "titel",
           "termine", "fortfuehrung", "status", "status_version", "kommentar", "status_benutzer",
           "status_am", "lage"]


@dataclass(frozen=True)
class Sections:
    """The sections in display order (label -> rows); each measure is in exactly one."""
    parts: tuple[tuple[str, pd.DataFrame], ...]
    order: tuple[int, ...] = ()  # every measure id in plan order

    def as_list(self) -> list[tuple[str, pd.DataFrame]]:
        return list(self.parts)

    def of(self, label: str) -> pd.DataFrame:
        return dict(self.parts)[label]

    @property
    def in_month(self) -> pd.DataFrame:
        return self.of(IN_MONTH)

    @property
    def overdue(self) -> pd.DataFrame:
        return self.of(OVERDUE)

    @property
    def probably_overdue(self) -> pd.DataFrame:
        return self.of(PROBABLY)

    @property
    def undated(self) -> pd.DataFrame:
        return self.of(UNDATED)

    def counts(self) -> dict[str, int]:
        return {label: len(part) for label, part in self.parts}

    def places(self) -> dict[int, str]:
        """{massnahme_id: section label}: where each measure is shown."""
        return {int(mid): label for label, part in self.parts for mid in part["massnahme_id"]}


def sections(schedule: pd.DataFrame, states: pd.DataFrame, month: date) -> Sections:
    """Every measure of `schedule` in one section, by `states` (status.massnahme_states at a
    Stichtag); each row with its current status, version and comment."""
    measures = _one_row_per_measure(schedule)
    in_month = massnahmen_in_monat(schedule, month)
    undated = set(schedule.loc[schedule["termin_id"].isna(), "massnahme_id"])
    overdue = set(states.loc[states["ueberfaellig"].astype(bool), "massnahme_id"])
    probably = set(states.loc[states["vermutlich_ueberfaellig"].astype(bool), "massnahme_id"])
    closed = set(states.loc[states["status"].isin(CLOSED), "massnahme_id"])
    dated = set(measures["massnahme_id"]) - undated - in_month
    chosen = {IN_MONTH: in_month, OVERDUE: dated & overdue, PROBABLY: dated & probably,
              UNDATED: undated - in_month, CLOSED_ELSEWHERE: dated & closed}
    chosen[NOT_YET_DUE] = dated - overdue - probably - closed  # open, last date >= Stichtag
    return Sections(tuple((label, _pick(measures, chosen[label], label)) for label in LABELS),
                    tuple(int(mid) for mid in measures["massnahme_id"]))


def _pick(measures: pd.DataFrame, ids: set[int], label: str) -> pd.DataFrame:
    rows = measures[measures["massnahme_id"].isin(ids)].copy()
    rows["lage"] = label
    return rows[COLUMNS].reset_index(drop=True)


def kept_in_place(found: Sections, places: Mapping[int, str]) -> Sections:
    """The sections with each measure of `places` (id -> label, where it was shown before) back
    in that section, in plan order: a measure set to "erledigt" stays where it was changed
    until the page is reloaded or the filters change, so a mis-click can be undone there.
    Returns `found` itself when nothing moved."""
    now = found.places()
    moved = {mid for mid, label in places.items() if now.get(mid, label) != label}
    if not moved:
        return found
    every = pd.concat([part for _, part in found.parts], ignore_index=True)
    rank = {mid: index for index, mid in enumerate(found.order)}
    parts = []
    for label, part in found.parts:
        back = every[every["massnahme_id"].isin({m for m in moved if places[m] == label})]
        rows = pd.concat([part[~part["massnahme_id"].isin(moved)], back.assign(lage=label)])
        parts.append((label, rows.sort_values("massnahme_id", key=lambda ids: ids.map(rank))
                      .reset_index(drop=True)))
    return replace(found, parts=tuple(parts))


def undated_without_status(schedule: pd.DataFrame) -> int:
    """How many measures have neither a date nor any recorded status (for the Überblick)."""
    undated = schedule[schedule["termin_id"].isna()]
    return int(undated.loc[undated["status_version"] == 0, "massnahme_id"].nunique())


def _one_row_per_measure(schedule: pd.DataFrame) -> pd.DataFrame:
    """Plan order, the status columns of the measure, all its Termine in words, and the
    title as the tables show it (`titel`)."""
    measures = schedule.drop_duplicates("massnahme_id").copy()
    spans = termine_by_massnahme(schedule[schedule["termin_id"].notna()])
    measures["termine"] = measures["massnahme_id"].map(spans).astype(object).fillna(UNDATED)
    measures["titel"] = shown_titles(measures)
    return measures


FORTFUEHRUNG = "Fortführung"


def shown_titles(measures: pd.DataFrame) -> pd.Series:
    """Each measure's title as a table shows it: continuation marked, and a title that several
    of these measures share ("Veranstaltung" ×3) with its Werkzeug, so that the rows can be
    told apart in the title column itself."""
    title = measures["massnahme"].where(~measures["fortfuehrung"].astype(bool),
                                        measures["massnahme"] + f" ({FORTFUEHRUNG})")
    shared = title.duplicated(keep=False)
    return title.where(~shared, title + " – " + measures["werkzeug"])


# the columns of the tables: what a reader needs first (title, dates, status) on the left,
# in view at 1024 px beside the sidebar; only STATUS and NEW_COMMENT can be edited
STATUS, NEW_COMMENT = "Status", "neuer Kommentar"
READ_COLUMNS = ["Maßnahme", "Termine", STATUS, "Werkzeug", "letzter Kommentar"]
EDITOR_COLUMNS = ["Maßnahme", "Termine", STATUS, NEW_COMMENT, "Werkzeug", "letzter Kommentar"]


def readable(section: pd.DataFrame) -> pd.DataFrame:
    """A section as a read-only table: German headings, no empty cell shown as "None"."""
    return pd.DataFrame({"Maßnahme": section["titel"], "Termine": section["termine"],
                         STATUS: section["status"], "Werkzeug": section["werkzeug"],
                         "letzter Kommentar": section["kommentar"].fillna("")})[READ_COLUMNS]


def editor_table(readable_section: pd.DataFrame, shown: list[str]) -> pd.DataFrame:
    """A section as the logged-in worklist edits it: its `readable` table (first rows, one
    per status in `shown`), each row's status as first drawn (the form refuses a newer one),
    an empty new comment."""
    table = readable_section.head(len(shown)).copy()
    table[STATUS] = shown
    table[NEW_COMMENT] = ""
    return table[EDITOR_COLUMNS]


@dataclass(frozen=True)
class Arbeitsliste:
    """What Fortschritt draws for one choice of Werkzeuge, Stichtag and month. Shared between
    sessions by the dashboard: read it, never change it."""
    massnahmen: int  # measures of the chosen Werkzeuge
    erledigt: int
    sections: Sections
    tables: dict[str, pd.DataFrame]  # section label -> readable(section)
    picker: pd.DataFrame  # schedule.massnahme_picker, for "Verlauf einer Maßnahme"
    plan: str = ""  # "Plan 2020": the plan every row belongs to (several in one database)

    def kept(self, places: Mapping[int, str]) -> Arbeitsliste:
        """This worklist with the measures of `places` in the sections they were shown in
        (see kept_in_place); itself when none moved."""
        found = kept_in_place(self.sections, places)
        if found is self.sections:
            return self
        return replace(self, sections=found,
                       tables={label: readable(part) for label, part in found.as_list()})

    def count_line(self) -> str:
        """The sections' counts as a sum that adds up to the measures, in German."""
        counts = self.sections.counts().values()
        return (f"Zusammen {' + '.join(map(str, counts))} = {sum(counts)} Maßnahmen: jede der "
                f"{self.massnahmen} Maßnahmen der gewählten Werkzeuge steht in genau einem "
                "Abschnitt.")


def section_name(label: str, month: date) -> str:
    """A section's label as a heading of its count ('im September 2019', 'überfällig', …)."""
    return f"im {formats.month_long(month)}" if label == IN_MONTH else label


def arbeitsliste(plan: PlanData, filters: Filters) -> Arbeitsliste:
    rows, states = plan.rows_of(filters), plan.states(filters)
    found = sections(rows, states, filters.focus_month())
    return Arbeitsliste(rows["massnahme_id"].nunique(), int((states["status"] == DONE).sum()),
                        found, {label: readable(part) for label, part in found.as_list()},
                        massnahme_picker(rows), plan=f"Plan {int(plan.info['jahr'])}")
