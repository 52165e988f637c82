"""The server's own backups (it holds the database file, so the command line cannot back it
up meanwhile): "Sicherung jetzt" and the nightly backup, one at a time per process."""
from __future__ import annotations

import sys
import threading
from pathlib import Path

import duckdb

from pages._ui import data
from werkstatt.errors import StoreError
from werkstatt.store import backup, schema

_backup_lock = threading.Lock()  # one backup at a time in this server process


def backup_root() -> Path:
    return backup.backup_root(Path(data.db_path()))


def backup_now() -> Path:
    """"Sicherung jetzt": a backup of the database this server holds (StoreError if not)."""
    path = data.db_path()
    with _backup_lock, data.writer() as con:
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
        with data.writer() as con:
            return backup.backup_now(con, Path(data.db_path()))
    except (duckdb.Error, OSError, StoreError) as exc:
        print(f"Warnung: nächtliche Sicherung fehlgeschlagen: {exc}", file=sys.stderr)
        return None
    finally:
        _backup_lock.release()
