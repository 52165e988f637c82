"""How every write happens: validated input, one serialised transaction, an audit row.

Streamlit runs each session in its own thread, each with its own cursor. Two DuckDB
transactions that touch the same row conflict, so writes of this process go one at a time
(a process lock) and a transaction conflict from elsewhere is retried a few times.
"""
from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

import duckdb

from werkstatt.errors import ConflictError, ValidationError
from werkstatt.store import plans
from werkstatt.store.connection import is_disk_full, store_error
from werkstatt.text import clean_input

T = TypeVar("T")
WRITE_LOCK = threading.RLock()
RETRIES = 5
MAX_USER = 100


def check_user(user: str | None) -> str:
    if not isinstance(user, str) or not user.strip():
        raise ValidationError("Ohne angemeldeten Benutzer wird nichts gespeichert.")
    user = user.strip()
    if clean_input(user) != user:  # "anna\n" or a zero-width space would be another name
        raise ValidationError("Der Benutzername enthält Steuer- oder unsichtbare Zeichen.")
    if len(user) > MAX_USER:
        raise ValidationError(f"Der Benutzername ist länger als {MAX_USER} Zeichen.")
    return user


def transaction(con: duckdb.DuckDBPyConnection, work: Callable[[], T]) -> T:
    """Run `work` in one transaction, serialised in this process; on a DuckDB write
    conflict roll back and retry. Validation and conflict errors roll back and propagate."""
    for attempt in range(RETRIES):
        with WRITE_LOCK:
            con.execute("BEGIN TRANSACTION")
            try:
                result = work()
                con.execute("COMMIT")
                return result
            except duckdb.TransactionException as exc:
                _rollback(con)
                if is_disk_full(exc):  # a commit on a full disk is no conflict to retry
                    raise store_error(exc, "Die Datenbankdatei") from exc
                if attempt == RETRIES - 1:
                    raise ConflictError("Die Datenbank war zu lange durch andere Änderungen "
                                        "belegt. Bitte noch einmal speichern.") from None
            except duckdb.IOException as exc:  # full disk, no rights: say so, not "busy"
                _rollback(con)
                raise store_error(exc, "Die Datenbankdatei") from exc
            except BaseException:
                _rollback(con)
                raise
        time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # a COMMIT that failed has already ended the transaction; ROLLBACK would raise again
    with contextlib.suppress(duckdb.TransactionException):
        con.execute("ROLLBACK")


def _json_default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value))


def as_json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=_json_default,
                                                 sort_keys=True)


def audit(con: duckdb.DuckDBPyConnection, *, user: str, table: str, record_id: int | None,
          action: str, old=None, new=None, when: datetime | None = None) -> None:
    """One row of the change history (inside the caller's transaction). Every write logs
    itself here, so here a write to a plan carried forward is refused (ReadOnlyPlanError),
    and the caller's transaction rolls back."""
    logged = {k: v for values in (old, new) if isinstance(values, dict) for k, v in values.items()}
    plans.check_writable(con, plans.plan_of_record(con, table, record_id, logged))
    con.execute("INSERT INTO aenderung (zeitpunkt, benutzer, tabelle, datensatz_id, aktion, alt, "
                "neu) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [when or datetime.now(), user, table, record_id, action, as_json(old),
                 as_json(new)])
