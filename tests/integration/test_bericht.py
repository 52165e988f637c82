"""The Sachstandsbericht (PDF and DOCX), the Plancheck and Stände on the command line."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import duckdb
import pytest
from pypdf import PdfReader

from tests.conftest import person_names_in_plan
from werkstatt.commands import edits
from werkstatt.views.plancheck import RULES

ROOT = Path(__file__).resolve().parents[2]
GRUND = "Die Referentin ist erst im November frei"


def run(*args):
    return subprocess.run([sys.executable, "-m", "werkstatt", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def moved(db) -> tuple[Path, str]:
    """The plan with one measure moved from September to November (with its Grund), one
    erledigt; (database, the moved measure's title)."""
    con = duckdb.connect(str(db))
    tid, title = con.execute("SELECT t.id, m.titel FROM termin t JOIN massnahme m ON m.id = "
                             "t.massnahme_id WHERE t.beginn = DATE '2019-09-01' AND t.ende = "
                             "DATE '2019-09-30' AND length(m.titel) < 40 ORDER BY t.id LIMIT 1"
                             ).fetchone()
    edits.change_termin(con, tid, "2019-11-01", "2019-11-30", "meilenstein", user="chef",
                        grund=GRUND)
    con.execute("INSERT INTO fortschritt (massnahme_id, status, benutzer, erfasst_am, version) "
                "SELECT massnahme_id, 'erledigt', 'anna', now(), 1 FROM termin "
                "WHERE rohmarke = '[Progress bar from 1 to 4]'")
    con.close()
    return db, title


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


def test_the_pdf_report_names_the_shifted_measure_its_grund_and_the_termintreue(moved, tmp_path):
    db, title = moved
    out = tmp_path / "bericht.pdf"
    result = run("bericht", "--db", str(db), "--stichtag", "2019-10-31", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert title in text and "Sep 2019" in text and "Nov 2019" in text and "+2" in text
    assert f"1× verschoben, zuletzt: {GRUND}" in text
    figure = re.search(r"Termintreue zum 31\.10\.2019 \(laut Beschluss\): (\d+ von \d+ \(\d+ %\))",
                       text)
    assert figure and figure.group(1) in result.stdout
    assert "seit Beschluss: 0 neu, 0 entfallen, 1 verschoben" in text
    reader = PdfReader(out)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, as the handout


def test_the_docx_report_has_real_headings_and_tables_with_the_same_facts(moved, tmp_path):
    db, title = moved
    out = tmp_path / "bericht.docx"
    result = run("bericht", "--db", str(db), "--stichtag", "2019-10-31", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["Sachstandsbericht zum Werkstattplan Kreis Dithmarschen 2019",
                            "Stand je Handlungsfeld", "Termintreue", "Änderungen seit Beschluss"]
    changes = next(t for t in document.tables if len(t.columns) > 2
                   and t.rows[0].cells[2].text == "laut Beschluss")
    row = next(r for r in changes.rows if r.cells[1].text == title)
    assert [c.text for c in row.cells[2:]] == ["Sep 2019", "Nov 2019", "+2", "verschoben",
                                               f"1× verschoben, zuletzt: {GRUND}"]
    text = docx_text(out)
    assert "Termintreue zum 31.10.2019 (laut Beschluss):" in text
    assert re.search(r"\d+ von \d+ \(\d+ %\)", text)


def test_the_same_stichtag_on_unchanged_data_gives_the_same_text(moved, tmp_path):
    db, _ = moved
    texts = []
    for name in ("a", "b"):
        for suffix in (".pdf", ".docx"):
            out = tmp_path / f"{name}{suffix}"
            assert run("bericht", "--db", str(db), "--stichtag", "2019-10-31",
                       "--out", str(out)).returncode == 0
        texts.append((pdf_text(tmp_path / f"{name}.pdf"), docx_text(tmp_path / f"{name}.docx")))
    assert texts[0] == texts[1]


def test_the_public_report_names_no_person(moved, tmp_path):
    db, _ = moved
    con = duckdb.connect(str(db))
    names = person_names_in_plan(con)
    tid = con.execute("SELECT id FROM termin ORDER BY id LIMIT 1").fetchone()[0]
    edits.change_termin(con, tid, "2019-12-01", "2019-12-31", "meilenstein", user="chef",
                        grund=f"laut {names[0]} erst im Dezember")
    con.close()
    for suffix, read in ((".pdf", pdf_text), (".docx", docx_text)):
        out = tmp_path / f"oeffentlich{suffix}"
        result = run("bericht", "--db", str(db), "--stichtag", "2019-12-31", "--out", str(out),
                     "--oeffentlich")
        assert result.returncode == 0, result.stderr
        text = read(out)
        assert "erst im Dezember" in text
        assert not [name for name in names if name in text]


@pytest.mark.parametrize("args, message", [
    (["--stichtag", "31.10.2019"], "Format JJJJ-MM-TT"),
    (["--stichtag", "2031-01-01"], "außerhalb des Plans"),
    ([], "--stichtag"),
    (["--stichtag", "2019-10-31", "--vergleich", "17"], "Einen Stand „17“ gibt es nicht"),
    (["--stichtag", "2019-10-31", "--kontakt", "Niemand"], "Kontakt „Niemand“"),
    (["--stichtag", "2019-10-31", "--handlungsfeld", "Sport"], "Handlungsfeld „Sport“"),
])
def test_a_bad_stichtag_stand_or_filter_ends_with_a_german_message_exit_2_and_no_file(
        db, tmp_path, args, message):
    out = tmp_path / "bericht.pdf"
    result = run("bericht", "--db", str(db), "--out", str(out), *args)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_a_report_file_that_is_neither_pdf_nor_docx_is_refused(db, tmp_path):
    result = run("bericht", "--db", str(db), "--stichtag", "2019-10-31",
                 "--out", str(tmp_path / "bericht.txt"))
    assert result.returncode == 2 and ".pdf oder .docx" in result.stderr
    assert not (tmp_path / "bericht.txt").exists()


def test_pruefen_lists_every_finding_as_json_with_ids_and_as_text(db):
    result = run("pruefen", "--db", str(db), "--stichtag", "2019-06-30", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found and all(set(f) == {"regel", "text", "werkzeug", "massnahme", "indikator", "ziel"}
                         for f in found)
    assert {f["regel"] for f in found} <= set(RULES)
    assert len({(f["regel"], f["werkzeug"], f["massnahme"], f["indikator"], f["ziel"])
                for f in found}) == len(found)  # one finding per thing and rule
    text = run("pruefen", "--db", str(db), "--stichtag", "2019-06-30")
    assert f"Plancheck zum 30.06.2019: {len(found)} Befunde" in text.stdout
    bad = run("pruefen", "--db", str(db), "--stichtag", "gestern")
    assert bad.returncode == 2 and "JJJJ-MM-TT" in bad.stderr


def test_stand_anlegen_freezes_the_plan_and_records_the_user(db):
    result = run("stand", "anlegen", "--db", str(db), "--name", "Sachstand Juni 2019",
                 "--drucksache", "DS 19/7", "--user", "kreis")
    assert result.returncode == 0, result.stderr
    assert "?vergleich=1" in result.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT name, drucksache, angelegt_von FROM stand WHERE id = 1"
                       ).fetchone() == ("Sachstand Juni 2019", "DS 19/7", "kreis")
    assert con.execute("SELECT count(*) FROM stand_massnahme WHERE stand_id = 1").fetchone() == (
        57,)
    con.close()
    again = run("stand", "anlegen", "--db", str(db), "--name", "Sachstand Juni 2019")
    assert again.returncode == 1 and "gibt es schon" in again.stderr


def test_the_handout_shows_the_changes_since_the_beschluss_and_the_termintreue(moved, tmp_path):
    db, title = moved
    out = tmp_path / "handout.pdf"
    result = run("handout", "--db", str(db), "--stichtag", "2019-10-31", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "Was sich seit dem Beschluss geändert hat" in text
    assert "seit Beschluss: 0 neu, 0 entfallen, 1 verschoben" in text
    assert f"1× verschoben, zuletzt: {GRUND}" in text
    assert "Termintreue zum 31.10.2019 (laut Beschluss):" in text
    assert "Monate laut Beschluss (nur wo sie abweichen)" in text  # the grey bars' legend
