"""Backups that include everything committed (EXPORT DATABASE reads through the WAL, unlike a
copy of the .duckdb file alone) and restores that build a new file atomically.

A backup or restore never loses a good backup: only a backup that holds a plan is made or
restored, the backup being restored is never pruned, and old backups are pruned only after
success. The server calls `backup_now` ("Sicherung jetzt") and `nightly_backup_due`."""
from __future__ import annotations

import io
import os
import shutil
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from werkstatt.errors import (
    DatabaseDamagedError,
    DiskFullError,
    NoPlanError,
    NotDuckDBError,
    NoWriteAccessError,
    StoreError,
)
from werkstatt.store import schema

KEEP = 10
NIGHTLY = timedelta(hours=24)
_PREFIX = "sicherung-"
_STAMP = "%Y%m%d-%H%M%S-%f"


def backup_root(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def backup(con: duckdb.DuckDBPyConnection, root: Path, keep: int = KEEP) -> Path:
    """Export the database behind `con` to root/<timestamp>/; keep the newest `keep`.
    A database without a plan is refused (NoPlanError): its backup would restore nothing."""
    check_holds_plan(con, "Die Datenbank")
    target = _export(con, root)
    prune(root, keep)
    return target


def backup_now(con: duckdb.DuckDBPyConnection, db_path: Path, keep: int = KEEP) -> Path:
    """A backup of the running server's database next to it ("Sicherung jetzt", nightly)."""
    return backup(con, backup_root(db_path), keep)


def nightly_backup_due(root: Path, now: datetime | None = None, every: timedelta = NIGHTLY) -> bool:
    """True when there is no backup in `root` or the newest is older than `every`."""
    newest = newest_backup(root)
    return newest is None or (now or datetime.now()) - made_at(newest) >= every


def newest_backup(root: Path) -> Path | None:
    found = list_backups(root)
    return found[-1] if found else None


def made_at(backup_dir: Path) -> datetime:
    """When a backup was made: from its name, else from the folder's modification time."""
    try:
        return datetime.strptime(backup_dir.name.removeprefix(_PREFIX), _STAMP)
    except ValueError:
        return datetime.fromtimestamp(backup_dir.stat().st_mtime)


def zip_bytes(backup_dir: Path) -> bytes:
    """One backup folder as a zip (for a download button); restore it after unpacking."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(backup_dir.iterdir()):
            archive.write(file, f"{backup_dir.name}/{file.name}")
    return buffer.getvalue()


def list_backups(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "schema.sql").exists())


def prune(root: Path, keep: int, protect: Path | None = None) -> None:
    """Delete all but the newest `keep` backups; `protect` (the one being restored) stays."""
    if keep <= 0:
        return
    found = list_backups(root)
    protected = Path(protect).resolve() if protect else None
    others = [b for b in found if b.resolve() != protected]
    for old in others[:max(0, len(found) - keep)]:
        shutil.rmtree(old, ignore_errors=True)


def backup_file(db_path: Path, root: Path | None = None, keep: int = KEEP) -> Path:
    """Back up an existing database file (a missing one is an error, never created)."""
    con = schema.connect(db_path, read_only=False)
    try:
        schema.check_readable(con, db_path)
        return backup(con, root or backup_root(db_path), keep)
    finally:
        con.close()


def open_backup(backup_dir: Path) -> duckdb.DuckDBPyConnection:
    """A read-only look into a backup (an in-memory database): how admins read the import log
    while the dashboard holds the file."""
    con = duckdb.connect(":memory:", config=schema.CONFIG)
    try:
        con.execute(f"IMPORT DATABASE '{_sql_path(backup_dir)}'")
    except (duckdb.Error, OSError) as exc:
        con.close()
        raise DatabaseDamagedError(f"Die Sicherung {backup_dir} lässt sich nicht lesen: "
                                   f"{_first_line(exc)}") from exc
    return con


def check_holds_plan(con: duckdb.DuckDBPyConnection, what: str) -> None:
    try:
        plans = schema.one_row(con, "SELECT count(*) FROM plan")[0]
        tools = schema.one_row(con, "SELECT count(*) FROM werkzeug")[0]
    except duckdb.CatalogException:
        plans = tools = 0
    if not plans or not tools:
        raise NoPlanError(f"{what} enthält keinen Werkstattplan ({plans} Plan, {tools} "
                          "Werkzeuge); abgebrochen, es wurde nichts geändert.")


def restore(db_path: Path, source: Path, keep: int = KEEP) -> Path | None:
    """Replace db_path with the backup in `source`. The current file is backed up first
    (returned; None if there was none). On any failure the current file stays as it was, no
    backup is deleted and the safety backup is removed again."""
    db_path, source = Path(db_path), Path(source)
    if not (source / "schema.sql").exists() or not (source / "load.sql").exists():
        raise StoreError(f"{source} ist keine Sicherung (schema.sql/load.sql fehlen).")
    root = backup_root(db_path)
    safety = _safety_copy(db_path, root) if db_path.exists() else None

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        try:
            con.execute(f"IMPORT DATABASE '{_sql_path(source)}'")
            schema.migrate(con)  # an older backup gets today's schema
        except (duckdb.Error, OSError) as exc:
            problem = schema.store_error(exc, db_path)
            if isinstance(problem, (DiskFullError, NoWriteAccessError)):
                raise problem from exc
            raise DatabaseDamagedError(
                f"Die Sicherung {source} ist unvollständig oder beschädigt (SQL oder "
                f"Parquet-Datei fehlt oder ist defekt); es wurde nichts geändert. Bitte eine "
                f"andere Sicherung wählen. Einzelheit: {_first_line(exc)}") from exc
        check_holds_plan(con, f"Die Sicherung {source}")

    try:
        schema.build_atomically(db_path, fill, migrate_first=False)
    except BaseException:
        if safety is not None:  # the current file is unchanged: its copy would only rotate
            _remove(safety)
        raise
    prune(root, keep, protect=source)
    return safety


def _safety_copy(db_path: Path, root: Path) -> Path | None:
    """A backup of the file about to be replaced (no pruning yet). A damaged file or one
    without a plan cannot be exported; it is kept as it is, next to the database."""
    try:
        con = schema.connect(db_path)
    except (DatabaseDamagedError, NotDuckDBError):
        return _raw_copy(db_path)
    try:
        schema.check_readable(con, db_path)
        check_holds_plan(con, "Die bisherige Datenbank")
        return _export(con, root)
    except (DatabaseDamagedError, NoPlanError):
        return _raw_copy(db_path)
    finally:
        con.close()


def _raw_copy(db_path: Path) -> Path:
    target = db_path.with_name(f"{db_path.name}.vor-wiederherstellung-"
                               f"{datetime.now().strftime(_STAMP)}")
    try:
        shutil.copy2(db_path, target)
    except OSError as exc:
        raise schema.store_error(exc, target) from exc
    return target


def _export(con: duckdb.DuckDBPyConnection, root: Path) -> Path:
    target = root / datetime.now().strftime(_PREFIX + _STAMP)
    try:
        root.mkdir(parents=True, exist_ok=True)
        con.execute(f"EXPORT DATABASE '{_sql_path(target)}' (FORMAT parquet)")
    except (duckdb.Error, OSError) as exc:
        if target.exists():  # a half-written backup must not become the "newest"
            shutil.rmtree(target, ignore_errors=True)
        problem = schema.store_error(exc, target)
        if isinstance(problem, (DiskFullError, NoWriteAccessError)):
            raise problem from exc
        raise  # callers map it (the CLI) or only warn (the server's start backup)
    return target


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        os.unlink(path)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _sql_path(path: Path) -> str:
    return str(Path(path).resolve()).replace("'", "''")
