"""Backups that include everything committed (EXPORT DATABASE reads through the WAL, unlike a
copy of the .duckdb file alone) and restores that build a new file atomically."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from werkstatt.errors import StoreError
from werkstatt.store import schema

KEEP = 10


def backup_root(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def backup(con: duckdb.DuckDBPyConnection, root: Path, keep: int = KEEP) -> Path:
    """Export the database behind `con` to root/<timestamp>/; keep the newest `keep`."""
    root.mkdir(parents=True, exist_ok=True)
    target = root / datetime.now().strftime("sicherung-%Y%m%d-%H%M%S-%f")
    con.execute(f"EXPORT DATABASE '{_sql_path(target)}' (FORMAT parquet)")
    for old in sorted(list_backups(root))[:-keep] if keep > 0 else []:
        shutil.rmtree(old, ignore_errors=True)
    return target


def list_backups(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "schema.sql").exists())


def backup_file(db_path: Path, root: Path | None = None, keep: int = KEEP) -> Path:
    con = schema.connect(db_path, read_only=False)
    try:
        return backup(con, root or backup_root(db_path), keep)
    finally:
        con.close()


def restore(db_path: Path, source: Path) -> Path | None:
    """Replace db_path with the backup in `source`; the current file is backed up first.
    Returns that safety backup (None if there was no file)."""
    source = Path(source)
    if not (source / "schema.sql").exists() or not (source / "load.sql").exists():
        raise StoreError(f"{source} ist keine Sicherung (schema.sql/load.sql fehlen).")
    safety = backup_file(db_path) if Path(db_path).exists() else None

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(f"IMPORT DATABASE '{_sql_path(source)}'")
        schema.migrate(con)  # an older backup gets today's schema

    schema.build_atomically(Path(db_path), fill, migrate_first=False)
    return safety


def _sql_path(path: Path) -> str:
    return str(Path(path).resolve()).replace("'", "''")
