"""The sidebar's "Plan" under AppTest (issue 19 §1): with the 2019 and the 2020 plan in one
database, every page shows the plan `?plan=` names, the newest without it, and an unknown
plan falls back with a German notice."""
from __future__ import annotations

import duckdb
import pytest

from pages._ui.navigation import ADMIN_PAGES, RECORDER_PAGES
from tests.app.test_progress_pages import app, login

PAGES = ["ueberblick.py", "zeitplan.py", "fortschritt.py", "werkzeuge.py", "budget.py",
         "indikatoren.py", "praesentation.py", "plancheck.py", "staende.py",
         *sorted(p.removeprefix("pages/") for p in ADMIN_PAGES | RECORDER_PAGES)]
FALLBACK = "Den Plan aus der Adresse gibt es in der Datenbank nicht"


def plan_ids(path) -> dict[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("SELECT jahr, id FROM plan").fetchall())
    finally:
        con.close()


def open_page(at, page: str, query: dict[str, str]):
    at.switch_page(f"pages/{page}")
    at.query_params.clear()
    at.query_params.update(query)
    return at.run()


def param(at, key: str) -> list[str]:
    """A value of the address the app left behind (AppTest keeps one value as a string)."""
    value = at.query_params.get(key)
    return [value] if isinstance(value, str) else list(value or [])


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_plan_the_address_names(two_plans_env, page):
    ids = plan_ids(two_plans_env)
    at = login(app(), "chef")
    for year in (2019, 2020, 2019):
        at = open_page(at, page, {"plan": str(year)})
        assert not at.exception, (page, year, at.exception)
        assert at.selectbox(key="plan").value == ids[year]
        months = [m for m in at.selectbox(key="monat").options if m != "alle Monate"]
        assert months and all(m.endswith(str(year)) for m in months), (page, year, months)
        assert not any(FALLBACK in w for w in warnings(at))
        # the newest plan is the default: it stays out of the address
        assert param(at, "plan") == ([] if year == 2020 else [str(year)])


def test_the_overview_and_the_indicators_are_of_the_chosen_plan(two_plans_env):
    at = login(app(), "chef")
    at = open_page(at, "ueberblick.py", {"plan": "2019"})
    assert at.title[0].value.endswith("2019")
    at = open_page(at, "ueberblick.py", {"plan": "2020"})
    assert at.title[0].value.endswith("2020")
    at = open_page(app(), "ueberblick.py", {})  # a new session without a plan: the newest
    assert at.title[0].value.endswith("2020")
    at = open_page(at, "indikatoren.py", {"plan": "2019"})
    assert len(at.subheader) == 12
    at = open_page(at, "indikatoren.py", {"plan": "2020"})
    # the curated indicators quote the 2019 plan; the 2020 document brings none
    assert not at.subheader
    assert any("nennt der Plan keinen Indikator" in i.value for i in at.info)


def test_an_unknown_plan_in_the_address_falls_back_to_the_newest_with_a_notice(two_plans_env):
    ids = plan_ids(two_plans_env)
    at = open_page(app(), "zeitplan.py", {"plan": "1999"})
    assert not at.exception
    assert any(FALLBACK in w and "2020" in w for w in warnings(at))
    assert at.selectbox(key="plan").value == ids[2020]


def test_choosing_another_plan_resets_the_other_plans_month(two_plans_env):
    ids = plan_ids(two_plans_env)
    at = open_page(app(), "zeitplan.py", {"monat": "2020-09"})
    assert at.selectbox(key="monat").value is not None
    at.selectbox(key="plan").select(ids[2019]).run()
    assert not at.exception
    assert at.selectbox(key="monat").value is None
    assert param(at, "plan") == ["2019"] and not param(at, "monat")


def test_with_one_plan_the_sidebar_shows_no_plan_choice():
    at = open_page(app(), "ueberblick.py", {})
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "plan"]


def test_a_page_switch_keeps_the_chosen_plan(two_plans_env):
    ids = plan_ids(two_plans_env)
    at = open_page(app(), "zeitplan.py", {"plan": "2019"})
    at.switch_page("pages/budget.py")
    at.query_params.clear()  # as the browser: the menu's link carries no query
    at.run()
    assert not at.exception and at.selectbox(key="plan").value == ids[2019]
    assert param(at, "plan") == ["2019"]


def test_the_worklist_names_the_plan_its_rows_belong_to(two_plans_env):
    at = login(app(), "chef")
    for year in (2019, 2020):
        at = open_page(at, "fortschritt.py", {"plan": str(year)})
        assert not at.exception
        captions = [c.value for c in at.caption]
        assert any(c.startswith(f"Plan {year} · Stichtag") for c in captions), captions
        other = 2019 if year == 2020 else 2020
        assert not any(c.startswith(f"Plan {other} ·") for c in captions)
