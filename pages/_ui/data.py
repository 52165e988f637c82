"""Database access for the pages: one connection per process, a cursor per use, cached tables.

Cached tables are keyed on the data version, the database's own change counter
(werkstatt.views.changes.data_version): a write by any session, connection or process is
seen by every session on its next run, and a login flushes nothing."""
from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from pages._ui import settings
from werkstatt.errors import StoreError
from werkstatt.store import backup, schema
from werkstatt.store.importer import ensure_database
from werkstatt.views import changes, public, queries, schedule

_backup_lock = threading.Lock()  # one backup at a time in this server process


def db_path() -> str:
    return str(schema.default_db_path().resolve())


@st.cache_resource(show_spinner="Datenbank wird vorbereitet …")
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """One connection per process and database file; each use takes its own cursor.
    Opening it is the server start: the file is built if missing and backed up."""
    ensure_database(path)
    con = schema.connect(path)  # extensions never auto-load; errors say what is wrong
    try:
        backup.backup(con, backup.backup_root(Path(path)))
    except (duckdb.Error, OSError, StoreError) as exc:  # no backup: no reason to hide the plan
        print(f"Warnung: automatische Sicherung beim Start fehlgeschlagen: {exc}", file=sys.stderr)
    return con


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
    path = path or db_path()
    if settings.public_mode():
        return _cursor_of(_public_connection(path, data_version()))
    return _cursor_of(_connection(path))


def refresh_data_version() -> int:
    """Read the data version for this run (dashboard.py, and after a write)."""
    with _cursor_of(_connection(db_path())) as con:
        st.session_state["_data_version"] = changes.data_version(con)
    return st.session_state["_data_version"]


def backup_root() -> Path:
    return backup.backup_root(Path(db_path()))


def backup_now() -> Path:
    """"Sicherung jetzt": a backup of the database this server holds (StoreError if not)."""
    path = db_path()
    with _backup_lock, _cursor_of(_connection(path)) as con:
        try:
            return backup.backup_now(con, Path(path))
        except (duckdb.Error, OSError) as exc:
            raise schema.store_error(exc, backup.backup_root(Path(path))) from exc


def nightly_backup() -> Path | None:
    """The nightly backup, checked on every run (a directory listing): made once when the
    newest backup is 24 hours old, by the first run that sees it due; other sessions' runs
    skip while it is being made. A failure is logged, never shown: the plan stays visible."""
    root = backup_root()
    if not backup.nightly_backup_due(root) or not _backup_lock.acquire(blocking=False):
        return None
    try:
        if not backup.nightly_backup_due(root):  # made by another session meanwhile
            return None
        with _cursor_of(_connection(db_path())) as con:
            return backup.backup_now(con, Path(db_path()))
    except (duckdb.Error, OSError, StoreError) as exc:
        print(f"Warnung: nächtliche Sicherung fehlgeschlagen: {exc}", file=sys.stderr)
        return None
    finally:
        _backup_lock.release()


def data_version() -> int:
    """The data version read at the start of this run: one query per run, not per table."""
    if "_data_version" not in st.session_state:
        return refresh_data_version()
    return st.session_state["_data_version"]


@st.cache_data(show_spinner=False, max_entries=64)
def _load(name: str, path: str, version: int, public_mode: bool, *args) -> pd.DataFrame | dict:
    with cursor(path) as con:
        return getattr(queries, name)(con, *args)


def table(name: str, *args):
    """A cached read-only view from werkstatt.views.queries (DataFrame, or dict for plan_info),
    e.g. table("schedule") or table("status_history", massnahme_id)."""
    return _load(name, db_path(), data_version(), settings.public_mode(), *args)


def change_log() -> pd.DataFrame:
    """The change history; unlike the plan's tables it also grows with every login attempt."""
    with cursor() as con:
        version = changes.data_version(con, with_logins=True)
    return _load("changes", db_path(), version, settings.public_mode())


@st.cache_data(show_spinner=False, max_entries=8)
def _calendar(path: str, version: int, public_mode: bool) -> tuple[list[date], tuple[date, date]]:
    """Plan months and the days values may have: needed by the sidebar and several pages on
    every rerun, so read once per data version instead of from copies of the schedule."""
    with cursor(path) as con:
        months = schedule.plan_monate(queries.plan_info(con)["jahr"], queries.schedule(con))
        return months, queries.plan_period(con)


def plan_monate() -> list[date]:
    return _calendar(db_path(), data_version(), settings.public_mode())[0]


def plan_period() -> tuple[date, date]:
    """Days a value or Termin may have (the plan year and the years the overview marks)."""
    return _calendar(db_path(), data_version(), settings.public_mode())[1]


def default_stichtag() -> date:
    return schedule.clamp_stichtag(date.today(), plan_monate())
