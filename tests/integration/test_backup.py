import io
import subprocess
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_database
from werkstatt.__main__ import main
from werkstatt.commands import progress
from werkstatt.store import backup, schema

ROOT = Path(__file__).resolve().parents[2]


def test_a_backup_restores_everything_committed_including_the_wal(db):
    con = duckdb.connect(str(db))
    progress.record_status(con, 1, "erledigt", user="anna")
    saved = backup.backup(con, db.parent / "backups")
    progress.record_status(con, 2, "erledigt", user="anna")  # after the backup
    con.close()
    safety = backup.restore(db, saved)
    con = duckdb.connect(str(db))
    assert con.execute("SELECT massnahme_id FROM fortschritt").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM massnahme").fetchone() == (57,)
    con.close()
    restored_again = backup.restore(db, safety)  # the safety copy holds the later change
    assert restored_again is not None
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM fortschritt").fetchone() == (2,)


def test_only_the_newest_backups_are_kept(db):
    con = duckdb.connect(str(db))
    root = db.parent / "backups"
    for _ in range(4):
        backup.backup(con, root, keep=2)
    assert len(backup.list_backups(root)) == 2


def test_backup_and_restore_commands(db):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "werkstatt", *args, "--db", str(db)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    made = run("backup")
    assert made.returncode == 0 and "Sicherung angelegt" in made.stdout
    back = run("restore")
    assert back.returncode == 0 and "wiederhergestellt" in back.stdout
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM werkzeug").fetchone() == (12,)


# --- backups that protect (issue 9, section 2) ------------------------------------------------
def fingerprint(db: Path) -> tuple:
    """What a user would miss: the plan, the progress and the change history."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("plan", "werkzeug", "massnahme", "fortschritt", "aenderung"))
    finally:
        con.close()


def werkstatt(*args) -> tuple[int, str, str]:
    """The CLI in this process: exit code, stdout, stderr (a traceback would raise here)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def ten_backups(db: Path) -> list[Path]:
    con = duckdb.connect(str(db))
    for number in range(1, 11):
        progress.record_status(con, number, "erledigt", user="anna")
        backup.backup(con, backup.backup_root(db))
    con.close()
    return backup.list_backups(backup.backup_root(db))


def test_restoring_the_oldest_of_ten_backups_keeps_it_and_prunes_only_after_success(db):
    saved = ten_backups(db)
    code, _, err = werkstatt("restore", saved[0], "--db", db)
    assert code == 0, err
    assert saved[0].exists()
    after = backup.list_backups(backup.backup_root(db))
    assert len(after) == backup.KEEP and saved[0] in after
    assert fingerprint(db)[3] == 1  # the oldest backup held one status


def remove_parquet(source: Path) -> None:
    (source / "werkzeug.parquet").unlink()


def truncate_parquet(source: Path) -> None:
    file = source / "werkzeug.parquet"
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])


@pytest.mark.parametrize("damage", [remove_parquet, truncate_parquet])
def test_a_damaged_backup_is_refused_in_german_and_nothing_changes(db, damage):
    saved = ten_backups(db)
    before, backups_before = fingerprint(db), backup.list_backups(backup.backup_root(db))
    damage(saved[0])
    code, _, err = werkstatt("restore", saved[0], "--db", db)
    assert code == 1 and "unvollständig oder beschädigt" in err and "Traceback" not in err
    assert fingerprint(db) == before
    assert backup.list_backups(backup.backup_root(db)) == backups_before  # nothing rotated
    assert sorted(p.name for p in db.parent.iterdir()) == sorted(
        [db.name, "backups"] + ([db.name + ".wal"] if (db.parent / (db.name + ".wal")).exists()
                                else []))


def test_a_backup_of_a_mistyped_path_is_an_error_and_creates_nothing(tmp_path):
    missing = tmp_path / "tippfehler.duckdb"
    code, _, err = werkstatt("backup", "--db", missing)
    assert code == 1 and "gibt es nicht" in err
    assert list(tmp_path.iterdir()) == []


def test_a_database_without_a_plan_is_neither_backed_up_nor_restored(db, tmp_path):
    empty = tmp_path / "leer" / "leer.duckdb"
    empty.parent.mkdir()
    duckdb.connect(str(empty)).execute("CREATE TABLE plan (id INTEGER)").close()
    code, _, err = werkstatt("backup", "--db", empty)
    assert code == 1 and "keinen Werkstattplan" in err
    assert not backup.backup_root(empty).exists()
    # what the old `backup --db <typo>` made: the export of a new, empty file
    con = duckdb.connect(str(tmp_path / "neu.duckdb"))
    schema.migrate(con)  # the tables of a plan, but no plan in them
    con.execute("EXPORT DATABASE '" + str(tmp_path / "ohne") + "' (FORMAT parquet)")
    con.close()
    no_tools = tmp_path / "ohne"
    before = fingerprint(db)
    code, _, err = werkstatt("restore", no_tools, "--db", db)
    assert code == 1 and "keinen Werkstattplan" in err and "0 Werkzeuge" in err
    assert fingerprint(db) == before


def test_restore_replaces_a_damaged_database_and_keeps_the_damaged_file_aside(db):
    saved = ten_backups(db)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    db.with_name(db.name + ".wal").unlink(missing_ok=True)
    code, _, err = werkstatt("restore", "--db", db)
    assert code == 0, err
    assert fingerprint(db)[3] == 10
    aside = list(db.parent.glob(db.name + ".vor-wiederherstellung-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == data[: len(data) // 2]
    assert backup.list_backups(backup.backup_root(db)) == saved


HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("offen", flush=True)
time.sleep(60)
"""


def test_import_log_while_the_dashboard_holds_the_file_reads_the_newest_backup(db):
    code, expected, _ = werkstatt("import-log", "--db", db)
    assert code == 0
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "offen"
        code, out, err = werkstatt("import-log", "--db", db)
        assert code == 1 and "anderen Prozess" in err and "keine" in err  # no backup yet
        backup_dir = backup_of_a_copy(db)
        code, out, err = werkstatt("import-log", "--db", db)
        assert code == 0, err
        assert out == expected
        assert "neueste Sicherung" in err and backup_dir.name in err
        code, _, err = werkstatt("backup", "--db", db)
        assert code == 1 and "anderen Prozess" in err and "Traceback" not in err
    finally:
        holder.kill()
        holder.wait()


def backup_of_a_copy(db: Path) -> Path:
    """A backup in db's backup folder, made from a copy (the original is held elsewhere)."""
    folder = db.parent / "kopie"
    folder.mkdir()
    con = duckdb.connect(str(copy_database(db, folder)))
    made = backup.backup(con, backup.backup_root(db))
    con.close()
    return made


def test_a_server_side_backup_and_the_nightly_rule(db):
    root = backup.backup_root(db)
    assert backup.nightly_backup_due(root)
    con = duckdb.connect(str(db))
    made = backup.backup_now(con, db)
    con.close()
    assert backup.newest_backup(root) == made
    assert not backup.nightly_backup_due(root)
    assert not backup.nightly_backup_due(root, now=datetime.now() + timedelta(hours=23))
    assert backup.nightly_backup_due(root, now=datetime.now() + timedelta(hours=24, minutes=1))
    with zipfile.ZipFile(io.BytesIO(backup.zip_bytes(made))) as archive:
        names = archive.namelist()
    assert f"{made.name}/schema.sql" in names and f"{made.name}/werkzeug.parquet" in names
