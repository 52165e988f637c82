"""The downloads in the public form (the copy of werkstatt.views.public): handout PDF, Excel,
iCal and the command line's --oeffentlich carry no person's name, comment or user name, and
keep units, partners, dates and budgets."""
from __future__ import annotations

import io
import subprocess
import sys

import duckdb
import openpyxl
import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, copy_database, person_names_in_plan
from werkstatt.commands import progress
from werkstatt.outputs import excel, handout, ical
from werkstatt.views import public, queries
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData

USER = "benutzerin-zoe"
COMMENT = "Rücksprache intern vereinbart"


@pytest.fixture
def plan_path(plan_db, tmp_path):
    """A copy of the plan with a status and comment by USER."""
    path = copy_database(plan_db, tmp_path)
    con = duckdb.connect(str(path))
    (mid,) = con.execute("SELECT min(massnahme_id) FROM termin").fetchone()
    progress.record_status(con, mid, "in Arbeit", user=USER, comment=COMMENT, expected_version=0)
    con.close()
    return path


@pytest.fixture
def plan(plan_path):
    con = duckdb.connect(str(plan_path))
    yield con
    con.close()


def hidden_names(con) -> list[str]:
    return person_names_in_plan(con) + [USER, COMMENT]


def leaked(text: str, names: list[str]) -> list[str]:
    flat = " ".join(text.split()).casefold()
    return [n for n in names if " ".join(n.split()).casefold() in flat]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def excel_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
                     if c.value is not None)


def ics_text(data: bytes) -> str:
    return data.decode().replace("\r\n ", "")  # unfold long lines


def test_the_full_outputs_name_people_so_the_public_test_means_something(plan):
    names = hidden_names(plan)
    assert leaked(pdf_text(handout.build_handout(PlanData.of(plan), Filters())), names)
    assert leaked(excel_text(excel.export_workbook(PlanData.of(plan), Filters())), names)


def test_handout_excel_and_ical_of_the_public_copy_name_no_person(plan):
    names = hidden_names(plan)
    copy = public.public_copy(plan)
    pdf = pdf_text(handout.build_handout(PlanData.of(copy), Filters()))
    assert not leaked(pdf, names)
    assert "Stabsstelle" in pdf and "€" in pdf and "Indikatoren" in pdf
    sheet = excel_text(excel.export_workbook(PlanData.of(copy), Filters()))
    assert not leaked(sheet, names)
    assert "in Arbeit" in sheet  # the status stays, its comment and author do not
    contacts = list(queries.kontakte(copy)["name"])
    assert not leaked("\n".join(contacts), names)
    for kontakt in contacts:
        assert not leaked(ics_text(ical.contact_calendar(PlanData.of(copy), kontakt)),
                          names), kontakt
    assert "BEGIN:VEVENT" in ics_text(ical.contact_calendar(PlanData.of(copy),
                                                            "Jugendberufsagentur"))


def test_every_text_cell_of_the_public_copy_is_free_of_names(plan):
    names = hidden_names(plan)
    copy = public.public_copy(plan)
    tables = [t for (t,) in copy.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    for table in tables:
        assert not leaked(copy.execute(f"SELECT * FROM {table}").df().to_csv(), names), table
    assert copy.execute("SELECT count(*) FROM aenderung").fetchone() == (0,)
    # what stays: every Werkzeug, measure, Termin, budget item and indicator
    for table in ("werkzeug", "massnahme", "termin", "budget_posten", "indikator"):
        sql = f"SELECT count(*) FROM {table}"
        assert copy.execute(sql).fetchone() == plan.execute(sql).fetchone(), table


def test_names_are_replaced_by_unit_or_role_and_not_repeated():
    remover = public.NameRemover([public.Person(("Corinna Viyo",), "Jugendberufsagentur"),
                                  public.Person(("Maika Hansen",), "Ansprechperson")])
    assert remover.text("Jugendberufsagentur, Corinna Viyo") == "Jugendberufsagentur"
    assert remover.text("Nordfriesland (maika  HANSEN)") == "Nordfriesland (Ansprechperson)"
    assert remover.text("Corinna Viyolett") == "Corinna Viyolett"  # whole words only
    assert public.NameRemover([]).text("Text") == "Text"


@pytest.mark.parametrize("written", ["Herrn Zeitler", "Herr Dr. Zeitler", "herrn  zeitlers",
                                     "Dr. Zeitler", "Frau Prof. Dr. Zeitler"])
def test_a_person_is_replaced_in_every_form_of_address(written):
    remover = public.NameRemover([public.Person(("Herr Dr. Zeitler",), "Externe Beratung")])
    assert remover.text(f"Werkzeug durch {written} erstellt") == \
        "Werkzeug durch Externe Beratung erstellt"


def test_first_name_and_surname_without_the_middle_initial_are_replaced_but_not_the_word():
    remover = public.NameRemover([public.Person(("Barbara A. Sommer",), "Ansprechperson")])
    assert remover.text("Barbara Sommer, Barbara A. Sommer") == "Ansprechperson"
    assert remover.text("im Sommer 2019") == "im Sommer 2019"


@pytest.mark.parametrize("command, reader", [
    (["handout", "--out", "ausgabe.pdf"], pdf_text),
    (["excel", "export", "--out", "ausgabe.xlsx"], excel_text),
    (["ical", "--kontakt", "Jugendberufsagentur", "--out", "ausgabe.ics"], ics_text)])
def test_the_command_line_writes_the_public_form_with_oeffentlich(plan_path, tmp_path, command,
                                                                  reader):
    con = duckdb.connect(str(plan_path))
    names = hidden_names(con)
    con.close()
    run = subprocess.run([sys.executable, "-m", "werkstatt", *command, "--db", str(plan_path),
                          "--oeffentlich"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    text = reader((tmp_path / command[-1]).read_bytes())
    assert text and not leaked(text, names)
