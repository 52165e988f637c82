"""The sidebar's Stichtag follows the chosen month unless someone chose a Stichtag (issue 15 §2)."""
from __future__ import annotations

from datetime import date

from tests.app.conftest import run_page
from werkstatt.views.filters import stichtag_for

# the 2019 plan seen after 2019: today's default is held at the plan's last day
DEFAULT_DAY = date(2019, 12, 31)


def stichtag(at) -> date:
    return at.sidebar.date_input(key="stichtag").value


def test_choosing_a_month_moves_a_stichtag_left_at_its_default_to_the_months_last_day():
    at = run_page("fortschritt.py")
    assert stichtag(at) == DEFAULT_DAY
    at.sidebar.selectbox(key="monat").select(date(2019, 9, 1)).run()
    assert stichtag(at) == date(2019, 9, 30) == stichtag_for(date(2019, 9, 1), DEFAULT_DAY)
    assert "stichtag" not in at.query_params  # it follows the month: nothing to bookmark
    assert any("Stichtag 30.09.2019" in caption.value for caption in at.caption)
    at.sidebar.selectbox(key="monat").select(None).run()
    assert stichtag(at) == DEFAULT_DAY


def test_a_stichtag_chosen_in_the_sidebar_stays_when_the_month_changes():
    at = run_page("fortschritt.py")
    at.sidebar.date_input(key="stichtag").set_value(date(2019, 6, 15)).run()
    at.sidebar.selectbox(key="monat").select(date(2019, 9, 1)).run()
    assert stichtag(at) == date(2019, 6, 15)
    assert at.query_params["stichtag"] == "2019-06-15"


def test_a_stichtag_in_the_url_wins_over_the_month_of_the_url():
    at = run_page("ueberblick.py", {"monat": "2019-09", "stichtag": "2019-12-31"})
    assert stichtag(at) == DEFAULT_DAY
    assert at.query_params["stichtag"] == "2019-12-31"
    assert any("zum 31.12.2019" in header.value for header in at.subheader)


def test_a_month_in_the_url_alone_is_judged_at_its_last_day():
    at = run_page("ueberblick.py", {"monat": "2019-09"})
    assert stichtag(at) == date(2019, 9, 30)
    assert any("zum 30.09.2019" in header.value for header in at.subheader)
