"""`python -m werkstatt plan-export`: the plan as .txt or .docx, checked like every output."""
import io

import duckdb
from docx import Document

from tests.conftest import copy_database, person_names_in_plan
from tests.integration.test_cli import run


def plan_year(db) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT jahr FROM plan").fetchone()[0]
    finally:
        con.close()


def test_plan_export_writes_a_text_that_init_reads_back(plan_db, tmp_path):
    db = copy_database(plan_db, tmp_path)
    out = tmp_path / "ausgabe" / "plan.txt"
    result = run("plan-export", "--db", str(db), "--plan", str(plan_year(db)), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "12 Werkzeuge, 57 Maßnahmen" in result.stdout and result.stderr == ""
    again = run("init", "--db", str(tmp_path / "neu.duckdb"), "--source", str(out), "--quiet")
    assert again.returncode == 0, again.stderr
    assert "12 Werkzeuge, 57 Maßnahmen" in again.stdout


def test_plan_export_writes_a_word_file(plan_db, tmp_path):
    db = copy_database(plan_db, tmp_path)
    out = tmp_path / "plan.docx"
    result = run("plan-export", "--db", str(db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    headings = [p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs
                if p.style.name == "Heading 1"]
    assert "Zielkatalog" in headings


def test_another_year_is_refused_with_exit_2_and_nothing_written(plan_db, tmp_path):
    db = copy_database(plan_db, tmp_path)
    out = tmp_path / "plan.txt"
    other = plan_year(db) + 1
    result = run("plan-export", "--db", str(db), "--plan", str(other), "--out", str(out))
    assert result.returncode == 2
    assert f"Einen Plan {other} gibt es in der Datenbank nicht" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_the_database_under_an_output_name_is_refused_even_with_force(plan_db, tmp_path):
    db = copy_database(plan_db, tmp_path)
    before = db.read_bytes()
    for suffix in (".txt", ".docx"):
        disguised = tmp_path / f"plan{suffix}"
        disguised.symlink_to(db)  # the database under an output's name
        refused = run("plan-export", "--db", str(db), "--out", str(disguised), "--force")
        assert refused.returncode == 1, refused.stdout
        assert "die Datenbank" in refused.stderr and "nichts geschrieben" in refused.stderr
        assert db.read_bytes() == before


def test_a_wrong_suffix_is_refused_in_german(plan_db, tmp_path):
    db = copy_database(plan_db, tmp_path)
    out = tmp_path / "plan.pdf"
    result = run("plan-export", "--db", str(db), "--out", str(out))
    assert result.returncode == 2
    assert "muss auf .txt oder .docx enden" in result.stderr and not out.exists()


def test_the_public_text_names_no_person(plan_db, tmp_path):
    db = copy_database(plan_db, tmp_path)
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = person_names_in_plan(con)
    finally:
        con.close()
    out = tmp_path / "oeffentlich.txt"
    result = run("plan-export", "--db", str(db), "--out", str(out), "--oeffentlich")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Stabsstelle" in text
    assert [name for name in names if name in text] == []
