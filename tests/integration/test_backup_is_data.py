"""A backup is data, never code: restore and every reader of a backup (import-log's fallback,
the read copy) run none of the SQL in a backup folder and refuse a folder whose files, tables
or columns are not the expected ones (issue 14, HIGH 1)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.integration.test_backup import HOLD, fingerprint, werkstatt
from werkstatt.commands import progress
from werkstatt.errors import StoreError
from werkstatt.store import backup, loader, schema, snapshot

SECRETS_TEXT = '[werkstatt_users.anna]\nrole = "bearbeiter"\npassword_hash = "x"\n'


def a_backup(db: Path) -> Path:
    con = duckdb.connect(str(db))
    progress.record_status(con, 1, "erledigt", user="anna")
    made = backup.backup(con, backup.backup_root(db))
    con.close()
    return made


def tamper(folder: Path, traps: Path) -> dict[str, Path]:
    """schema.sql and load.sql as an attacker would write them; returns the files they aim at."""
    aims = {"marker": traps / "marker.csv", "attached": traps / "angriff.duckdb",
            "secrets": traps / "secrets.toml"}
    evil = (f"COPY (SELECT '[werkstatt_users.boss]' AS x) TO '{aims['secrets']}' (HEADER false);\n"
            f"COPY (SELECT 1) TO '{aims['marker']}';\n"
            f"ATTACH '{aims['attached']}' AS a; CREATE TABLE a.t AS SELECT 1;\n"
            "CREATE TABLE passwd AS SELECT * FROM read_text('/etc/passwd');\n"
            "CREATE MACRO geheim() AS (SELECT content FROM read_text('/etc/passwd'));\n"
            "CREATE VIEW werkzeug_v AS SELECT * FROM read_text('/etc/passwd');\n")
    (folder / "schema.sql").write_text(evil + (folder / "schema.sql").read_text())
    (folder / "load.sql").write_text(evil + (folder / "load.sql").read_text())
    return aims


def assert_nothing_ran(aims: dict[str, Path]) -> None:
    assert not aims["marker"].exists() and not aims["attached"].exists()
    assert aims["secrets"].read_text() == SECRETS_TEXT


def assert_no_foreign_objects(con: duckdb.DuckDBPyConnection) -> None:
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "passwd" not in tables
    assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM duckdb_functions() WHERE function_name = 'geheim'"
                       ).fetchone() == (0,)


@pytest.fixture
def traps(tmp_path) -> Path:
    folder = tmp_path / "ziele"
    folder.mkdir()
    (folder / "secrets.toml").write_text(SECRETS_TEXT)
    return folder


def test_restore_runs_no_sql_of_a_tampered_backup_and_restores_its_data(db, traps):
    saved = a_backup(db)
    aims = tamper(saved, traps)
    code, out, err = werkstatt("restore", saved, "--db", db)
    assert code == 0, err
    assert_nothing_ran(aims)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert_no_foreign_objects(con)
        assert con.execute("SELECT massnahme_id, status FROM fortschritt").fetchall() == [
            (1, "erledigt")]
    finally:
        con.close()


def test_import_log_of_a_held_database_reads_a_tampered_backup_as_data(db, traps):
    saved = a_backup(db)
    aims = tamper(saved, traps)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "offen"
        code, out, err = werkstatt("import-log", "--db", db)
    finally:
        holder.kill()
        holder.wait()
    assert code == 0, err
    assert "neueste Sicherung" in err and "Importprotokoll (" in out
    assert_nothing_ran(aims)


def test_a_tampered_read_copy_is_read_as_data(db, traps):
    con = duckdb.connect(str(db))
    copy = snapshot.write(con, db)
    con.close()
    aims = tamper(copy, traps)
    reader = loader.open_folder(copy)
    try:
        assert_no_foreign_objects(reader)
        assert reader.execute("SELECT count(*) FROM massnahme").fetchone() == (57,)
        # the loader leaves the copy unable to read any file
        with pytest.raises(duckdb.Error):
            reader.execute("SELECT * FROM read_text('/etc/passwd')")
    finally:
        reader.close()
    assert_nothing_ran(aims)


def add_file(folder: Path) -> None:
    (folder / "geheim.parquet").write_bytes((folder / "plan.parquet").read_bytes())


def rewrite(folder: Path, table: str, select: str) -> None:
    """Replace a table's Parquet file by `select` over it ({quelle} is the old file)."""
    target = folder / f"{table}.parquet"
    con = duckdb.connect()
    query = select.format(quelle=f"read_parquet('{target}')")
    con.execute(f"COPY ({query}) TO '{folder / 'neu.parquet'}' (FORMAT parquet)")
    con.close()
    os.replace(folder / "neu.parquet", target)


def add_column(folder: Path) -> None:
    rewrite(folder, "werkzeug", "SELECT *, 'x' AS fremd FROM {quelle}")


def drop_column(folder: Path) -> None:
    rewrite(folder, "massnahme", "SELECT * EXCLUDE (titel) FROM {quelle}")


def link_out(folder: Path) -> None:
    (folder / "ziel.parquet").unlink()
    (folder / "ziel.parquet").symlink_to("/etc/passwd")


def subfolder(folder: Path) -> None:
    (folder / "mehr").mkdir()


def no_version(folder: Path) -> None:
    (folder / "schema_version.parquet").unlink()


def newer_version(folder: Path) -> None:
    rewrite(folder, "schema_version", "SELECT * REPLACE (version + 100 AS version) FROM {quelle}")


@pytest.mark.parametrize("change, words", [
    (add_file, "unerwartete Dateien geheim.parquet"),
    (add_column, "Tabelle „werkzeug“: unerwartete Spalten fremd"),
    (drop_column, "Tabelle „massnahme“: es fehlen titel"),
    (link_out, "„ziel.parquet“ ist keine gewöhnliche Datei"),
    (subfolder, "„mehr“ ist keine gewöhnliche Datei"),
    (no_version, "schema_version.parquet fehlt"),
    (newer_version, "neueren Programmversion"),
])
def test_a_backup_with_unexpected_files_tables_or_columns_is_refused_and_nothing_written(
        db, change, words):
    saved = a_backup(db)
    before = fingerprint(db)
    files_before = sorted(p.name for p in db.parent.iterdir())
    change(saved)
    code, _, err = werkstatt("restore", saved, "--db", db)
    assert code == 1 and words in err and "Traceback" not in err, err
    assert fingerprint(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == files_before
    with pytest.raises(StoreError, match="Sicherung"):
        loader.open_folder(saved)


def as_schema_version_3(folder: Path) -> None:
    """The backup as the code of schema version 3 made it: without termin.version (step 4),
    massnahme.fortfuehrung (step 5), the indicator's qualifier and forecast (step 6) and the
    plan ids and predecessors of several plans (step 30)."""
    rewrite(folder, "termin", "SELECT * EXCLUDE (version) FROM {quelle}")
    rewrite(folder, "massnahme", "SELECT * EXCLUDE (fortfuehrung, vorgaenger_id) FROM {quelle}")
    rewrite(folder, "indikator", "SELECT * EXCLUDE (basis_angabe, prognosewert, prognose_jahr, "
                                 "plan_id, vorgaenger_id) FROM {quelle}")
    for table in ("plan", "werkzeug"):
        rewrite(folder, table, "SELECT * EXCLUDE (vorgaenger_id) FROM {quelle}")
    rewrite(folder, "import_log", "SELECT * EXCLUDE (plan_id) FROM {quelle}")
    rewrite(folder, "schema_version", "SELECT * FROM {quelle} WHERE version <= 3")
    older = duckdb.connect()  # the tables version 3 had: later ones are not in its backups
    schema.migrate(older, up_to=3)
    known = {t for (t,) in older.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    older.close()
    for table_file in folder.glob("*.parquet"):
        if table_file.stem not in known:
            table_file.unlink()


def test_a_backup_of_an_older_schema_version_restores_and_is_migrated_forward(db):
    saved = a_backup(db)
    as_schema_version_3(saved)
    code, _, err = werkstatt("restore", saved, "--db", db)
    assert code == 0, err
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert schema.schema_version(con) == schema.latest_version()
        assert con.execute("SELECT count(*), min(version) FROM termin").fetchone()[1] == 1
        assert con.execute("SELECT count(*) FROM massnahme WHERE fortfuehrung").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM fortschritt").fetchone() == (1,)
    finally:
        con.close()


def test_after_a_restore_new_rows_get_new_ids(db):
    saved = a_backup(db)
    code, _, err = werkstatt("restore", saved, "--db", db)
    assert code == 0, err
    con = duckdb.connect(str(db))
    try:
        before = con.execute("SELECT max(id) FROM aenderung").fetchone()[0]
        progress.record_status(con, 2, "erledigt", user="anna")  # would collide on id 1
        assert con.execute("SELECT max(id) FROM aenderung").fetchone()[0] > before
    finally:
        con.close()


def test_the_restored_backup_survives_the_next_backups(db):
    con = duckdb.connect(str(db))
    for number in range(1, 4):
        progress.record_status(con, number, "erledigt", user="anna")
        backup.backup(con, backup.backup_root(db), keep=3)
    con.close()
    oldest = backup.list_backups(backup.backup_root(db))[0]
    code, _, err = werkstatt("restore", oldest, "--db", db)
    assert code == 0, err
    con = duckdb.connect(str(db))
    for _ in range(4):  # e.g. the server's start backups afterwards
        backup.backup(con, backup.backup_root(db), keep=3)
    con.close()
    assert oldest in backup.list_backups(backup.backup_root(db))
