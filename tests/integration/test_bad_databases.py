"""A database file that cannot be used gets a German message saying why (missing, not DuckDB,
damaged, busy, full disk, no rights), and nothing is written. Issue 9, section 3."""
import errno
import io
import sqlite3
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import duckdb
import pytest

from werkstatt.__main__ import main
from werkstatt.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseMissingError,
    DiskFullError,
    NotDuckDBError,
    NoWriteAccessError,
)
from werkstatt.store import backup, connection, files, importer
from werkstatt.store.importer import build_database, ensure_database
from werkstatt.store.transaction import audit, transaction


def werkstatt(*args) -> tuple[int, str]:
    """The CLI in this process: exit code and stderr (a traceback would raise here)."""
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, err.getvalue()


def cut_in_half(db: Path) -> bytes:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    db.with_name(db.name + ".wal").unlink(missing_ok=True)
    return db.read_bytes()


def test_a_file_cut_in_half_is_reported_as_damaged_not_as_busy(db):
    damaged = cut_in_half(db)
    with pytest.raises(DatabaseDamagedError, match="beschädigt") as err:
        ensure_database(db)  # the dashboard's start
    assert "anderen Prozess" not in str(err.value)
    code, message = werkstatt("backup", "--db", db)
    assert code == 1 and "beschädigt" in message and "anderen Prozess" not in message
    assert db.read_bytes() == damaged
    assert backup.list_backups(backup.backup_root(db)) == []


HOLD = ("import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('offen', flush=True); "
        "time.sleep(60)")


def test_a_file_held_by_another_process_is_reported_as_busy(db):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "offen"
        with pytest.raises(DatabaseBusyError, match="anderen Prozess benutzt"):
            connection.connect(db)
        code, message = werkstatt("init", "--db", db, "--force", "--quiet")
        assert code == 1 and "anderen Prozess" in message
    finally:
        holder.kill()
        holder.wait()


def test_an_sqlite_file_is_refused_without_loading_an_extension(tmp_path):
    lite = tmp_path / "plan.duckdb"
    sqlite3.connect(lite).execute("CREATE TABLE plan (id INTEGER)").connection.commit()
    before = lite.read_bytes()
    with pytest.raises(NotDuckDBError, match="keine DuckDB-Datei .eine SQLite-Datenbank"):
        connection.connect(lite)
    code, message = werkstatt("import-log", "--db", lite)
    assert code == 1 and "keine DuckDB-Datei" in message
    assert lite.read_bytes() == before


def test_no_connection_may_install_or_load_extensions_on_its_own(tmp_path):
    con = connection.connect(tmp_path / "neu.duckdb", create=True)
    settings = con.execute(
        "SELECT current_setting('autoinstall_known_extensions'), "
        "current_setting('autoload_known_extensions')").fetchone()
    assert settings == (False, False)


def test_the_extension_settings_do_not_lock_out_other_connections_of_the_process(db):
    plain = duckdb.connect(str(db))  # as the pages open it
    try:
        con = connection.connect(db)
        assert con.execute("SELECT count(*) FROM werkzeug").fetchone() == (12,)
        con.close()
    finally:
        plain.close()


@pytest.mark.parametrize("content", [b"Hallo, ich bin keine Datenbank\n" * 50, b"\x00" * 4096])
def test_a_foreign_file_is_refused(tmp_path, content):
    foreign = tmp_path / "plan.duckdb"
    foreign.write_bytes(content)
    with pytest.raises(NotDuckDBError, match="keine DuckDB-Datei"):
        ensure_database(foreign)
    assert foreign.read_bytes() == content


def test_a_folder_or_a_missing_file_is_refused_and_nothing_is_created(tmp_path):
    with pytest.raises(NotDuckDBError, match="ist ein Ordner"):
        connection.connect(tmp_path)
    with pytest.raises(DatabaseMissingError, match="gibt es nicht"):
        connection.connect(tmp_path / "fehlt.duckdb", read_only=True)
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_data_folder_is_reported_as_such(tmp_path, monkeypatch):
    # /sys refuses writes even to root (the tests may run as root, where chmod does not bind)
    code, message = werkstatt("init", "--db", "/sys/werkstatt-test/plan.duckdb", "--quiet")
    assert code == 1 and "Keine Schreibrechte" in message

    def permission_denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    db = tmp_path / "plan.duckdb"
    build_database(db)
    before = db.read_bytes()
    monkeypatch.setattr(files.tempfile, "mkstemp", permission_denied)
    with pytest.raises(NoWriteAccessError, match="Keine Schreibrechte"):
        build_database(db, force=True)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.duckdb"]


def no_space(*args, **kwargs):
    raise duckdb.IOException('IO Error: Could not write file "x.duckdb": No space left on device')


def no_space_os(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("where, fake", [("write_plan", no_space), ("replace", no_space_os)])
def test_a_full_disk_is_reported_as_full_not_as_busy(tmp_path, monkeypatch, where, fake):
    db = tmp_path / "plan.duckdb"
    build_database(db)
    before = db.read_bytes()
    if where == "write_plan":
        monkeypatch.setattr(importer, "write_plan", fake)
    else:
        monkeypatch.setattr(files.os, "replace", fake)
    code, message = werkstatt("init", "--db", db, "--force", "--quiet")
    assert code == 1 and "Datenträger voll" in message and "anderen Prozess" not in message
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.duckdb"]


class FullDiskConnection:
    """A connection whose EXPORT fails like a full disk; everything else is passed through."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql, *args):
        if sql.startswith("EXPORT DATABASE"):
            no_space()
        return self.con.execute(sql, *args)


def test_a_backup_on_a_full_disk_is_reported_and_leaves_no_half_backup(db):
    con = duckdb.connect(str(db))
    try:
        with pytest.raises(DiskFullError, match="Datenträger voll") as err:
            backup.backup(FullDiskConnection(con), backup.backup_root(db))
        assert isinstance(err.value, OSError)  # the server's start backup only warns on those
    finally:
        con.close()
    assert backup.list_backups(backup.backup_root(db)) == []


def test_a_write_on_a_full_disk_is_reported_as_full_and_rolled_back(con):
    before = con.execute("SELECT count(*) FROM aenderung").fetchone()

    def work():
        audit(con, user="anna", table="massnahme", record_id=1, action="Status")
        no_space()

    with pytest.raises(DiskFullError, match="Datenträger voll .*: Die Datenbankdatei"):
        transaction(con, work)
    assert con.execute("SELECT count(*) FROM aenderung").fetchone() == before
