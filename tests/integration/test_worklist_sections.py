"""Every measure of the real plan is in exactly one Fortschritt section, at any Stichtag and
month, for any contact and any recorded statuses (issue 15 §1)."""
from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from werkstatt.views import status, worklist
from werkstatt.views.filters import ALL, Filters
from werkstatt.views.plan_data import PlanData
from werkstatt.vocab import STATUSES

PLAN_DAYS = (date(2019, 1, 1), date(2019, 12, 31))
MONTHS = [None] + [date(2019, m, 1) for m in range(1, 13)]


@pytest.fixture(scope="module")
def plan(plan_db) -> PlanData:
    con = duckdb.connect(str(plan_db), read_only=True)
    plan = PlanData.of(con)
    plan.schedule, plan.choices()  # read everything while the connection is open
    yield plan
    con.close()


def days() -> st.SearchStrategy[date]:
    first, last = PLAN_DAYS
    return st.integers(0, (last - first).days).map(lambda n: first + timedelta(days=n))


def assert_each_once(found: worklist.Sections, measure_ids: set[int]) -> None:
    listed = [mid for _, part in found.as_list() for mid in part["massnahme_id"]]
    assert sorted(listed) == sorted(measure_ids)  # every measure, none twice
    assert sum(found.counts().values()) == len(measure_ids)


@settings(max_examples=120, deadline=None)
@given(stichtag=days(), monat=st.sampled_from(MONTHS), data=st.data())
def test_every_measure_is_in_exactly_one_section_at_any_stichtag_and_month(plan, stichtag,
                                                                            monat, data):
    kontakt = data.draw(st.sampled_from([ALL, *plan.choices().kontakte]))
    filters = Filters(monat=monat, kontakt=kontakt, stichtag=stichtag)
    view = worklist.arbeitsliste(plan, filters)
    assert_each_once(view.sections, set(plan.rows_of(filters)["massnahme_id"]))
    assert view.count_line().endswith(
        f"= {view.massnahmen} Maßnahmen: jede der {view.massnahmen} Maßnahmen der gewählten "
        "Werkzeuge steht in genau einem Abschnitt.")


@settings(max_examples=120, deadline=None)
@given(stichtag=days(), monat=st.sampled_from(MONTHS[1:]), data=st.data())
def test_any_recorded_statuses_keep_every_measure_in_exactly_one_section(plan, stichtag, monat,
                                                                          data):
    rows = plan.schedule.copy()
    ids = sorted(set(rows["massnahme_id"]))
    chosen = data.draw(st.lists(st.sampled_from(STATUSES), min_size=len(ids),
                                max_size=len(ids)))
    rows["status"] = rows["massnahme_id"].map(dict(zip(ids, chosen, strict=True)))
    found = worklist.sections(rows, status.massnahme_states(rows, stichtag, monat), monat)
    assert_each_once(found, set(ids))


def test_at_the_default_stichtag_the_approximate_ends_are_probably_overdue_not_lost(plan):
    """The walk-through found 7 + 31 + 14 = 52 of 57: five measures with approximate months
    that ended before 31.12.2019 were in no section."""
    view = worklist.arbeitsliste(plan, Filters(stichtag=date(2019, 12, 31)))
    counts = view.sections.counts()
    assert counts[worklist.IN_MONTH] + counts[worklist.OVERDUE] + counts[worklist.UNDATED] == 52
    assert counts[worklist.PROBABLY] == 5 and sum(counts.values()) == 57 == view.massnahmen
    niels = worklist.arbeitsliste(plan, Filters(kontakt="Niels Buck",
                                                stichtag=date(2019, 12, 31)))
    assert sum(niels.sections.counts().values()) == niels.massnahmen == 10
