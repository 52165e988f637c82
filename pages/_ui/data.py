"""Database access for the pages: one connection per process, a cursor per use, cached tables.

Cached tables are keyed on the data version, the database's own change counter
(werkstatt.views.changes.data_version): a write by any session, connection or process is
seen by every session on its next run, and a login flushes nothing."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from werkstatt.errors import StoreError
from werkstatt.store import backup, schema
from werkstatt.store.importer import ensure_database
from werkstatt.views import changes, queries, schedule


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


@contextmanager
def cursor(path: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of this process's connection, closed however the block ends."""
    con = _connection(path or db_path()).cursor()
    try:
        yield con
    finally:
        con.close()


def refresh_data_version() -> int:
    """Read the data version for this run (dashboard.py, and after a write)."""
    with cursor() as con:
        st.session_state["_data_version"] = changes.data_version(con)
    return st.session_state["_data_version"]


def data_version() -> int:
    """The data version read at the start of this run: one query per run, not per table."""
    if "_data_version" not in st.session_state:
        return refresh_data_version()
    return st.session_state["_data_version"]


@st.cache_data(show_spinner=False, max_entries=64)
def _load(name: str, path: str, version: int, *args) -> pd.DataFrame | dict:
    with cursor(path) as con:
        return getattr(queries, name)(con, *args)


def table(name: str, *args):
    """A cached read-only view from werkstatt.views.queries (DataFrame, or dict for plan_info),
    e.g. table("schedule") or table("status_history", massnahme_id)."""
    return _load(name, db_path(), data_version(), *args)


def change_log() -> pd.DataFrame:
    """The change history; unlike the plan's tables it also grows with every login attempt."""
    with cursor() as con:
        version = changes.data_version(con, with_logins=True)
    return _load("changes", db_path(), version)


@st.cache_data(show_spinner=False, max_entries=8)
def _calendar(path: str, version: int) -> tuple[list[date], tuple[date, date]]:
    """Plan months and the days values may have: needed by the sidebar and several pages on
    every rerun, so read once per data version instead of from copies of the schedule."""
    with cursor(path) as con:
        months = schedule.plan_monate(queries.plan_info(con)["jahr"], queries.schedule(con))
        return months, queries.plan_period(con)


def plan_monate() -> list[date]:
    return _calendar(db_path(), data_version())[0]


def plan_period() -> tuple[date, date]:
    """Days a value or Termin may have (the plan year and the years the overview marks)."""
    return _calendar(db_path(), data_version())[1]


def default_stichtag() -> date:
    return schedule.clamp_stichtag(date.today(), plan_monate())
