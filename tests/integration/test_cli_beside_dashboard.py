"""The command line beside a running dashboard (issue 15, section 6): reading commands read the
server's read copy (else the newest backup) and say from when; writing commands say to use
the page; a reading command never writes to the file; `excel import --user` must name a user
of the secrets file."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from tests.integration.test_backup import HOLD, fingerprint, werkstatt
from tests.integration.test_excel_cli import secrets_with_anna
from werkstatt.commands import progress
from werkstatt.store import backup, schema, snapshot

READERS = {
    "import-log": (["import-log"], None),
    "handout": (["handout", "--out"], "handout.pdf"),
    "excel export": (["excel", "export", "--out"], "fortschritt.xlsx"),
    "ical": (["ical", "--kontakt", "Niels Buck", "--out"], "buck.ics"),
}


@pytest.fixture
def held(db, tmp_path):
    """`db` held by another process (as the dashboard holds it), with a backup and a read
    copy that knows one status more than the backup."""
    con = duckdb.connect(str(db))
    backup.backup(con, backup.backup_root(db))
    progress.record_status(con, 1, "erledigt", user="anna", comment="in der Lesekopie")
    snapshot.write(con, db)
    con.close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().strip() == "offen"
    yield db
    holder.kill()
    holder.wait()


@pytest.mark.parametrize("command", list(READERS))
def test_reading_commands_read_the_read_copy_while_the_dashboard_holds_the_file(
        held, tmp_path, command):
    words, output = READERS[command]
    args = [*words, tmp_path / output] if output else words
    code, out, err = werkstatt(*args, "--db", held)
    assert code == 0, err
    assert "wird gerade benutzt" in err and "Lesekopie des Dashboards vom" in err
    if output:
        assert (tmp_path / output).stat().st_size > 0
    else:
        assert "Importprotokoll (" in out


def test_the_excel_export_of_the_read_copy_has_the_latest_status(held, tmp_path):
    import openpyxl

    target = tmp_path / "x.xlsx"
    code, _, err = werkstatt("excel", "export", "--db", held, "--out", target)
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "in der Lesekopie" in cells


@pytest.mark.parametrize("args, page", [
    (["backup"], "„Sicherung jetzt“"),
    (["restore"], "Dashboard erst beenden"),
    (["init", "--force", "--quiet"], "Dashboard erst beenden"),
])
def test_writing_commands_say_what_to_do_while_the_dashboard_holds_the_file(held, args, page):
    code, _, err = werkstatt(*args, "--db", held)
    assert code == 1 and "anderen Prozess" in err and page in err and "Traceback" not in err


def test_an_excel_import_while_the_dashboard_runs_points_to_the_page(held, tmp_path):
    from tests.integration.excel_helpers import edited

    exported = tmp_path / "x.xlsx"
    assert werkstatt("excel", "export", "--db", held, "--out", exported)[0] == 0
    filled = tmp_path / "y.xlsx"
    filled.write_bytes(edited(exported.read_bytes(), {2: {"Status": "erledigt"}}))
    secrets = secrets_with_anna(tmp_path)
    code, out, err = werkstatt("excel", "import", filled, "--db", held, "--user", "anna",
                               "--secrets", secrets)
    assert code == 0 and "Nichts gespeichert" in out  # the preview reads the read copy
    code, _, err = werkstatt("excel", "import", filled, "--db", held, "--user", "anna",
                             "--secrets", secrets, "--apply")
    assert code == 1 and "Excel-Abgleich" in err


@pytest.mark.parametrize("name", ["niemand", "anna\n", ""])
def test_excel_import_refuses_a_user_the_secrets_file_does_not_know(db, tmp_path, name):
    before = fingerprint(db)
    code, _, err = werkstatt("excel", "import", tmp_path / "egal.xlsx", "--db", db, "--user",
                             name, "--secrets", secrets_with_anna(tmp_path), "--apply")
    assert code == 1 and "gibt es in" in err and "Traceback" not in err
    assert fingerprint(db) == before


def test_excel_import_without_a_secrets_file_says_so(db, tmp_path):
    code, _, err = werkstatt("excel", "import", tmp_path / "egal.xlsx", "--db", db, "--user",
                             "anna", "--secrets", tmp_path / "fehlt.toml")
    assert code == 1 and "gibt es nicht" in err and "--secrets" in err


def test_a_reading_command_never_writes_to_an_empty_duckdb_file(tmp_path):
    empty = tmp_path / "leer.duckdb"
    duckdb.connect(str(empty)).close()
    before = empty.read_bytes()
    for args in (["excel", "export", "--out", tmp_path / "x.xlsx"],
                 ["ical", "--kontakt", "Niels Buck", "--out", tmp_path / "x.ics"],
                 ["handout", "--out", tmp_path / "x.pdf"], ["import-log"]):
        code, _, err = werkstatt(*args, "--db", empty)
        assert code == 1 and "enthält keinen Werkstattplan" in err, err
        assert "Traceback" not in err
    assert empty.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leer.duckdb"]


def test_a_reading_command_reads_an_older_schema_without_migrating_the_file(plan_db, tmp_path):
    older = tmp_path / "alt.duckdb"  # the plan as schema version 4 stored it
    con = duckdb.connect(str(older))
    schema.migrate(con, up_to=4)
    con.execute(f"ATTACH '{plan_db}' AS neu (READ_ONLY)")
    tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE "
                                        "database_name = 'alt' ORDER BY table_oid").fetchall()]
    for table in tables:
        if table != "schema_version":
            dropped = {"massnahme": " EXCLUDE (fortfuehrung, vorgaenger_id)",  # 5, 6, 30
                       "indikator": " EXCLUDE (basis_angabe, prognosewert, prognose_jahr, "
                                    "plan_id, vorgaenger_id)",
                       "plan": " EXCLUDE (vorgaenger_id)",
                       "werkzeug": " EXCLUDE (vorgaenger_id)",
                       "import_log": " EXCLUDE (plan_id)"}.get(table, "")
            con.execute(f"INSERT INTO {table} BY NAME SELECT *{dropped} FROM neu.{table}")
    con.execute("DETACH neu")
    con.execute("CHECKPOINT")
    con.close()
    before = older.read_bytes()
    code, _, err = werkstatt("excel", "export", "--db", older, "--out", tmp_path / "x.xlsx")
    assert code == 0, err
    assert older.read_bytes() == before
    con = duckdb.connect(str(older), read_only=True)
    assert schema.schema_version(con) == 4
    con.close()
