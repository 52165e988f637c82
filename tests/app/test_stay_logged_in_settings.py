"""The county's settings for staying logged in (issue 15 §8); the browser tests of the cookie
are in tests/e2e/test_daily_use_browser.py."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import DASHBOARD
from tests.app.test_progress_pages import USERS, login


@pytest.mark.parametrize("setting, detail", [
    ({"angemeldet_bleiben": "ja"}, "angemeldet_bleiben muss true oder false sein"),
    ({"angemeldet_bleiben_stunden": 48}, "angemeldet_bleiben_stunden muss eine ganze Zahl von 1 "
                                         "bis 24 sein"),
    ({"angemeldet_bleiben_stunden": "10"}, "angemeldet_bleiben_stunden muss eine ganze Zahl"),
])
def test_a_wrong_setting_for_staying_logged_in_closes_the_dashboard_in_german(setting, detail):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets["werkstatt"] = setting
    at.run()
    assert not at.exception
    message = at.error[0].value.replace("\\", "")
    assert message.startswith("Die Einstellungen (secrets.toml) sind fehlerhaft") and \
        detail in message
    assert not at.selectbox and not at.dataframe


def test_without_the_servers_routes_a_login_works_for_the_session_and_stores_no_session(app_env):
    """`streamlit run dashboard.py` (as AppTest runs it) has no cookie routes: nothing to
    hand over, so no session record is written."""
    import duckdb

    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets["werkstatt_users"] = USERS
    at.secrets["werkstatt"] = {"angemeldet_bleiben": True, "angemeldet_bleiben_stunden": 8}
    login(at.run(), "anna")
    assert not at.exception
    assert any("Angemeldet" in m.value for m in at.sidebar.markdown)
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT count(*) FROM anmeldesitzung").fetchone() == (0,)
    con.close()
