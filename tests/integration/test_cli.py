import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "werkstatt", *args], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=60)


def test_init_builds_the_database_and_prints_the_import_log(tmp_path):
    db = tmp_path / "x.duckdb"
    result = run("init", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "Importprotokoll" in result.stdout and "12 Werkzeuge, 57 Maßnahmen" in result.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM werkzeug").fetchone() == (12,)


def test_init_refuses_an_existing_file_without_force_and_backs_up_with_force(tmp_path):
    db = tmp_path / "x.duckdb"
    assert run("init", "--db", str(db), "--quiet").returncode == 0
    refused = run("init", "--db", str(db))
    assert refused.returncode == 1 and "existiert bereits" in refused.stderr
    assert "--force" in refused.stderr
    forced = run("init", "--db", str(db), "--force", "--quiet")
    assert forced.returncode == 0 and "Sicherung" in forced.stdout
    backups = list(tmp_path.glob("x.duckdb.sicherung-*"))
    assert len(backups) == 1
    con = duckdb.connect(str(backups[0]), read_only=True)
    assert con.execute("SELECT count(*) FROM massnahme").fetchone() == (57,)


def test_import_log_command_prints_the_stored_log(tmp_path):
    db = tmp_path / "x.duckdb"
    run("init", "--db", str(db), "--quiet")
    result = run("import-log", "--db", str(db))
    assert result.returncode == 0 and "als zwei Personen gelesen" in result.stdout
    missing = run("import-log", "--db", str(tmp_path / "fehlt.duckdb"))
    assert missing.returncode == 1 and "gibt es nicht" in missing.stderr


def test_a_bad_document_gives_a_german_error_and_no_file(tmp_path):
    source = tmp_path / "leer.txt"
    source.write_text("")
    result = run("init", "--db", str(tmp_path / "x.duckdb"), "--source", str(source))
    assert result.returncode == 1
    assert result.stderr.startswith("Fehler:") and "leer" in result.stderr
    assert not (tmp_path / "x.duckdb").exists()
