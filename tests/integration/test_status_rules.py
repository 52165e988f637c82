from datetime import date

import pandas as pd

from werkstatt import queries, status
from werkstatt.progress import record_status


def test_overdue_means_last_date_before_stichtag_and_not_closed():
    assert status.is_overdue(date(2019, 7, 31), "offen", date(2019, 8, 1))
    assert status.is_overdue(date(2019, 7, 31), "verschoben", date(2019, 8, 1))
    assert not status.is_overdue(date(2019, 7, 31), "erledigt", date(2019, 8, 1))
    assert not status.is_overdue(date(2019, 7, 31), "entfallen", date(2019, 8, 1))
    assert not status.is_overdue(date(2019, 8, 1), "offen", date(2019, 8, 1))
    assert not status.is_overdue(None, "offen", date(2019, 8, 1))


def test_states_at_a_stichtag_follow_the_plan_and_recorded_status(con):
    record_status(con, 1, "erledigt", user="anna")  # Pflege der Datenbank: Oct 2019
    rows = queries.schedule(con)
    states = status.measure_states(rows, date(2019, 11, 15), date(2019, 11, 1)).set_index(
        "massnahme_id")
    assert not states.loc[1, "ueberfaellig"]  # erledigt
    prozess = rows.loc[rows["massnahme"] == "Prozessabläufe optimieren", "massnahme_id"].iloc[0]
    assert states.loc[prozess, "ueberfaellig"]  # ended July 2019
    fall = rows.loc[rows["massnahme"] == "Durchführung und Erweiterung von Fallkonferenzen",
                    "massnahme_id"].iloc[0]
    assert states.loc[fall, "faellig"] and not states.loc[fall, "ueberfaellig"]
    undated = rows.loc[rows["termin_id"].isna(), "massnahme_id"]
    assert not states.loc[undated, "ueberfaellig"].any() and not states.loc[undated, "faellig"].any()


def test_summary_counts_per_field(con):
    record_status(con, 1, "erledigt", user="anna")
    states = status.measure_states(queries.schedule(con), date(2019, 12, 31), date(2019, 12, 1))
    summary = status.summary_by_field(states, date(2019, 12, 1)).set_index("Handlungsfeld")
    assert summary.loc["Bildungskette mit Übergängen", "erledigt"] == 1
    assert summary["Maßnahmen"].sum() == 56
    assert isinstance(summary, pd.DataFrame) and "fällig im Dez 2019" in summary.columns
