"""Connections to the plan's DuckDB file and the German message for every way it can fail."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import duckdb

from werkstatt.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseMissingError,
    DiskFullError,
    NotDuckDBError,
    NoWriteAccessError,
    StoreError,
)


def default_db_path() -> Path:
    """The database file the dashboard uses: WERKSTATT_DB or data/werkstattplan.duckdb."""
    return Path(os.environ.get("WERKSTATT_DB", "data/werkstattplan.duckdb"))



# Only the json, parquet and icu extensions exist offline; a foreign file (SQLite, …) must be
# refused instead of making DuckDB download a reader for it.
CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False, "autoload_known_extensions": False}
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB file


def connect(path: Path | str, read_only: bool = False, *,
            create: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to an existing DuckDB file (or a new one with `create`); every failure is a
    StoreError that says what is wrong: missing, not DuckDB, damaged, busy, full disk, no rights."""
    path = Path(path)
    if not path.exists() and not create:
        raise DatabaseMissingError(f"Die Datenbank {path} gibt es nicht. Pfad prüfen oder erst "
                                   "„python -m werkstatt init“ ausführen.")
    if path.is_dir():
        raise NotDuckDBError(f"{path} ist ein Ordner, keine Datenbankdatei.")
    if path.exists() and not path.is_file():
        raise NotDuckDBError(f"{path} ist keine gewöhnliche Datei (z. B. ein Gerät wie /dev/null "
                             "oder eine Pipe). Bitte die Datei des Werkstattplans angeben.")
    if path.exists() and path.stat().st_size > 0:
        _check_is_duckdb(path)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
        # SET, not connect(config=…): DuckDB refuses a second connection to one file with a
        # different config, and the pages and tests also open the file without one
        for name, value in CONFIG.items():
            con.execute(f"SET {name} = {str(value).lower()}")
        return con
    except (duckdb.Error, OSError) as exc:
        raise store_error(exc, path) from exc


def check_readable(con: duckdb.DuckDBPyConnection, path: Path | str) -> None:
    """Read every table once (milliseconds for a plan): a file cut short opens fine and fails
    only on the first query of a lost block, i.e. on some page, later."""
    try:
        tables = con.execute("SELECT table_name FROM information_schema.tables "
                             "WHERE table_type = 'BASE TABLE'").fetchall()
        for (table,) in tables:
            con.execute(f'SELECT * FROM "{table}"').fetchall()
    except duckdb.Error as exc:
        raise store_error(exc, path) from exc


def _check_is_duckdb(path: Path) -> None:
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError as exc:
        raise store_error(exc, path) from exc
    if head[8:12] != _DUCKDB_MAGIC:
        kind = " (eine SQLite-Datenbank)" if head.startswith(b"SQLite format 3") else ""
        raise NotDuckDBError(f"{path} ist keine DuckDB-Datei{kind}. Bitte die Datei des "
                             "Werkstattplans angeben (Standard: data/werkstattplan.duckdb).")


def store_error(exc: BaseException, path: Path | str) -> StoreError:
    """The German StoreError for a failed DuckDB or file operation on `path` (the database,
    a backup folder or an output file)."""
    if isinstance(exc, StoreError):  # already German (and said where)
        return exc
    code = exc.errno if isinstance(exc, OSError) else None
    text = str(exc).lower()
    if is_disk_full(exc):
        return DiskFullError(f"Datenträger voll (oder die Grenze für Dateigrößen erreicht): "
                             f"{path} lässt sich nicht schreiben. Bitte Platz schaffen; es wurde "
                             "nichts geändert.")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "permission denied" in text \
            or "read-only file system" in text:
        return NoWriteAccessError(f"Keine Schreibrechte für {path} oder seinen Ordner. Bitte die "
                                  "Rechte des Datenordners prüfen; es wurde nichts geändert.")
    if "could not set lock" in text or "conflicting lock" in text:
        return DatabaseBusyError(f"Die Datenbank {path} wird von einem anderen Prozess benutzt "
                                 "(läuft das Dashboard?). Bitte später erneut versuchen oder das "
                                 "Dashboard beenden.")
    if "not a valid duckdb" in text:
        return NotDuckDBError(f"{path} ist keine DuckDB-Datei.")
    if any(sign in text for sign in _DAMAGE_SIGNS):
        return DatabaseDamagedError(f"Die Datenbank {path} ist beschädigt (Datei abgeschnitten "
                                    "oder verändert). Bitte aus einer Sicherung wiederherstellen: "
                                    "„python -m werkstatt restore“.")
    if isinstance(exc, OSError):  # no English system text: the errno's name says enough
        if code == errno.EISDIR:
            return StoreError(f"{path} ist ein Ordner; bitte eine Datei angeben. Es wurde "
                              "nichts geändert.")
        if code in (errno.EEXIST, errno.ENOTDIR):
            return StoreError(f"{path} ist kein Ordner (oder liegt in einer Datei); bitte einen "
                              "Ordner angeben. Es wurde nichts geändert.")
        name = errno.errorcode.get(code or 0, "unbekannt")
        return StoreError(f"{path} lässt sich nicht verwenden (Systemfehler {name}); es wurde "
                          "nichts geändert.")
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreError(f"Die Datenbank {path} lässt sich nicht verwenden: {first_line}")


def is_disk_full(exc: BaseException) -> bool:
    """No space left, over quota, or over the process's file-size limit (errno 28, 122, 27;
    DuckDB only passes the text on)."""
    code = exc.errno if isinstance(exc, OSError) else None
    text = str(exc).lower()
    return code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or any(
        sign in text for sign in ("no space left", "disk quota", "file too large"))


_DAMAGE_SIGNS = ("could not read enough bytes", "checksum", "corrupt", "serializ",
                 "internal error")


