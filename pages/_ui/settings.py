"""The server's settings from secrets.toml. A broken file closes the dashboard for everyone
(SettingsError): read protection and the public mode must never fail open."""
from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from werkstatt import vocab
from werkstatt.commands import login
from werkstatt.errors import ValidationError, WerkstattError

SECTION = "werkstatt"


class SettingsError(WerkstattError):
    """secrets.toml cannot be read or holds a value of the wrong kind."""


def _broken(detail: str) -> SettingsError:
    return SettingsError("Die Einstellungen (secrets.toml) sind fehlerhaft; das Dashboard bleibt "
                         "geschlossen, bis eine Administratorin oder ein Administrator die Datei "
                         f"korrigiert hat. Einzelheit: {detail}")


def section(name: str) -> dict:
    """One [section] of the secrets; {} when there is no secrets file or no such section."""
    try:
        value = st.secrets.get(name, {})
    except StreamlitSecretNotFoundError as exc:
        if getattr(exc, "error_id", None) == "no-secrets-found":
            return {}  # no file at all: a dashboard without users, open for reading
        # the TOML error without the file's path (everyone sees this message)
        raise _broken(str(exc.exec_kwargs.get("error", "nicht lesbar"))) from exc
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise _broken("secrets.toml ist keine UTF-8-Textdatei.") from None
    if not hasattr(value, "items"):
        raise _broken(f"[{name}] ist kein Abschnitt.")
    return dict(value)


def _flag(key: str) -> bool:
    value = section(SECTION).get(key, False)
    if not isinstance(value, bool):
        raise _broken(f"{key} muss true oder false sein (ohne Anführungszeichen), nicht "
                      f"{value!r}.")
    return value


def login_required_for_viewing() -> bool:
    """[werkstatt] anmeldung_zum_lesen = true: the plan only for logged-in users."""
    return _flag("anmeldung_zum_lesen")


def public_mode() -> bool:
    """[werkstatt] oeffentlich = true: read-only, no login, no person's name anywhere."""
    public = _flag("oeffentlich")
    if public and login_required_for_viewing():
        raise _broken("oeffentlich und anmeldung_zum_lesen schließen einander aus.")
    return public


def check() -> None:
    """Raise SettingsError if the secrets are broken (the first thing every run does)."""
    public_mode()
    login_required_for_viewing()
    try:
        login.check_login_settings(section(vocab.OIDC_SECTION), section(vocab.USERS_SECTION))
        section(vocab.OIDC_ROLES_SECTION)  # a table, or the file is broken
    except ValidationError as exc:
        raise _broken(str(exc)) from None
