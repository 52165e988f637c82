"""The login parts of secrets.toml: a file that is not UTF-8, an [auth] that is no table or is
incomplete, and a user list that is no table close the dashboard with the German message
(never an English traceback, never an open dashboard); a complete [auth] offers the
identity provider's button (issue 14, MEDIUM)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import DASHBOARD

OIDC = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "werkstatt", "client_secret": "geheim",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def closed_with(at: AppTest, detail: str) -> None:
    assert not at.exception
    message = at.error[0].value.replace("\\", "") if at.error else ""
    assert message.startswith("Die Einstellungen (secrets.toml) sind fehlerhaft"), message
    assert detail in message, message
    assert not at.dataframe and not at.get("plotly_chart") and not at.metric
    assert not at.text_input and not at.button  # no login box, no provider button


@pytest.mark.parametrize("secrets, detail", [
    ({"auth": "x"}, "[auth] ist kein Abschnitt"),
    ({"auth": {"redirect_uri": OIDC["redirect_uri"]}}, "[auth] ist unvollständig: es fehlt "
                                                       "cookie_secret, client_id"),
    ({"auth": OIDC | {"client_secret": 5}}, "es fehlt client_secret"),
    ({"auth": OIDC | {"redirect_uri": "http://localhost:8501/"}}, "/oauth2callback"),
    ({"werkstatt_users": "x"}, "[werkstatt_users] ist kein Abschnitt"),
    ({"werkstatt_users": {"anna": "x"}}, "[werkstatt_users.anna] ist kein Abschnitt"),
    ({"werkstatt_oidc_rollen": ["a"]}, "[werkstatt_oidc_rollen] ist kein Abschnitt"),
])
def test_broken_login_settings_close_the_dashboard_in_german(secrets, detail):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets.update(secrets)
    closed_with(at.run(), detail)


def test_a_secrets_file_that_is_not_utf8_closes_the_dashboard(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit import config

    broken = tmp_path / "secrets.toml"
    broken.write_bytes('[werkstatt]\nname = "M\xfcller"\n'.encode("latin-1"))
    monkeypatch.setattr(config, "get_option", lambda key, _get=config.get_option:
                        [str(broken)] if key == "secrets.files" else _get(key))
    monkeypatch.setattr(st.secrets, "_secrets", None)
    closed_with(AppTest.from_file(DASHBOARD, default_timeout=60).run(), "keine UTF-8-Textdatei")


def test_a_complete_auth_section_offers_the_identity_provider_button():
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets.update({"auth": OIDC})
    at.run()
    assert not at.exception and not at.error
    assert any(b.label == "Mit Dienstkonto anmelden" for b in at.button)


def test_authlib_as_streamlit_needs_it_is_installed():
    """The button's server side (Streamlit's /auth/login) imports Authlib's Starlette client
    and needs at least Authlib 1.3.2; requirements.txt pins it."""
    from authlib.integrations import starlette_client  # noqa: F401
    from streamlit.auth_util import is_authlib_installed

    assert is_authlib_installed()
