import subprocess
import sys
from pathlib import Path

import duckdb

from werkstatt.commands import progress
from werkstatt.store import backup

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
    run = lambda *a: subprocess.run([sys.executable, "-m", "werkstatt", *a, "--db", str(db)],
                                    cwd=ROOT, capture_output=True, text=True, timeout=60)
    made = run("backup")
    assert made.returncode == 0 and "Sicherung angelegt" in made.stdout
    back = run("restore")
    assert back.returncode == 0 and "wiederhergestellt" in back.stdout
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM werkzeug").fetchone() == (12,)
