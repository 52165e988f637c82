"""Database access for the pages: one connection per process, a cursor per use, cached tables.

Cached tables are keyed on the data version, the database's own change counter
(werkstatt.views.changes.data_version): a write by any session, connection or process is
seen by every session on its next run, and a login flushes nothing. Every cached read is
shared by all sessions without a copy (st.cache_resource: unpickling a copy per run cost more
than the page's own work): read it, never change it (tests/app/test_shared_reads.py)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from pages._ui import settings
from werkstatt import dates
from werkstatt.store import background, backup, connection, snapshot
from werkstatt.store.identity import FileIdentity
from werkstatt.store.importer import ensure_database
from werkstatt.views import changes, contacts, public, queries, schedule, status
from werkstatt.views import filters as flt

State = tuple[int, bool]  # cache key of every read: (data version, public view?)


def db_path() -> str:
    return str(connection.default_db_path().resolve())


@st.cache_resource(show_spinner="Datenbank wird vorbereitet …")
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """One connection per process and database file; each use takes its own cursor.
    Opening it is the server start: the file is built at a first start (never when backups
    of a missing file exist) and backed up beside the first page."""
    ensure_database(path)
    con = connection.connect(path)  # extensions never auto-load; errors say what is wrong
    _opened(path, con).backups.start()
    return con


@dataclass
class OpenFile:
    """What the server keeps beside its connection: the identity of the file it opened, and
    the jobs that copy it (backups, the read copy for the command line)."""
    identity: FileIdentity
    backups: background.Job
    read_copy: background.Debounced


@st.cache_resource(show_spinner=False)
def _opened(path: str, _con: duckdb.DuckDBPyConnection) -> OpenFile:
    db = Path(path)

    def backup_work() -> None:
        with _cursor_of(_con) as con:
            backup.backup_now(con, db)

    def copy_work() -> None:
        if opened.identity.problem() is None:  # never a copy of a file that is gone
            with _cursor_of(_con) as con:
                snapshot.write(con, db)

    opened = OpenFile(FileIdentity.of(path), background.Job(backup_work, "Sicherung"),
                      background.Debounced(background.Job(copy_work, "Lesekopie")))
    return opened


def open_file() -> OpenFile:
    path = db_path()
    return _opened(path, _connection(path))


def file_problem() -> str | None:
    """None while the server's file is still there; else the German reason nothing is saved
    (shown on every page, checked on every run: one stat call)."""
    return open_file().identity.problem()


def write_cursor():
    """A cursor for a write: refused (DatabaseGoneError) when the file the server opened is
    gone or replaced, so no save is confirmed that the next start would lose."""
    open_file().identity.check()
    return cursor()


@st.cache_resource(show_spinner=False, max_entries=2)
def _public_connection(path: str, version: int) -> duckdb.DuckDBPyConnection:
    """The plan without person names (werkstatt.views.public), rebuilt when the data change."""
    with _cursor_of(_connection(path)) as con:
        return public.public_copy(con)


@contextmanager
def _cursor_of(connection: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connection.cursor()
    try:
        yield con
    finally:
        con.close()


def cursor(path: str | None = None):
    """A cursor of this process's connection, closed however the block ends. In the public
    mode every read (pages, downloads) goes to the copy without person names."""
    return _reader(path or db_path(), data_state())


def _reader(path: str, state: State):
    version, public_mode = state
    if public_mode:
        return _cursor_of(_public_connection(path, version))
    return _cursor_of(_connection(path))


def refresh_data_state() -> State:
    """Read the data version and the public mode for this run (dashboard.py, and after a
    write): every cached read of the run is keyed on them, read once instead of per table."""
    with _cursor_of(_connection(db_path())) as con:
        state = (changes.data_version(con), settings.public_mode())
    st.session_state["_data_state"] = state
    open_file().read_copy.changed(state[0])  # the command line reads it while we hold the file
    return state


def backup_root() -> Path:
    return backup.backup_root(Path(db_path()))


def backup_now() -> Path:
    """"Sicherung jetzt": a backup of the database this server holds (StoreError if not)."""
    path = db_path()
    opened = open_file()
    with opened.backups.lock, _cursor_of(_connection(path)) as con:
        try:
            return backup.backup_now(con, Path(path))
        except (duckdb.Error, OSError) as exc:
            raise connection.store_error(exc, backup.backup_root(Path(path))) from exc


def nightly_backup() -> None:
    """The nightly backup, checked on every run (a directory listing): started beside the
    page when the newest backup is 24 hours old; a failure is logged, never shown."""
    root = backup_root()
    if backup.nightly_backup_due(root):
        open_file().backups.start(when=lambda: backup.nightly_backup_due(root))


def data_state() -> State:
    """The key of every cached read, as read at the start of this run: the data version, and
    whether reads go to the copy without names (a secrets change can switch the public view
    on in a running server)."""
    if "_data_state" not in st.session_state:
        return refresh_data_state()
    return st.session_state["_data_state"]


@st.cache_resource(show_spinner=False, max_entries=64)
def load_at(name: str, path: str, state: State, *args) -> pd.DataFrame | dict:
    with _reader(path, state) as con:
        return getattr(queries, name)(con, *args)


def table(name: str, *args):
    """A cached read-only view from werkstatt.views.queries (DataFrame, or dict for plan_info),
    e.g. table("schedule") or table("status_history", massnahme_id)."""
    return load_at(name, db_path(), data_state(), *args)


def change_log() -> pd.DataFrame:
    """The change history; unlike the plan's tables it also grows with every login attempt."""
    with cursor() as con:
        version = changes.data_version(con, with_logins=True)
    return load_at("changes", db_path(), (version, settings.public_mode()))


@st.cache_resource(show_spinner=False, max_entries=8)
def calendar_at(path: str, state: State) -> tuple[list[date], tuple[date, date]]:
    """Plan months and the days values may have: needed by the sidebar and several pages on
    every rerun, so read once per data version instead of from copies of the schedule."""
    with _reader(path, state) as con:
        months = schedule.plan_monate(queries.plan_info(con)["jahr"], queries.schedule(con))
        return months, queries.plan_period(con)


def plan_monate() -> list[date]:
    return calendar_at(db_path(), data_state())[0]


def plan_period() -> tuple[date, date]:
    """Days a value or Termin may have (the plan year and the years the overview marks)."""
    return calendar_at(db_path(), data_state())[1]


@st.cache_resource(show_spinner=False, max_entries=8)
def _filter_choices(path: str, state: State) -> flt.Choices:
    months = calendar_at(path, state)[0]
    return flt.Choices(monate=[dates.month_key(m) for m in months],
                       kontakte=list(load_at("kontakte", path, state)["name"]),
                       handlungsfelder=list(load_at("handlungsfelder", path, state)["name"]),
                       first_day=months[0], last_day=dates.month_end(months[-1]))


def filter_choices() -> flt.Choices:
    """What the sidebar filters offer, once per data version (read on every run)."""
    return _filter_choices(db_path(), data_state())


def default_stichtag() -> date:
    return schedule.clamp_stichtag(date.today(), plan_monate())


@st.cache_resource(show_spinner=False, max_entries=8)
def kontakte_at(path: str, state: State) -> dict[int, str]:
    return contacts.kontakte_by_werkzeug(load_at("werkzeug_kontakte", path, state))


def kontakte_by_werkzeug() -> dict[int, str]:
    """{werkzeug_id: 'Name (Rolle); …'} for the measure tables, once per data version."""
    return kontakte_at(db_path(), data_state())


def massnahme_titel() -> dict[int, str]:
    """Every measure's title by id (also of measures no filter shows)."""
    rows = table("schedule")
    return dict(zip(rows["massnahme_id"], rows["massnahme"], strict=False))


def filter_key(current: flt.Filters) -> tuple:
    """The filters as a cache key (Filters also carries the notices of its URL)."""
    return (current.monat, current.kontakt, current.handlungsfeld, current.ort,
            current.zielgruppe, current.stichtag)


def werkzeug_key(current: flt.Filters) -> tuple:
    """The part of the filters that chooses Werkzeuge (the month and Stichtag do not)."""
    return (flt.ALL, current.kontakt, current.handlungsfeld, current.ort, current.zielgruppe)


@st.cache_resource(show_spinner=False, max_entries=32)
def werkzeuge_at(path: str, state: State, wahl: tuple) -> set[int]:
    return flt.matching_werkzeuge(load_at("werkzeuge", path, state),
                                  load_at("werkzeug_kontakte", path, state), flt.Filters(*wahl))


def matching_werkzeuge(current: flt.Filters) -> set[int]:
    """Ids of the Werkzeuge passing the filters, once per data version and filter choice."""
    return werkzeuge_at(db_path(), data_state(), werkzeug_key(current))


@st.cache_resource(show_spinner=False, max_entries=32)
def states_at(path: str, state: State, wahl: tuple, stichtag: date,
              month: date) -> pd.DataFrame:
    rows = load_at("schedule", path, state)
    rows = rows[rows["werkzeug_id"].isin(werkzeuge_at(path, state, wahl))]
    return status.massnahme_states(rows, stichtag, month)


@st.cache_resource(show_spinner=False, max_entries=64)
def _termine(path: str, state: State, massnahme_id: int) -> pd.DataFrame:
    rows = load_at("schedule", path, state)
    return rows[rows["massnahme_id"] == massnahme_id]


def massnahme_termine(massnahme_id: int) -> pd.DataFrame:
    """The schedule rows of one measure (its Termine), for the detail view."""
    return _termine(db_path(), data_state(), massnahme_id)
