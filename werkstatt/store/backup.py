"""Backups that include everything committed (EXPORT DATABASE reads through the WAL, unlike a
copy of the .duckdb file alone) and restores that build a new file atomically.

A backup or restore never loses a good backup: only a backup that holds a plan is made or
restored, the backup last restored is never pruned (its name is kept in the folder), and old
backups are pruned only after success. A backup is data: restoring or reading one runs none
of its SQL (werkstatt.store.loader). The server calls `backup_now` ("Sicherung jetzt") and
`nightly_backup_due`."""
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
from werkstatt.store import connection, files, loader
from werkstatt.store.loader import check_holds_plan

KEEP = 10
NIGHTLY = timedelta(hours=24)
_PREFIX = "sicherung-"
RESTORED = "wiederhergestellt.txt"  # in the backup folder: the name of the backup last restored
_STAMP = "%Y%m%d-%H%M%S-%f"


def backup_root(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def backup(con: duckdb.DuckDBPyConnection, root: Path, keep: int = KEEP) -> Path:
    """Export the database behind `con` to root/<timestamp>/; keep the newest `keep`.
    A database without a plan is refused (NoPlanError): its backup would restore nothing."""
    check_holds_plan(con, "Die Datenbank")
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root} ist kein Ordner; bitte einen Ordner für die Sicherungen "
                         "angeben. Es wurde nichts geändert.")
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
    return sorted(p for p in root.iterdir()
                  if not p.name.startswith(".") and p.is_dir() and (p / "schema.sql").exists())


def prune(root: Path, keep: int) -> None:
    """Delete all but the newest `keep` backups; the backup last restored stays."""
    if keep <= 0:
        return
    found = list_backups(root)
    protected = _restored(root)
    others = [b for b in found if b.name != protected]
    for old in others[:max(0, len(found) - keep)]:
        shutil.rmtree(old, ignore_errors=True)


def _restored(root: Path) -> str | None:
    try:
        return (root / RESTORED).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def backup_file(db_path: Path, root: Path | None = None, keep: int = KEEP) -> Path:
    """Back up an existing database file (a missing one is an error, never created)."""
    con = connection.connect(db_path, read_only=False)
    try:
        connection.check_readable(con, db_path)
        return backup(con, root or backup_root(db_path), keep)
    finally:
        con.close()


def restore(db_path: Path, source: Path, keep: int = KEEP) -> Path | None:
    """Replace db_path with the backup in `source` (its data only, see loader). The current
    file is backed up first (returned; None if there was none). On any failure the current
    file stays as it was, no backup is deleted and the safety backup is removed again."""
    db_path, source = Path(db_path), Path(source)
    loader.check_is_backup(source)
    root = backup_root(db_path)
    safety = _safety_copy(db_path, root) if db_path.exists() else None
    try:
        files.build_atomically(db_path, lambda con: loader.load_folder(con, source),
                               migrate_first=False)
    except BaseException:
        if safety is not None:  # the current file is unchanged: its copy would only rotate
            _remove(safety)
        raise
    if source.resolve().parent == root.resolve():
        files.write_atomically(root / RESTORED, source.name + "\n")
    prune(root, keep)
    return safety


def _safety_copy(db_path: Path, root: Path) -> Path | None:
    """A backup of the file about to be replaced (no pruning yet). A damaged file or one
    without a plan cannot be exported; it is kept as it is, next to the database."""
    try:
        con = connection.connect(db_path)
    except (DatabaseDamagedError, NotDuckDBError):
        return _raw_copy(db_path)
    try:
        connection.check_readable(con, db_path)
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
        raise connection.store_error(exc, target) from exc
    return target


def _export(con: duckdb.DuckDBPyConnection, root: Path) -> Path:
    return export(con, root / new_name())


def new_name() -> str:
    """The folder name of a backup made now (made_at reads it back)."""
    return datetime.now().strftime(_PREFIX + _STAMP)


def export(con: duckdb.DuckDBPyConnection, target: Path) -> Path:
    """EXPORT DATABASE into a hidden folder beside `target`, renamed to `target` when
    complete: a backup cut short (full disk, kill) never becomes the newest one."""
    partial = target.with_name(f".{target.name}.neu")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"EXPORT DATABASE '{_sql_path(partial)}' (FORMAT parquet)")
        os.rename(partial, target)
    except (duckdb.Error, OSError) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        problem = connection.store_error(exc, target)
        if isinstance(problem, (DiskFullError, NoWriteAccessError)):
            raise problem from exc
        raise  # callers map it (the CLI) or only warn (the server's start backup)
    return target


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        os.unlink(path)


def _sql_path(path: Path) -> str:
    return str(Path(path).resolve()).replace("'", "''")
