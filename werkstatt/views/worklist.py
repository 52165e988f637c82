"""The worklist in three sections: the chosen month, overdue from earlier months, undated.

Every measure of the plan can get a status somewhere: a measure touching the month is listed
there (whatever its status), an overdue one of earlier months in its own section, and a
measure without any Termin in the third. Each measure appears once (pure, no database).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData
from werkstatt.views.schedule import massnahme_picker, massnahmen_in_monat, termine_by_massnahme
from werkstatt.vocab import DONE

IN_MONTH, OVERDUE, UNDATED = "im Monat", "überfällig", "ohne Termin"
COLUMNS = ["massnahme_id", "werkzeug_id", "handlungsfeld", "werkzeug", "massnahme", "termine",
           "fortfuehrung", "status", "status_version", "kommentar", "status_benutzer",
           "status_am", "lage"]


@dataclass
class Sections:
    in_month: pd.DataFrame
    overdue: pd.DataFrame
    undated: pd.DataFrame

    def as_list(self) -> list[tuple[str, pd.DataFrame]]:
        return [(IN_MONTH, self.in_month), (OVERDUE, self.overdue), (UNDATED, self.undated)]


def sections(schedule: pd.DataFrame, states: pd.DataFrame, month: date) -> Sections:
    """The month's measures, then overdue ones (by `states` at its Stichtag) not already in
    the month, then those without a date; each with its current status, version, comment."""
    measures = _one_row_per_measure(schedule)
    in_month_ids = massnahmen_in_monat(schedule, month)
    overdue_ids = set(states.loc[states["ueberfaellig"].astype(bool), "massnahme_id"])
    undated_ids = set(schedule.loc[schedule["termin_id"].isna(), "massnahme_id"])

    def pick(ids: set[int], label: str) -> pd.DataFrame:
        rows = measures[measures["massnahme_id"].isin(ids)].copy()
        rows["lage"] = label
        return rows[COLUMNS].reset_index(drop=True)

    return Sections(in_month=pick(in_month_ids, IN_MONTH),
                    overdue=pick(overdue_ids - in_month_ids, OVERDUE),
                    undated=pick(undated_ids - in_month_ids - overdue_ids, UNDATED))


def undated_without_status(schedule: pd.DataFrame) -> int:
    """How many measures have neither a date nor any recorded status (for the Überblick)."""
    undated = schedule[schedule["termin_id"].isna()]
    return int(undated.loc[undated["status_version"] == 0, "massnahme_id"].nunique())


def _one_row_per_measure(schedule: pd.DataFrame) -> pd.DataFrame:
    """Plan order, the status columns of the measure, and all its Termine in words."""
    measures = schedule.drop_duplicates("massnahme_id").copy()
    spans = termine_by_massnahme(schedule[schedule["termin_id"].notna()])
    measures["termine"] = measures["massnahme_id"].map(spans).astype(object).fillna(UNDATED)
    return measures


FORTFUEHRUNG = "Fortführung"


def readable(section: pd.DataFrame) -> pd.DataFrame:
    """A section as a read-only table: German headings, continuation marked, no empty cell
    shown as "None"."""
    title = section["massnahme"].where(~section["fortfuehrung"].astype(bool),
                                       section["massnahme"] + f" ({FORTFUEHRUNG})")
    return pd.DataFrame({"Werkzeug": section["werkzeug"], "Maßnahme": title,
                         "Termine": section["termine"], "Status": section["status"],
                         "letzter Kommentar": section["kommentar"].fillna("")})


# the columns of the worklist editor; only STATUS and NEW_COMMENT can be edited
STATUS, NEW_COMMENT = "Status", "neuer Kommentar"
# the editable columns come right after the title and its dates: in view without scrolling
EDITOR_COLUMNS = ["Maßnahme", "Termine", STATUS, NEW_COMMENT, "letzter Kommentar", "Werkzeug"]


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


def arbeitsliste(plan: PlanData, filters: Filters) -> Arbeitsliste:
    rows, states = plan.rows_of(filters), plan.states(filters)
    found = sections(rows, states, filters.focus_month())
    return Arbeitsliste(rows["massnahme_id"].nunique(), int((states["status"] == DONE).sum()),
                        found, {label: readable(part) for label, part in found.as_list()},
                        massnahme_picker(rows))
