"""Bad inputs of the second trust round (issue 14, MEDIUM and LOW): each ends with a German
message, exit code and nothing written; never a traceback or English system text."""
from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tomllib
import zipfile
from xml.etree import ElementTree

import duckdb
import openpyxl
import pytest
from icalendar import Calendar

from tests.conftest import ROOT
from tests.integration.excel_helpers import edited, export, load, measure_cells, save
from tests.integration.test_auth import user_add
from tests.integration.test_backup import fingerprint, werkstatt
from tests.integration.test_bad_documents import edit_line
from werkstatt.commands import edits, excel_import, progress
from werkstatt.errors import DiskFullError, ValidationError
from werkstatt.outputs import excel, gantt_svg, handout, ical
from werkstatt.store import backup
from werkstatt.store.transaction import transaction
from werkstatt.views import queries, schedule
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData


# --- Excel import ---------------------------------------------------------------------------
def with_sheet_xml(data: bytes, change) -> bytes:
    """The workbook with the XML of its first measure sheet passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                content = change(content)
            out.writestr(item, content)
    return target.getvalue()


def as_utf16(xml: bytes) -> bytes:
    text = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return text.encode("utf-16")


def test_a_formula_hidden_in_a_utf16_sheet_is_refused_with_its_row(con):
    book = load(export(con))
    cells = measure_cells(book, 1)
    cells["Kommentar"].value = '=HYPERLINK("http://ev.il","klick")'
    data = with_sheet_xml(save(book), as_utf16)
    assert b"<f" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    with pytest.raises(ValidationError, match=r"Zeile \d+, Zelle [A-Z]+\d+: enthält eine Formel"):
        excel_import.read_changes(con, data)
    assert con.execute("SELECT count(*) FROM fortschritt").fetchone() == (0,)


def with_part(data: bytes, name: str) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(name, b"makro")
    return buffer.getvalue()


@pytest.mark.parametrize("part", ["xl/VBAProject.BIN", "xl/vbaproject.bin", "xl/Vbaproject.Bin"])
def test_a_macro_part_in_any_spelling_is_refused(con, part):
    with pytest.raises(ValidationError, match="enthält Makros"):
        excel_import.read_changes(con, with_part(export(con), part))


@pytest.mark.parametrize("column, value", [("ID", "²"), ("Version", "①"), ("ID", "٣")])
def test_a_unicode_digit_in_id_or_version_names_the_row(con, column, value):
    data = edited(export(con), {1: {column: value}})
    with pytest.raises(ValidationError, match=r"Zeile \d+: die (ID|Version) „") as refused:
        excel_import.read_changes(con, data)
    assert "beschädigt" not in str(refused.value)


def test_an_unchanged_export_imports_although_one_of_its_measures_was_removed(con):
    data = edited(export(con), {2: {"Status": "erledigt"}})
    edits.set_removed(con, 1, True, user="chef", grund="doppelt")  # exported, untouched, removed
    changes = excel_import.read_changes(con, data)
    assert [c.massnahme_id for c in changes] == [2]
    changed_removed = edited(export_with_removed(con), {1: {"Status": "erledigt"}})
    with pytest.raises(ValidationError, match="ist entfernt"):  # an edited one still counts
        excel_import.read_changes(con, changed_removed)


def export_with_removed(con) -> bytes:
    edits.set_removed(con, 1, False, user="chef")
    data = export(con)
    edits.set_removed(con, 1, True, user="chef", grund="doppelt")
    return data


def without_styles(data: bytes) -> bytes:
    """A workbook openpyxl warns about in English ("Workbook contains no default style")."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename != "xl/styles.xml":
                out.writestr(item, source.read(item.filename))
    return target.getvalue()


def test_openpyxl_warnings_do_not_reach_stderr(db, tmp_path):
    con = duckdb.connect(str(db))
    data = without_styles(edited(export(con), {1: {"Status": "erledigt"}}))
    con.close()
    filled = tmp_path / "ohne_stile.xlsx"
    filled.write_bytes(data)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[werkstatt_users.anna]\nrole = "bearbeiter"\npassword_hash = "x"\n')
    run = subprocess.run([sys.executable, "-m", "werkstatt", "excel", "import", str(filled),
                          "--db", str(db), "--user", "anna", "--secrets", str(secrets)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr and "openpyxl" not in run.stderr, run.stderr


# --- control characters and invisible titles -----------------------------------------------
CONTROLS = "Workshop\x00\x01\x0b\x1b[31m Zukunft\x7f"


def test_typed_text_loses_control_and_invisible_characters(con):
    edits.rename_massnahme(con, 1, CONTROLS, user="chef")
    assert con.execute("SELECT titel FROM massnahme WHERE id = 1").fetchone() == (
        "Workshop[31m Zukunft",)
    progress.record_status(con, 2, "erledigt", user="anna", comment="Zeile 1\x07\nZeile 2\u200b")
    assert con.execute("SELECT kommentar FROM fortschritt").fetchone() == ("Zeile 1\nZeile 2",)
    edits.update_werkzeug(con, 1, {"chancen": "gut\x0c\n\nsehr gut"}, user="chef")
    assert con.execute("SELECT chancen FROM werkzeug WHERE id = 1").fetchone() == (
        "gut\n\nsehr gut",)


@pytest.mark.parametrize("title", ["\u200b\u200b\u200b", "\u200b \ufeff\u2060", "\x00\x01"])
def test_a_title_of_invisible_characters_is_empty(con, title):
    with pytest.raises(ValidationError, match="darf nicht leer sein"):
        edits.rename_massnahme(con, 1, title, user="chef")
    with pytest.raises(ValidationError, match="darf nicht leer sein"):
        edits.add_massnahme(con, 1, title, user="chef")


def test_control_characters_already_in_the_data_leave_every_output_valid(con):
    """A title stored before the input check (or by another tool): the outputs strip them."""
    mid = con.execute("SELECT min(massnahme_id) FROM termin").fetchone()[0]
    con.execute("UPDATE massnahme SET titel = ? WHERE id = ?", [CONTROLS, mid])
    rows = queries.schedule(con)
    months = schedule.plan_monate(queries.plan_info(con)["jahr"], rows)
    svg = gantt_svg.gantt_svg(rows, months, None, title="Gantt \x01")
    ElementTree.fromstring(svg)  # well-formed XML, so the handout keeps its Gantt
    pdf = handout.build_handout(PlanData.of(con), Filters())
    assert pdf.startswith(b"%PDF")
    openpyxl.load_workbook(io.BytesIO(excel.export_workbook(PlanData.of(con), Filters())))
    kontakt = con.execute("SELECT k.name FROM kontakt k JOIN werkzeug_kontakt l ON "
                          "l.kontakt_id = k.id JOIN massnahme m ON m.werkzeug_id = "
                          "l.werkzeug_id WHERE m.id = ?", [mid]).fetchone()[0]
    calendar = ical.contact_calendar(PlanData.of(con), kontakt)
    assert b"\x01" not in calendar and b"\x1b" not in calendar
    assert "Workshop" in Calendar.from_ical(calendar).to_ical().decode()


# --- the document (init --source) -----------------------------------------------------------
DOCUMENTS = {
    "superscript month": (edit_line(78, "\t12", "\t²"), "„²“ statt einer Monatszahl"),
    "circled month": (edit_line(78, "\t11", "\t①"), "„①“ statt einer Monatszahl"),
    "date in 9999": (edit_line(115, "Veranstaltung", "Veranstaltung 31.12.9999"),
                     "außerhalb des Plans"),
    "date in year 1": (edit_line(115, "Veranstaltung", "Veranstaltung 01.01.0001"),
                       "außerhalb des Plans"),
    "date in 1950": (edit_line(115, "Veranstaltung", "Veranstaltung 06.10.1950"),
                     "außerhalb des Plans"),
    "budget beyond the column": (edit_line(75, "Ca. 800.000,-- Euro",
                                           "Ca. 800.000.000.000.000,-- Euro"),
                                 "Betrag über 9.999.999.999,99 €"),
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_document_with_an_impossible_value_is_refused_naming_the_line(tmp_path, name):
    text, words = DOCUMENTS[name]
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    code, _, err = werkstatt("init", "--db", tmp_path / "x.duckdb", "--source", source)
    assert code == 1 and words in err and "Zeile" in err and "Traceback" not in err, err
    assert "Error" not in err
    assert not (tmp_path / "x.duckdb").exists()


def test_a_device_or_a_pipe_as_document_is_refused_before_reading(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for source in ("/dev/zero", fifo, tmp_path):
        code, _, err = werkstatt("init", "--db", tmp_path / "x.duckdb", "--source", source)
        assert code == 1 and "keine gewöhnliche Datei" in err, err
    assert not (tmp_path / "x.duckdb").exists()


# --- users -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["anna\n", "anna\nrole = 'admin'", "an\tna"])
def test_a_user_name_with_a_line_break_or_nul_is_refused(tmp_path, name):
    run = user_add(tmp_path / "secrets.toml", name)
    assert run.returncode == 1 and "Benutzernamen:" in run.stderr.decode()
    assert not (tmp_path / "secrets.toml").exists()


@pytest.mark.parametrize("password, words", [
    (b"ein-langes\x00passwort\n", "Nullzeichen"), (b"ein-langes-\xfcberpasswort\n", "UTF-8")])
def test_a_password_with_nul_or_not_utf8_is_refused(tmp_path, password, words):
    run = user_add(tmp_path / "secrets.toml", "anna", password=password)
    stderr = run.stderr.decode()
    assert run.returncode == 1 and words in stderr and "Traceback" not in stderr
    assert not (tmp_path / "secrets.toml").exists()


def test_a_password_change_keeps_the_contact_and_other_fields(tmp_path, db):
    secrets = tmp_path / "secrets.toml"
    assert user_add(secrets, "niels", "--kontakt", "Niels Buck", db=db).returncode == 0
    text = secrets.read_text().replace('kontakt = "Niels Buck"',
                                       'kontakt = "Niels Buck"\nnotiz = "Büro 12"')
    secrets.write_text(text)
    run = user_add(secrets, "niels", password=b"ein-neues-langes-passwort\n")
    assert run.returncode == 0, run.stderr.decode()
    entry = tomllib.loads(secrets.read_text())["werkstatt_users"]["niels"]
    assert entry["kontakt"] == "Niels Buck" and entry["notiz"] == "Büro 12"


# --- the command line in German --------------------------------------------------------------
@pytest.mark.parametrize("args, words, usage", [
    (["user", "add", "anna", "--role", "root"], "„root“ ist nicht erlaubt (möglich: leser, "
                                                "bearbeiter, admin)", "user add"),
    (["handout"], "es fehlt die Angabe --out", "handout"),
    (["excel", "export"], "es fehlt die Angabe --out", "excel export"),
    (["sichern"], "unbekannter Befehl „sichern“", "python -m werkstatt"),
    (["backup", "--behalten", "zehn"], "„zehn“ ist keine ganze Zahl", "backup"),
    (["ical", "--kontakt"], "hier fehlt der Wert", "ical"),
    (["import-log", "--gibts-nicht"], "unbekannte Angabe --gibts-nicht", "python -m werkstatt"),
])
def test_a_wrong_call_gets_german_text_with_the_commands_usage_and_exit_2(args, words, usage):
    run = subprocess.run([sys.executable, "-m", "werkstatt", *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert words in run.stderr and "Aufruf: python -m werkstatt" in run.stderr, run.stderr
    first = run.stderr.splitlines()[0]
    assert first.startswith("Aufruf: python -m werkstatt") and first.count("Aufruf") == 1
    assert usage in first
    for english in ("usage:", "error:", "invalid", "required", "argument"):
        assert english not in run.stderr, (english, run.stderr)


def test_the_help_is_german():
    run = subprocess.run([sys.executable, "-m", "werkstatt", "excel", "export", "--help"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0
    assert "Aufruf:" in run.stdout and "Optionen" in run.stdout
    assert "diese Hilfe zeigen" in run.stdout and "show this help" not in run.stdout


# --- database and folders: each its own German cause -----------------------------------------
def test_dev_null_as_database_is_named_as_such(tmp_path):
    for args in (["import-log"], ["backup"],
                 ["excel", "export", "--out", tmp_path / "x.xlsx"]):
        code, _, err = werkstatt(*args, "--db", "/dev/null")
        assert code == 1 and "keine gewöhnliche Datei" in err and "Error" not in err, err


def test_a_backup_target_that_is_a_file_or_not_writable_is_named(db, tmp_path):
    before = fingerprint(db)
    a_file = tmp_path / "eine-datei"
    a_file.write_text("x")
    code, _, err = werkstatt("backup", "--db", db, "--ziel", a_file)
    assert code == 1 and "ist kein Ordner" in err and "Traceback" not in err, err
    code, _, err = werkstatt("backup", "--db", db, "--ziel", "/proc/werkstatt-test")
    assert code == 1 and ("Keine Schreibrechte" in err or "lässt sich nicht" in err), err
    assert "Error" not in err and "Errno" not in err
    assert fingerprint(db) == before


def no_space_at_commit(*args, **kwargs):
    raise duckdb.TransactionException("TransactionContext Error: Failed to commit: Could not "
                                      "write file \"x.duckdb.wal\": No space left on device")


def test_a_full_disk_at_commit_is_called_full_not_busy(con):
    with pytest.raises(DiskFullError, match="Datenträger voll"):
        transaction(con, no_space_at_commit)


def limited_file_size(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_restore_under_a_file_size_limit_says_disk_full_not_damaged(db):
    con = duckdb.connect(str(db))
    made = backup.backup(con, backup.backup_root(db))
    con.close()
    before = fingerprint(db)
    run = subprocess.run([sys.executable, "-m", "werkstatt", "restore", str(made), "--db",
                          str(db)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         preexec_fn=limited_file_size(200_000))
    assert run.returncode == 1, run.stderr
    assert "Datenträger voll" in run.stderr and "beschädigt" not in run.stderr, run.stderr
    assert fingerprint(db) == before


# --- a date far outside the plan in the data: no view or output breaks -----------------------
def test_an_extreme_date_in_the_data_breaks_no_output(con):
    con.execute("UPDATE termin SET ende = DATE '9999-12-31' WHERE id = 1")
    con.execute("UPDATE termin SET beginn = DATE '0001-01-01' WHERE id = 2")
    months = schedule.plan_monate(2019, queries.schedule(con))
    assert months[0].year == 2019 - schedule.WIDEST and months[-1].year == 2019 + schedule.WIDEST
    assert handout.build_handout(PlanData.of(con), Filters()).startswith(b"%PDF")
    openpyxl.load_workbook(io.BytesIO(excel.export_workbook(PlanData.of(con), Filters())))
    for (kontakt,) in con.execute("SELECT name FROM kontakt").fetchall():
        Calendar.from_ical(ical.contact_calendar(PlanData.of(con), kontakt))
