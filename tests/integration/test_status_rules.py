from datetime import date

import pandas as pd

from werkstatt.commands.progress import record_status
from werkstatt.views import queries, status, worklist


def plan_rows(*measures):
    """Schedule rows: (id, status, last day or None[, end only approximate])."""
    return pd.DataFrame([{
        "massnahme_id": mid, "handlungsfeld": "HF", "status": state,
        "termin_id": 1 if end else None,
        "beginn": pd.Timestamp(end) if end else pd.NaT,
        "ende": pd.Timestamp(end) if end else pd.NaT,
        "ungefaehr": bool(rest and rest[0])} for mid, state, end, *rest in measures])


def test_overdue_means_last_date_before_stichtag_and_not_closed():
    rows = plan_rows((1, "offen", "2019-07-31"), (2, "verschoben", "2019-07-31"),
                     (3, "erledigt", "2019-07-31"), (4, "entfallen", "2019-07-31"),
                     (5, "offen", "2019-08-01"), (6, "offen", None),
                     (7, "offen", "2019-01-31", True))
    states = status.massnahme_states(rows, date(2019, 8, 1), date(2019, 8, 1)).set_index(
        "massnahme_id")
    assert states["ueberfaellig"].to_dict() == {1: True, 2: True, 3: False, 4: False, 5: False,
                                                6: False, 7: False}
    assert states["faellig"].to_dict() == {1: False, 2: False, 3: False, 4: False, 5: True,
                                           6: False, 7: False}


def test_states_at_a_stichtag_follow_the_plan_and_recorded_status(con):
    record_status(con, 1, "erledigt", user="anna")  # Pflege der Datenbank: Oct 2019
    rows = queries.schedule(con)
    states = status.massnahme_states(rows, date(2019, 11, 15), date(2019, 11, 1)).set_index(
        "massnahme_id")
    assert not states.loc[1, "ueberfaellig"]  # erledigt
    prozess = rows.loc[rows["massnahme"] == "Prozessabläufe optimieren", "massnahme_id"].iloc[0]
    assert states.loc[prozess, "ueberfaellig"]  # ended July 2019
    fall = rows.loc[rows["massnahme"] == "Durchführung und Erweiterung von Fallkonferenzen",
                    "massnahme_id"].iloc[0]
    assert states.loc[fall, "faellig"] and not states.loc[fall, "ueberfaellig"]
    undated = rows.loc[rows["termin_id"].isna(), "massnahme_id"]
    assert not states.loc[undated, "ueberfaellig"].any()
    assert not states.loc[undated, "faellig"].any()


def test_summary_counts_per_field(con):
    record_status(con, 1, "erledigt", user="anna")
    states = status.massnahme_states(queries.schedule(con), date(2019, 12, 31), date(2019, 12, 1))
    summary = status.summary_by_handlungsfeld(states, date(2019, 12, 1)).set_index("Handlungsfeld")
    assert summary.loc["Bildungskette mit Übergängen", "erledigt"] == 1
    assert summary["Maßnahmen"].sum() == 57
    assert isinstance(summary, pd.DataFrame) and "fällig im Dez 2019" in summary.columns


def test_worklist_sections_on_the_real_plan_put_the_chosen_month_first(con):
    rows = queries.schedule(con)
    september = date(2019, 9, 1)
    states = status.massnahme_states(rows, date(2019, 9, 30), september)
    result = worklist.sections(rows, states, september)
    in_september = {i for i, in con.execute(
        "SELECT DISTINCT massnahme_id FROM termin WHERE beginn <= DATE '2019-09-30' "
        "AND ende >= DATE '2019-09-01'").fetchall()}
    assert set(result.in_month["massnahme_id"]) == in_september
    assert len(result.undated) == 14 and worklist.undated_without_status(rows) == 14
    every = [i for _, part in result.as_list() for i in part["massnahme_id"]]
    assert len(every) == len(set(every))  # each measure once
    assert not set(result.overdue["massnahme_id"]) & in_september
