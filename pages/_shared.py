"""Streamlit glue shared by dashboard.py and the pages: database access, cached tables and the
sidebar filters kept in the URL. Domain logic stays in werkstatt/."""
from __future__ import annotations

import sys
from datetime import date

import duckdb
import pandas as pd
import streamlit as st

from werkstatt import dates, formats, text, vocab
from werkstatt.commands import auth
from werkstatt.errors import ConflictError, WerkstattError
from werkstatt.store import backup, schema
from werkstatt.store.importer import ensure_database
from werkstatt.views import contacts, queries, schedule
from werkstatt.views import filters as flt

FILTER_KEYS = ("monat", "kontakt", "handlungsfeld", "ort", "zielgruppe", "stichtag")


def db_path() -> str:
    return str(schema.default_db_path().resolve())


@st.cache_resource(show_spinner="Datenbank wird vorbereitet …")
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """One connection per process and database file; each script run takes its own cursor.
    Opening it is the server start: the file is built if missing and backed up."""
    ensure_database(path)
    con = duckdb.connect(path)
    try:
        backup.backup(con, backup.backup_root(path))
    except (duckdb.Error, OSError) as exc:  # no backup is no reason to keep the plan away
        print(f"Warnung: automatische Sicherung beim Start fehlgeschlagen: {exc}", file=sys.stderr)
    return con


def cursor() -> duckdb.DuckDBPyConnection:
    return _connection(db_path()).cursor()


@st.cache_data(show_spinner=False, max_entries=64)
def _load(name: str, path: str, version: int) -> pd.DataFrame | dict:
    con = _connection(path).cursor()
    try:
        return getattr(queries, name)(con)
    finally:
        con.close()


def data_version() -> int:
    """Bumped by every write (write(), login) so cached tables are re-read."""
    return _write_counter(db_path())["version"]


@st.cache_resource
def _write_counter(path: str) -> dict:
    return {"version": 0}


def table(name: str):
    """A cached read-only view from werkstatt.queries (DataFrame, or dict for plan_info)."""
    return _load(name, db_path(), data_version())


# --- filters ---------------------------------------------------------------------------------
def _choices() -> flt.Choices:
    months = plan_monate()
    return flt.Choices(monate=[dates.month_key(m) for m in months],
                       kontakte=list(table("kontakte")["name"]),
                       handlungsfelder=list(table("handlungsfelder")["name"]), first_day=months[0],
                       last_day=dates.month_end(months[-1]))


@st.cache_data(show_spinner=False, max_entries=8)
def _calendar(path: str, version: int) -> tuple[list[date], tuple[date, date]]:
    """Plan months and the days values may have: needed by the sidebar and several pages on
    every rerun, so read once per data version instead of from copies of the schedule."""
    con = _connection(path).cursor()
    try:
        months = schedule.plan_monate(queries.plan_info(con)["jahr"], queries.schedule(con))
        return months, queries.plan_period(con)
    finally:
        con.close()


def plan_monate() -> list[date]:
    return _calendar(db_path(), data_version())[0]


def default_stichtag() -> date:
    return schedule.clamp_stichtag(date.today(), plan_monate())


def sidebar_filters() -> flt.Filters:
    """Render the shared filters; URL -> widgets when the URL brings new values, widgets -> URL
    always (page switches clear the URL, so it is written back on every run)."""
    choices, default_day = _choices(), default_stichtag()
    incoming = {k: v for k, v in st.query_params.to_dict().items() if k in FILTER_KEYS}
    notices: list[str] = []
    if incoming and incoming != st.session_state.get("_written_query"):
        parsed = flt.from_query(incoming, choices, default_day)
        notices = parsed.notices
        for key in FILTER_KEYS:
            st.session_state[key] = getattr(parsed, key)
    sidebar = st.sidebar
    sidebar.header("Filter")
    monat = sidebar.selectbox(
        "Monat", [flt.ALL] + choices.monate, key="monat",
        format_func=lambda m: "alle Monate" if m == flt.ALL else
        formats.month_long(date.fromisoformat(m + "-01")),
        help="Zeigt Maßnahmen, deren Termin diesen Monat berührt.")
    kontakt = sidebar.selectbox(
        "Kontakt", [flt.ALL] + choices.kontakte, key="kontakt",
        format_func=lambda k: "alle Kontakte" if k == flt.ALL else k,
        help="Personen, Stellen und externe Partner aus dem Plan, in jeder Rolle.")
    feld = sidebar.selectbox(
        "Handlungsfeld", [flt.ALL] + choices.handlungsfelder + [flt.CROSS_CUTTING],
        key="handlungsfeld",
        format_func=lambda f: {flt.ALL: "alle Handlungsfelder",
                               flt.CROSS_CUTTING: "Querschnitt (ohne Handlungsfeld)"}.get(f, f))
    ort = sidebar.text_input("Umsetzungsort enthält", key="ort", max_chars=flt.MAX_TEXT,
                             placeholder="z. B. Heide")
    zielgruppe = sidebar.text_input("Zielgruppe enthält", key="zielgruppe",
                                    max_chars=flt.MAX_TEXT, placeholder="z. B. Jugendliche")
    if "stichtag" not in st.session_state:
        st.session_state["stichtag"] = default_day
    stichtag = sidebar.date_input(
        "Stichtag", key="stichtag", min_value=choices.first_day, max_value=choices.last_day,
        format="DD.MM.YYYY", help="Bezugstag für „fällig“ und „überfällig“; Standard: heute, "
                                  "begrenzt auf den Planzeitraum.")
    current = flt.Filters(monat, kontakt, feld, ort or "", zielgruppe or "", stichtag, notices)
    written = flt.to_query(current, default_day)
    for key in FILTER_KEYS:
        if key in written:
            st.query_params[key] = written[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state["_written_query"] = written
    st.session_state["_filters"] = current
    return current


def current_filters() -> flt.Filters:
    """The filters dashboard.py rendered in this run; notices and messages left by the last
    run (a save, a conflict) are shown once, on top."""
    if "_filters" not in st.session_state:
        _leave_legacy_pages_mode()
    current = st.session_state["_filters"]
    for notice in current.notices:
        st.warning(notice, icon=":material/link_off:")
    _messages_from_last_run()
    return current


def _messages_from_last_run() -> None:
    for key in st.session_state.pop("_reset_widgets", []):
        st.session_state.pop(key, None)  # before the page draws them: they show fresh values
    for kind, message in st.session_state.pop("_flash", []):
        getattr(st, kind)(text.markdown_escape(message))


def require_admin(refusal: str) -> auth.User:
    """The logged-in admin, or the German refusal and the end of this page's run."""
    _messages_from_last_run()
    user = current_user()
    if user is None or not user.can_edit_plan:
        st.info(refusal, icon=":material/lock:")
        st.stop()
    return user


def matching_werkzeuge(current: flt.Filters) -> set[int]:
    return flt.matching_werkzeuge(table("werkzeuge"), table("werkzeug_kontakte"), current)


def kontakte_by_werkzeug() -> dict[int, str]:
    return contacts.kontakte_by_werkzeug(table("werkzeug_kontakte"))


def filter_caption(current: flt.Filters) -> str:
    # URL values reach this Markdown caption: escaped, so a link cannot ride in on a bookmark
    return text.markdown_escape(flt.describe(current))


def _leave_legacy_pages_mode() -> None:
    """The first request after a server start that deep-links to a page (/zeitplan) runs the
    page the legacy pages/-folder way, without dashboard.py, because Streamlit only learns of
    st.navigation once dashboard.py has run. Switch to navigation mode (what dashboard.py's
    st.navigation call does) and rerun, so the entry script and its filters run first."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


# --- login and writes ------------------------------------------------------------------------
def _secret(section: str) -> dict:
    try:
        return dict(st.secrets.get(section, {}))
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


def login_required_for_viewing() -> bool:
    return bool(_secret("werkstatt").get("anmeldung_zum_lesen", False))


def current_user() -> auth.User | None:
    """The logged-in user: password login, or the identity provider (st.login) if configured."""
    user = st.session_state.get("_user")
    if user is None and _secret("auth") and getattr(st.user, "is_logged_in", False):
        email = st.user.get("email")  # only the provider's address maps to a role, never a name
        if email:
            role = _secret("werkstatt_oidc_rollen").get(str(email), vocab.READER)
            user = auth.User(str(email), role if role in vocab.USER_ROLES else vocab.READER)
    return user


def sidebar_login() -> auth.User | None:
    """Login box in the sidebar; viewing needs none unless the secrets say so."""
    box = st.sidebar.container(border=True)
    user = current_user()
    if user is not None:
        box.markdown(f"Angemeldet: **{text.markdown_escape(user.name)}** ({user.role})")
        if box.button("Abmelden", key="logout"):
            st.session_state.pop("_user", None)
            if _secret("auth") and getattr(st.user, "is_logged_in", False):
                st.logout()
            st.rerun()
        return user
    with box.form("login", border=False, clear_on_submit=True):
        st.markdown("**Anmelden** zum Eintragen")
        name = st.text_input("Benutzername", key="login_name", autocomplete="username")
        password = st.text_input("Passwort", type="password", key="login_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Anmelden")
    if submitted:
        con = cursor()
        try:
            st.session_state["_user"] = auth.authenticate(con, _secret(auth.USERS_SECTION),
                                                         name, password)
        except WerkstattError as exc:
            box.error(str(exc))
        else:
            bump_data_version()
            st.rerun()
        finally:
            con.close()
    if _secret("auth"):
        box.button("Mit Dienstkonto anmelden", key="oidc_login", on_click=st.login)
    return None


def bump_data_version() -> None:
    """After a write: cached tables of every session in this process are read anew."""
    _write_counter(db_path())["version"] += 1


def write(action, success: str, version_key: str | None = None) -> bool:
    """Run a write (a callable taking a cursor) and report it in German; True if saved.

    On a conflict the form's remembered version is dropped and the page reruns: forms keyed
    by version then show the newer state, with the conflict message on top."""
    con = cursor()
    try:
        action(con)
    except ConflictError as exc:
        if version_key:
            forget_state(version_key)
        flash("error", str(exc))
        bump_data_version()
        st.rerun()
    except WerkstattError as exc:
        st.error(text.markdown_escape(str(exc)), icon=":material/error:")
        return False
    finally:
        con.close()
    bump_data_version()
    st.toast(text.markdown_escape(success), icon=":material/check_circle:")
    return True


def flash(kind: str, message: str) -> None:
    """A message (st.success/st.error/…) for the top of the next run."""
    st.session_state.setdefault("_flash", []).append((kind, message))


def reset_widgets(keys) -> None:
    """Widgets to draw afresh (from current data) on the next run."""
    st.session_state.setdefault("_reset_widgets", []).extend(keys)


def seen_version(key: str, current: int) -> int:
    """The version of a record as this session first showed it in a form: saving refuses a
    newer one (someone else saved in between) instead of overwriting it."""
    return seen_state(key, current)["version"]


def seen_state(key: str, version: int, value=None) -> dict:
    """{'version', 'value'} as first shown in this session (see seen_version)."""
    states = st.session_state.setdefault("_seen", {})
    return states.setdefault(key, {"version": int(version), "value": value})


def remember_version(key: str, version: int) -> None:
    """After a save: the form now stands on the version just written."""
    st.session_state.setdefault("_seen", {}).setdefault(key, {})["version"] = version


def forget_state(key: str) -> None:
    """After a conflict or "Neu laden": the next run takes the current state."""
    st.session_state.setdefault("_seen", {}).pop(key, None)


def plan_period() -> tuple[date, date]:
    """Days a value or Termin may have (the plan year and the years the overview marks)."""
    return _calendar(db_path(), data_version())[1]
