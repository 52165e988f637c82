"""AppTest helpers: run dashboard.py the way a server does, then one page of it."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard.py"  # absolute: independent of cwd


@pytest.fixture(autouse=True)
def _plan_database(app_env):
    """Every app test runs against its own copy of the built plan (WERKSTATT_DB)."""
    return app_env


def run_page(page_file: str, query: dict | None = None) -> AppTest:
    """Run dashboard.py, switch to ``pages/<page_file>`` and run again; returns the AppTest.

    Usage: ``from tests.app.conftest import run_page``;
    ``at = run_page("zeitplan.py", {"feld": "2"}); assert not at.exception``.

    The first run lets st.navigation register its pages (AppTest.switch_page needs that).
    Query parameters: ``AppTest.query_params`` is a plain dict that ``run()`` hands to the
    script as the URL's query string (values ``str`` or ``list[str]`` for repeated keys);
    after each run it is replaced by the query string the app left behind. So the query is
    set right before the page run, as if the browser had opened ``/<page>?<query>``; the
    page reads it through ``st.query_params`` and the test can read back ``at.query_params``.
    """
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    at.run()
    at.switch_page(f"pages/{page_file}")
    if query:
        at.query_params.update({k: v if isinstance(v, list) else str(v) for k, v in query.items()})
    return at.run()
