"""Status rules at a Stichtag: überfällig, fällig im Monat, erledigt (pure, no database).

A measure is überfällig when its last date lies before the Stichtag and it is neither
erledigt nor entfallen. A measure without a date is never due or overdue. One whose last end
is only approximate (a bar whose length the plan's rendering lost) and lies before the
Stichtag is "vermutlich überfällig": a guess is kept apart from the certain figure.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from werkstatt import formats
from werkstatt.views.schedule import touching_monat
from werkstatt.vocab import CLOSED, DONE

OVERDUE = "überfällig"
PROBABLY_OVERDUE = "vermutlich überfällig (ungefährer Termin)"


def massnahme_states(schedule: pd.DataFrame, stichtag: date, month: date) -> pd.DataFrame:
    """One row per measure: status, last date, überfällig (and vermutlich überfällig) at the
    Stichtag, fällig in the month."""
    if schedule.empty:
        return pd.DataFrame(columns=["massnahme_id", "handlungsfeld", "status", "letzter_termin",
                                     "ueberfaellig", "vermutlich_ueberfaellig", "faellig"])
    touching = set(schedule.loc[touching_monat(schedule, month), "massnahme_id"])
    per = schedule.groupby("massnahme_id", sort=False).agg(
        handlungsfeld=("handlungsfeld", "first"), status=("status", "first"),
        letzter_termin=("ende", "max")).reset_index()
    # An end the plan's rendering lost (ungefähr) is a guess: it never makes a measure overdue.
    last = schedule[schedule["ende"].notna()].sort_values("ende").drop_duplicates(
        "massnahme_id", keep="last")
    guessed = set(last.loc[last["ungefaehr"].astype(bool), "massnahme_id"])
    open_ = ~per["status"].isin(CLOSED)
    ended = open_ & per["letzter_termin"].notna() & (per["letzter_termin"] < pd.Timestamp(stichtag))
    per["ueberfaellig"] = ended & ~per["massnahme_id"].isin(guessed)
    per["vermutlich_ueberfaellig"] = ended & per["massnahme_id"].isin(guessed)
    per["faellig"] = open_ & per["massnahme_id"].isin(touching)
    return per


def summary_by_handlungsfeld(states: pd.DataFrame, month: date) -> pd.DataFrame:
    """Counts per field of action: fällig in the month, überfällig, erledigt, all."""
    label = f"fällig im {formats.month(month)}"
    rows = []
    for field, group in states.groupby("handlungsfeld", sort=False):
        rows.append({"Handlungsfeld": field, label: int(group["faellig"].sum()),
                     OVERDUE: int(group["ueberfaellig"].sum()),
                     DONE: int((group["status"] == DONE).sum()),
                     "Maßnahmen": len(group)})
    return pd.DataFrame(rows, columns=["Handlungsfeld", label, OVERDUE, DONE,
                                       "Maßnahmen"])


def status_columns(states: pd.DataFrame) -> pd.DataFrame:
    """massnahme_id, Status and Lage (überfällig, vermutlich überfällig or empty) for a measure
    table."""
    lage = states["ueberfaellig"].map({True: OVERDUE, False: ""}).where(
        ~states["vermutlich_ueberfaellig"].astype(bool), PROBABLY_OVERDUE)
    return pd.DataFrame({"massnahme_id": states["massnahme_id"], "Status": states["status"],
                         "Lage": lage})
