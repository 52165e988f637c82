"""Loading a backup or the server's read copy (an EXPORT DATABASE folder): data, never code.

A backup folder holds one Parquet file per table plus schema.sql and load.sql. Those two
files are SQL written by whoever had the folder last; they are never read. The schema comes
from the project's own migrations (up to the backup's schema version, read from its
schema_version table), the rows from the Parquet files alone, with DuckDB's file access
limited to the backup folder while they load; then the migrations carry the data forward to
today's schema. A folder whose files, tables or columns are not exactly the expected ones is
refused before anything is written.

The same table-by-table copy turns a database file of an older schema version into a current
in-memory copy, so that a reading command never migrates (writes to) the file it reads.
"""
from __future__ import annotations

import re
import stat
from pathlib import Path

import duckdb

from werkstatt.errors import (
    DatabaseDamagedError,
    DiskFullError,
    NoPlanError,
    NoWriteAccessError,
    StoreError,
)
from werkstatt.store import schema
from werkstatt.store.connection import CONFIG, store_error

SQL_FILES = frozenset({"schema.sql", "load.sql"})  # expected beside the data, never executed
VERSION_TABLE = "schema_version"
_SEQUENCE = re.compile(r"nextval\('(\w+)'\)")


def load_folder(con: duckdb.DuckDBPyConnection, folder: Path) -> int:
    """Fill the empty database behind `con` from the backup `folder`; returns the backup's
    schema version. Afterwards `con` can read no file any more (external access is off)."""
    folder, version = check_is_backup(folder)
    # a full disk or missing rights while writing `con` propagate: the caller knows the file
    schema.migrate(con, up_to=version)
    tables = [t for t in _tables(con) if t != VERSION_TABLE]
    _restrict_to(con, folder)
    for table in tables:
        _load_table(con, folder, table)
    schema.migrate(con)  # an older backup gets today's schema
    _advance_sequences(con)
    check_holds_plan(con, f"Die Sicherung {folder}")
    return version


def check_is_backup(folder: Path) -> tuple[Path, int]:
    """The resolved folder and its schema version if it holds exactly the files a backup of
    that version has (regular files only); else a German StoreError. Writes nothing."""
    folder = Path(folder).resolve()
    names = _regular_files(folder)
    version = _backup_version(folder, names)
    scratch = duckdb.connect(":memory:", config=CONFIG)
    try:
        schema.migrate(scratch, up_to=version)
        expected = {f"{t}.parquet" for t in _tables(scratch)} | SQL_FILES
    finally:
        scratch.close()
    if names != expected:
        raise _refused(folder, _file_difference(names, expected))
    return folder, version


def open_folder(folder: Path) -> duckdb.DuckDBPyConnection:
    """A backup or read copy as an in-memory database (to read, e.g. while the dashboard
    holds the file)."""
    con = duckdb.connect(":memory:", config=CONFIG)
    try:
        load_folder(con, folder)
    except BaseException:
        con.close()
        raise
    return con


def open_current_copy(path: Path, version: int) -> duckdb.DuckDBPyConnection:
    """A database file of the older schema `version` as an in-memory copy with today's
    schema; the file is attached read-only and stays as it is."""
    con = duckdb.connect(":memory:", config=CONFIG)
    try:
        schema.migrate(con, up_to=version)
        con.execute("ATTACH ? AS quelle (READ_ONLY)", [str(path)])
        for table in _tables(con):
            if table != VERSION_TABLE:
                con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM quelle."{table}"')
        con.execute("DETACH quelle")
        schema.migrate(con)
        _advance_sequences(con)
    except BaseException as exc:
        con.close()
        if isinstance(exc, duckdb.Error):
            raise store_error(exc, path) from exc
        raise
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


def _regular_files(folder: Path) -> set[str]:
    """The names in the folder; a link, a subfolder or a device is refused (a link could lead
    the load out of the folder)."""
    if not folder.is_dir():
        raise StoreError(f"{folder} ist keine Sicherung (kein Ordner).")
    names = set()
    for entry in folder.iterdir():
        mode = entry.lstat().st_mode
        if not stat.S_ISREG(mode):
            raise _refused(folder, f"„{entry.name}“ ist keine gewöhnliche Datei")
        names.add(entry.name)
    if not names >= SQL_FILES:
        raise StoreError(f"{folder} ist keine Sicherung (schema.sql/load.sql fehlen).")
    return names


def _backup_version(folder: Path, names: set[str]) -> int:
    """The schema version the backup was made with, read from its own Parquet file by a
    connection that can read nothing else."""
    if f"{VERSION_TABLE}.parquet" not in names:
        raise _refused(folder, f"{VERSION_TABLE}.parquet fehlt")
    probe = duckdb.connect(":memory:", config=CONFIG)
    try:
        _restrict_to(probe, folder)
        (version,) = schema.one_row(probe, "SELECT max(version) FROM read_parquet(?)",
                                    [str(folder / f"{VERSION_TABLE}.parquet")])
    except duckdb.Error as exc:
        raise _refused(folder, f"die Datei {VERSION_TABLE}.parquet ist defekt") from exc
    finally:
        probe.close()
    if not isinstance(version, int) or version < 1:
        raise _refused(folder, "die Schemaversion fehlt")
    if version > schema.latest_version():
        raise StoreError(f"Die Sicherung {folder} stammt aus einer neueren Programmversion "
                         f"(Schema {version}, dieses Programm kennt bis "
                         f"{schema.latest_version()}). Bitte das Programm aktualisieren; es "
                         "wurde nichts geändert.")
    return version


def _restrict_to(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """From here on `con` reads files in `folder` only, and nothing can lift that."""
    con.execute("SET allowed_directories = ?", [[f"{folder}/"]])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables in creation order: a table comes after the tables it references."""
    return [t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary "
        "AND database_name = current_database() ORDER BY table_oid"
    ).fetchall()]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {c for (c,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' "
        "AND database_name = current_database()", [table]).fetchall()}


def _load_table(con: duckdb.DuckDBPyConnection, folder: Path, table: str) -> None:
    """One table's rows from its Parquet file, whose columns must be exactly the table's."""
    path = str(folder / f"{table}.parquet")
    wanted = _columns(con, table)
    try:
        found = {row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)",
                                               [path]).fetchall()}
        if found == wanted:
            con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM read_parquet(?)', [path])
    except duckdb.Error as exc:
        if isinstance(store_error(exc, folder), (DiskFullError, NoWriteAccessError)):
            raise  # writing the target failed: the caller names it
        raise _refused(folder, f"die Datei {table}.parquet ist defekt oder passt nicht zur "
                               "Tabelle") from exc
    if found != wanted:
        extra, missing = sorted(found - wanted), sorted(wanted - found)
        detail = "; ".join(part for part in (
            f"unerwartete Spalten {', '.join(extra)}" if extra else "",
            f"es fehlen {', '.join(missing)}" if missing else "") if part)
        raise _refused(folder, f"Tabelle „{table}“: {detail}")


def _advance_sequences(con: duckdb.DuckDBPyConnection) -> None:
    """Each id sequence continues after the highest loaded id (the backup's schema.sql, which
    would have said so, is not run)."""
    for table, column, default in con.execute(
            "SELECT table_name, column_name, column_default FROM duckdb_columns() "
            "WHERE column_default LIKE 'nextval(%'").fetchall():
        sequence = _SEQUENCE.fullmatch(default)
        if sequence is None:
            continue
        (highest,) = schema.one_row(con, f'SELECT coalesce(max("{column}"), 0) FROM "{table}"')
        if highest > 0:
            con.execute(f"SELECT max(nextval('{sequence.group(1)}')) FROM range(?)", [highest])


def _file_difference(names: set[str], expected: set[str]) -> str:
    parts = []
    if expected - names:
        parts.append(f"es fehlen {', '.join(sorted(expected - names))}")
    if names - expected:
        parts.append(f"unerwartete Dateien {', '.join(sorted(names - expected))}")
    return "; ".join(parts)


def _refused(folder: Path, detail: str) -> StoreError:
    return DatabaseDamagedError(f"Die Sicherung {folder} ist unvollständig oder beschädigt "
                                f"({detail}); es wurde nichts geändert. Bitte eine andere "
                                "Sicherung wählen.")
