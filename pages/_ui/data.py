"""Database access for the pages: one connection per process, a cursor per use, and the plan's
data (werkstatt.views.plan_data.PlanData) once per data version.

Every read is keyed on the data version, the database's own change counter
(werkstatt.views.changes.data_version): a write by any session, connection or process is
seen by every session on its next run, and a login flushes nothing. The PlanData of a version
and everything read from it is shared by all sessions without a copy (st.cache_resource:
unpickling a copy per run cost more than the page's own work): read it, never change it
(tests/app/test_shared_reads.py)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from pages._ui import settings
from werkstatt.store import background, backup, connection, snapshot
from werkstatt.store.identity import FileIdentity
from werkstatt.store.importer import ensure_database
from werkstatt.views import changes, public, queries
from werkstatt.views.plan_data import PlanData

# cache key of every read: (data version, public view?, the chosen plan's id or None: newest)
State = tuple[int, bool, int | None]


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
    mode every read goes to the copy without person names."""
    return _reader(path or db_path(), data_state())


def database_cursor():
    """A cursor of the database itself (never the public copy), e.g. for a backup: it can
    still rescue what the server holds when its file was deleted."""
    return _cursor_of(_connection(db_path()))


def writer():
    """A cursor of the database for a write; refused (DatabaseGoneError) when the file the
    server opened is gone or replaced, so no save is confirmed that the next start would
    lose."""
    open_file().identity.check()
    return database_cursor()


def _reader(path: str, state: State):
    version, public_mode, _ = state
    if public_mode:
        return _cursor_of(_public_connection(path, version))
    return _cursor_of(_connection(path))


def refresh_data_state() -> State:
    """Read the data version and the public mode for this run (dashboard.py, and after a
    write): every cached read of the run is keyed on them, read once instead of per table."""
    with _cursor_of(_connection(db_path())) as con:
        state = (changes.data_version(con), settings.public_mode(),
                 st.session_state.get(_PLAN))
    st.session_state["_data_state"] = state
    open_file().read_copy.changed(state[0])  # the command line reads it while we hold the file
    return state


_PLAN = "_plan_id"  # the plan the sidebar chose in this session (None: the newest)


def choose_plan(plan_id: int | None) -> None:
    """The plan every read of this session shows from now on (the sidebar's "Plan")."""
    st.session_state[_PLAN] = plan_id
    version, public_mode, _ = data_state()
    st.session_state["_data_state"] = (version, public_mode, plan_id)


def plans() -> pd.DataFrame:
    """Every plan of the database (id, jahr, kreis, titel), newest first."""
    return query(queries.all_plans)


def data_state() -> State:
    """The key of every cached read, as read at the start of this run: the data version, and
    whether reads go to the copy without names (a secrets change can switch the public view
    on in a running server)."""
    if "_data_state" not in st.session_state:
        return refresh_data_state()
    return st.session_state["_data_state"]


def now() -> tuple[str, State]:
    """The database and the data state of this run: the first part of every cached view's key."""
    return db_path(), data_state()


@st.cache_resource(show_spinner=False, max_entries=8)
def plan_at(path: str, state: State) -> PlanData:
    """The chosen plan's data (state[2]) of one data version."""
    def read(query: Callable[..., Any]) -> Any:
        with _reader(path, state) as con:
            return query(con, state[2])

    return PlanData(read)


def plan() -> PlanData:
    """The plan's data of this run's data version (tables read once, shared by all sessions)."""
    return plan_at(*now())


@st.cache_resource(show_spinner=False, max_entries=64)
def _query_at(_query: Callable[..., Any], name: str, path: str, state: State, *args) -> Any:
    # Streamlit cannot hash a function: the leading underscore leaves it out of the cache key,
    # its qualified name stands for it there
    with _reader(path, state) as con:
        return _query(con, *args)


def query(function: Callable[..., Any], *args) -> Any:
    """A query of werkstatt.views.queries with arguments (e.g. one measure's history), cached
    per data version."""
    return _query_at(function, function.__qualname__, *now(), *args)


def change_log() -> pd.DataFrame:
    """The change history; unlike the plan's tables it also grows with every login attempt."""
    with cursor() as con:
        version = changes.data_version(con, with_logins=True)
    return _query_at(queries.changes, "changes", db_path(),
                     (version, settings.public_mode(), None))
