"""The read copy ("Lesekopie"): the running server's database as a backup-like folder that
reading commands load while the server holds the file (DuckDB lets no other process open it,
not even read-only).

The server writes a new copy shortly after each change (debounced: a burst of saves makes
one copy), each complete before it replaces the previous one; a copy costs one EXPORT
DATABASE (about 15 ms for the plan 2019). Readers load it with the same data-only loader as
a backup (werkstatt.store.loader) and say from when it is.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from werkstatt.store import backup


def snapshot_root(db_path: Path) -> Path:
    db_path = Path(db_path).resolve()
    return db_path.with_name(f"{db_path.name}.lesekopie")


def newest(db_path: Path) -> Path | None:
    root = snapshot_root(db_path)
    found = backup.list_backups(root)
    return found[-1] if found else None


def write(con: duckdb.DuckDBPyConnection, db_path: Path) -> Path:
    """A new read copy of the database behind `con`; older copies are removed after it."""
    root = snapshot_root(db_path)
    made = backup.export(con, root / backup.new_name())
    for old in backup.list_backups(root):
        if old != made:
            shutil.rmtree(old, ignore_errors=True)
    return made
