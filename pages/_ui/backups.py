"""The server's own backups (it holds the database file, so the command line cannot back it
up meanwhile): "Sicherung jetzt", and the nightly backup started beside a page."""
from __future__ import annotations

from pathlib import Path

import duckdb

from pages._ui import data
from werkstatt.store import backup, connection


def backup_root() -> Path:
    return backup.backup_root(Path(data.db_path()))


def backup_now() -> Path:
    """"Sicherung jetzt": a backup of the database this server holds (StoreError if not)."""
    path = Path(data.db_path())
    with data.open_file().backups.lock, data.database_cursor() as con:
        try:
            return backup.backup_now(con, path)
        except (duckdb.Error, OSError) as exc:
            raise connection.store_error(exc, backup.backup_root(path)) from exc


def nightly_backup() -> None:
    """The nightly backup, checked on every run (a directory listing): started beside the
    page when the newest backup is 24 hours old; a failure is logged, never shown."""
    root = backup_root()
    if backup.nightly_backup_due(root):
        data.open_file().backups.start(when=lambda: backup.nightly_backup_due(root))
