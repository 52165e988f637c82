"""The cached reads and page views are shared by every session without a copy
(st.cache_resource): a page that changed one would change it for everybody. After every page
has run, anonymously and as admin, under several filters, each is still what a fresh read or
a fresh build gives."""
import dataclasses
import os
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from pages._ui import data, views
from tests.app.test_progress_pages import app, login
from werkstatt.store import connection
from werkstatt.views import queries

PAGES = ["ueberblick.py", "zeitplan.py", "fortschritt.py", "werkzeuge.py", "budget.py",
         "indikatoren.py", "praesentation.py", "bearbeiten.py", "aenderungen.py"]
TABLES = [queries.plan_info, queries.schedule, queries.werkzeuge, queries.werkzeug_kontakte,
          queries.kontakte, queries.handlungsfelder, queries.ziele, queries.budget_items,
          queries.indikatoren, queries.messwerte, queries.import_log]


def assert_same(cached, fresh, where: str) -> None:
    if isinstance(cached, pd.DataFrame):
        pd.testing.assert_frame_equal(cached, fresh, obj=where)
    elif isinstance(cached, pd.Series):
        pd.testing.assert_series_equal(cached, fresh, obj=where)
    elif isinstance(cached, go.Figure):
        assert cached.to_plotly_json() == fresh.to_plotly_json(), where
    elif dataclasses.is_dataclass(cached):
        for field in dataclasses.fields(cached):
            assert_same(getattr(cached, field.name), getattr(fresh, field.name),
                        f"{where}.{field.name}")
    elif isinstance(cached, (list, tuple)):
        assert len(cached) == len(fresh), where
        for index, (a, b) in enumerate(zip(cached, fresh, strict=True)):
            assert_same(a, b, f"{where}[{index}]")
    elif isinstance(cached, dict):
        assert cached.keys() == fresh.keys(), where
        for key in cached:
            assert_same(cached[key], fresh[key], f"{where}[{key!r}]")
    else:
        assert cached == fresh or (pd.isna(cached) and pd.isna(fresh)), where


def run_every_page(at, months=("2019-03", "2019-09")):
    for page in PAGES:
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, (page, at.exception)
        for month in months:
            at.selectbox(key="monat").select(date.fromisoformat(month + "-01")).run()
            assert not at.exception, (page, month, at.exception)


@pytest.fixture
def after_every_page():
    at = app()
    run_every_page(at)
    login(at, "chef")
    at.selectbox(key="kontakt").select_index(1).run()
    run_every_page(at, months=("2019-10",))
    return at


def test_no_page_changes_a_shared_table(after_every_page):
    path = str(Path(os.environ["WERKSTATT_DB"]).resolve())
    state = after_every_page.session_state["_data_state"]
    plan = data.plan_at(path, state)
    with connection.connect(path) as con:  # the configuration of the app's own connection
        for query in TABLES:
            assert_same(plan.table(query), query(con), query.__name__)


def test_no_page_changes_a_shared_view(after_every_page):
    """Each view as cached against the same view built again from the (unchanged) tables."""
    current = after_every_page.session_state["_filters"]
    werkzeug = after_every_page.session_state["_werkzeug_url"]  # the last one shown
    built = {  # the view, and the cached function behind it
        "zeitplan": (lambda: views.zeitplan(current, []), views._zeitplan),
        "budget": (lambda: views.budget_view(current, 40), views._budget),
        "ueberblick": (lambda: views.ueberblick(current), views._ueberblick),
        "arbeitsliste": (lambda: views.arbeitsliste(current), views._arbeitsliste),
        "indikatoren": (lambda: views.indikatoren(current), views._indikatoren),
        "werkzeug_profil": (lambda: views.werkzeug_profil(werkzeug, current), views._profil),
    }
    state = after_every_page.session_state["_data_state"]
    for name, (build, cached_function) in built.items():
        with pytest.MonkeyPatch.context() as patch:  # read the state the pages ran with
            patch.setattr(data, "data_state", lambda: state)
            cached = build()
            cached_function.clear()
            data.plan_at.clear()
            assert_same(cached, build(), name)
