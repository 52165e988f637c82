"""Status at a Stichtag and the month filter on small hand-built schedules."""
from datetime import date

import pandas as pd

from werkstatt import vocab
from werkstatt.views import status
from werkstatt.views.filters import Filters, filter_schedule


def termin(massnahme_id, state, beginn, ende, termin_id):
    return {"massnahme_id": massnahme_id, "werkzeug_id": 1, "handlungsfeld": "HF",
            "status": state, "termin_id": termin_id, "beginn": pd.Timestamp(beginn),
            "ende": pd.Timestamp(ende), "ungefaehr": False}


def test_a_closed_measure_in_the_month_is_never_counted_as_faellig():
    rows = pd.DataFrame([termin(i, state, "2019-09-01", "2019-09-30", i)
                         for i, state in enumerate(vocab.STATUSES, start=1)])
    states = status.massnahme_states(rows, date(2019, 9, 15), date(2019, 9, 1))
    due = dict(zip(states["status"], states["faellig"], strict=True))
    assert due == {state: state not in vocab.CLOSED for state in vocab.STATUSES}
    summary = status.summary_by_handlungsfeld(states, date(2019, 9, 1))
    assert summary.iloc[0]["fällig im Sep 2019"] == len(vocab.STATUSES) - len(vocab.CLOSED)


def test_the_month_filter_keeps_every_termin_of_a_measure_touching_the_month():
    rows = pd.DataFrame([
        termin(1, "offen", "2019-03-01", "2019-03-31", 1),
        termin(1, "offen", "2019-09-01", "2019-09-30", 2),  # touches September
        termin(1, "offen", "2019-11-01", "2019-11-30", 3),
        termin(2, "offen", "2019-05-01", "2019-05-31", 4),  # does not
    ])
    kept = filter_schedule(rows, {1}, Filters(monat=date(2019, 9, 1)))
    assert kept["termin_id"].tolist() == [1, 2, 3]
