"""The plan as a document again: .txt that the importer reads back into the same plan, and
a Word file with headings, the overview and one table per Werkzeug."""
from __future__ import annotations

import dataclasses
import io

import duckdb
import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import build_synthetic
from tests.conftest import copy_database
from werkstatt.commands import edits
from werkstatt.errors import ValidationError
from werkstatt.ingest.indicators import read_indikatoren
from werkstatt.ingest.plan import assemble
from werkstatt.ingest.source import load_text, read_document
from werkstatt.outputs import plan_document as rendering
from werkstatt.store.importer import SOURCE_DOCUMENT, build_database
from werkstatt.text import collapse, printable
from werkstatt.views.plan_data import PlanData
from werkstatt.views.plan_document import MONTHS, plan_document

# every fact of the plan, by names instead of ids (ids may differ, facts may not)
FACTS = {
    "plan": "SELECT titel, kreis, jahr, stand, einleitung FROM plan",
    "ziel": "SELECT ebene, dimension, text, position FROM ziel",
    "handlungsfeld": "SELECT name, beschreibung, position FROM handlungsfeld",
    "werkzeug": """SELECT w.name, h.name, w.zielgruppe, w.umsetzungsort, w.beteiligte,
                          w.budget_text, w.externe_beratung, w.beschreibung, w.chancen,
                          w.schwierigkeiten, w.position, w.ansprechperson_text, w.vor_ort_text,
                          w.ansprechperson_uebersicht, w.umsetzungsort_uebersicht,
                          w.beteiligte_uebersicht
                   FROM werkzeug w LEFT JOIN handlungsfeld h ON h.id = w.handlungsfeld_id""",
    "werkzeug_alias": "SELECT w.name, a.alias, a.quelle FROM werkzeug_alias a "
                      "JOIN werkzeug w ON w.id = a.werkzeug_id",
    "werkzeug_jahr": "SELECT w.name, j.jahr FROM werkzeug_jahr j "
                     "JOIN werkzeug w ON w.id = j.werkzeug_id",
    "werkzeug_hinweis": "SELECT w.name, n.text, n.position FROM werkzeug_hinweis n "
                        "JOIN werkzeug w ON w.id = n.werkzeug_id",
    "massnahme": "SELECT w.name, m.titel, m.position, m.hinweis, m.fortfuehrung "
                 "FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id",
    "termin": "SELECT w.name, m.position, t.beginn, t.ende, t.art, t.bezeichnung, t.ungefaehr, "
              "t.rohmarke FROM termin t JOIN massnahme m ON m.id = t.massnahme_id "
              "JOIN werkzeug w ON w.id = m.werkzeug_id",
    "kontakt": "SELECT k.name, k.art, o.name FROM kontakt k "
               "LEFT JOIN kontakt o ON o.id = k.organisation_id",
    "kontakt_alias": "SELECT k.name, a.alias FROM kontakt_alias a "
                     "JOIN kontakt k ON k.id = a.kontakt_id",
    "werkzeug_kontakt": "SELECT w.name, k.name, l.rolle, l.zusatz, l.quelle "
                        "FROM werkzeug_kontakt l JOIN werkzeug w ON w.id = l.werkzeug_id "
                        "JOIN kontakt k ON k.id = l.kontakt_id",
    "budget_posten": "SELECT w.name, b.* EXCLUDE (id, werkzeug_id) FROM budget_posten b "
                     "JOIN werkzeug w ON w.id = b.werkzeug_id",
}


def facts(path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {table: sorted(con.execute(sql).fetchall(), key=repr)
                for table, sql in FACTS.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def document(plan_db):
    con = duckdb.connect(str(plan_db), read_only=True)
    try:
        return plan_document(PlanData.of(con))
    finally:
        con.close()


@pytest.fixture(scope="module")
def exported(document, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "werkstattplan.txt"
    path.write_bytes(rendering.build(document, ".txt"))
    return path


def test_the_exported_text_builds_the_same_plan_fact_by_fact(plan_db, exported, tmp_path):
    rebuilt = build_database(tmp_path / "wieder.duckdb", exported).path
    before, after = facts(plan_db), facts(rebuilt)
    for table in FACTS:
        assert before[table], table  # a table without rows would prove nothing
        assert after[table] == before[table], table


def test_the_2019_plan_exports_without_hinweise(document):
    assert document.hinweise == ()


def test_every_indicator_quote_of_the_plan_stands_in_the_exported_text(exported, tmp_path):
    original = read_indikatoren(load_text(SOURCE_DOCUMENT))
    assert read_indikatoren(load_text(exported)) == original
    # init --source on the exported text attaches them to the rebuilt plan's Werkzeuge and fields
    con = duckdb.connect(str(build_database(tmp_path / "mit.duckdb", exported).path),
                         read_only=True)
    try:
        stored = con.execute("SELECT schluessel, zitat, werkzeug_id IS NOT NULL, "
                             "handlungsfeld_id IS NOT NULL FROM indikator").fetchall()
    finally:
        con.close()
    assert sorted(stored, key=repr) == sorted(
        ((i.schluessel, i.zitat, i.werkzeug is not None, i.handlungsfeld is not None)
         for i in original), key=repr)


def test_a_fortfuehrung_row_is_italic_and_keeps_its_month_marks(document):
    text = rendering.as_text(document)
    seniors = next(t for t in document.werkzeuge if t.name == "Dithmarscher Seniorenkonferenz")
    continued = [m for m in seniors.massnahmen if m.fortfuehrung]
    assert continued
    for measure in continued:
        row = "\t".join([f"<i>{measure.titel}</i>", *(measure.zelle(m) for m in MONTHS)])
        assert row in text.splitlines()


# --- texts that could break the layout ----------------------------------------------------------
LAYOUT_BREAKERS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\x01\x02\x07\x1b\x7f"
TEXTS = st.text(alphabet=st.sampled_from(list(LAYOUT_BREAKERS + "<>&/i pXxaÄß„“-:()")),
                max_size=40)


def _replace_measure(document, tool_index: int, measure_index: int, **changes):
    tool = document.werkzeuge[tool_index]
    measures = list(tool.massnahmen)
    measures[measure_index] = dataclasses.replace(measures[measure_index], **changes)
    tools = list(document.werkzeuge)
    tools[tool_index] = dataclasses.replace(tool, massnahmen=tuple(measures))
    return dataclasses.replace(document, werkzeuge=tuple(tools))


def _reread(document):
    return assemble(read_document(rendering.as_text(document)))


@settings(max_examples=60, deadline=None)
@given(title=TEXTS, zielgruppe=TEXTS, hinweis=TEXTS)
def test_tabs_line_breaks_and_control_characters_are_normalised_like_the_importer(
        document, title, zielgruppe, hinweis):
    tool_index, measure_index = 2, 1  # a measure with marks in its row
    changed = _replace_measure(document, tool_index, measure_index, titel=title,
                               hinweis=hinweis)
    tool = changed.werkzeuge[tool_index]
    tools = list(changed.werkzeuge)
    tools[tool_index] = dataclasses.replace(tool, zielgruppe=zielgruppe)
    changed = dataclasses.replace(changed, werkzeuge=tuple(tools))
    expected = collapse(printable(title))
    if not expected:
        with pytest.raises(ValidationError, match="ohne lesbaren Text"):
            rendering.as_text(changed)
        return
    plan = _reread(changed)
    assert [len(t.massnahmen) for t in plan.werkzeuge] == \
        [len(t.massnahmen) for t in document.werkzeuge]
    measure = plan.werkzeuge[tool_index].massnahmen[measure_index]
    assert measure.titel == expected
    assert measure.hinweis == (collapse(printable(hinweis)) or None)
    original = document.werkzeuge[tool_index].massnahmen[measure_index]
    assert {m.beginn.month for m in measure.marks} | {m.ende.month for m in measure.marks} \
        <= original.monate and measure.marks
    assert plan.werkzeuge[tool_index].zielgruppe == (collapse(printable(zielgruppe)) or None)


def test_a_werkzeug_name_of_only_blanks_is_refused_in_german(document):
    tools = list(document.werkzeuge)
    tools[0] = dataclasses.replace(tools[0], name="\t \n")
    with pytest.raises(ValidationError, match="Ein Werkzeug ist ohne lesbaren Text"):
        rendering.as_text(dataclasses.replace(document, werkzeuge=tuple(tools)))


# --- Word -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def word(document):
    return Document(io.BytesIO(rendering.build(document, ".docx")))


def test_the_word_file_has_real_headings_for_the_parts_and_every_werkzeug(document, word):
    headings = [(p.style.name, p.text) for p in word.paragraphs
                if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Zielkatalog") in headings
    assert ("Heading 1", "Handlungsfelder und Werkzeuge") in headings
    for field in document.handlungsfelder:
        assert ("Heading 2", field.name) in headings
    for tool in document.werkzeuge:
        assert ("Heading 2", tool.name) in headings


def test_the_word_file_has_one_table_per_werkzeug_with_its_profile(document, word):
    tool_tables = [t for t in word.tables if t.cell(0, 0).text == "Werkzeug"
                   and t.cell(1, 0).text == "Handlungsfeld"]
    assert [t.cell(0, 1).text for t in tool_tables] == [t.name for t in document.werkzeuge]
    overview = [t for t in word.tables if t.cell(0, 0).text == "Werkzeug" and
                t.cell(0, 1).text == "Ansprechperson"]
    assert len(overview) == len(document.handlungsfelder)
    years = [str(y) for y in document.jahre]
    assert [c.text for c in overview[0].rows[0].cells][-len(years):] == years


def test_the_word_file_marks_each_measure_in_its_months(plan_db, word):
    """The months come from the database's Termine, not from this test."""
    con = duckdb.connect(str(plan_db), read_only=True)
    try:
        rows = con.execute("""
            SELECT w.name, m.titel, min(month(t.beginn)), max(month(t.ende))
            FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id
            JOIN termin t ON t.massnahme_id = m.id
            WHERE t.bezeichnung IS NULL AND m.hinweis IS NULL AND NOT m.fortfuehrung
            GROUP BY w.name, m.titel, w.position, m.position HAVING count(*) = 1
            ORDER BY w.position, m.position""").fetchall()
    finally:
        con.close()
    assert len(rows) >= 10
    tables = {t.cell(0, 1).text: t for t in word.tables if t.cell(0, 0).text == "Werkzeug"
              and t.cell(1, 0).text == "Handlungsfeld"}
    for tool, title, first, last in rows:
        row = next(r for r in tables[tool].rows if r.cells[0].text == title)
        marked = [m for m in MONTHS if row.cells[m].text == "X"]
        assert marked == list(range(first, last + 1)), title


# --- a plan edited in the dashboard ---------------------------------------------------------------
def test_edited_termine_come_back_and_what_the_grid_cannot_hold_is_named(plan_db, tmp_path):
    db = copy_database(plan_db, tmp_path)
    con = duckdb.connect(str(db))
    try:
        ids = dict(con.execute("SELECT titel, id FROM massnahme").fetchall())
        (moved,) = con.execute("SELECT t.id FROM termin t JOIN massnahme m ON m.id = "
                               "t.massnahme_id WHERE m.titel = 'Kampagne zur geschlechtsoffenen "
                               "Berufswahl'").fetchone()
        why = {"user": "test", "grund": "Raum erst später frei"}
        edits.change_termin(con, moved, "2019-06-01", "2019-06-30", "meilenstein", **why)
        akquise = "Ausbau des Praktikumsangebotes durch Akquise bei den Betrieben"
        edits.add_termin(con, ids[akquise], "2019-02-01", "2019-05-31", "zeitraum", **why)
        day = "Durchführung der Qualifizierungsbausteine an weiteren Schulen"
        edits.add_termin(con, ids[day], "2019-03-15", "2019-03-15", "meilenstein", **why)
        later = "Pflege der Datenbank"
        edits.add_termin(con, ids[later], "2020-02-01", "2020-02-29", "zeitraum", **why)
        (tool,) = con.execute("SELECT id FROM werkzeug WHERE name = 'Praxispool'").fetchone()
        edits.update_werkzeug(con, tool, {"umsetzungsort": "Heide"}, user="test")
        document = plan_document(PlanData.of(con))
    finally:
        con.close()
    assert len(document.hinweise) == 3
    assert any("Praxispool" in h and "Umsetzungsort „Heide“" in h for h in document.hinweise)
    assert any(day in h and "monatsgenau" in h for h in document.hinweise)
    assert any(later in h and "nicht in 2019" in h for h in document.hinweise)
    plan = _reread(document)
    marks = {m.titel: [(k.beginn.isoformat(), k.ende.isoformat(), k.art) for k in m.marks]
             for t in plan.werkzeuge for m in t.massnahmen}
    assert marks["Kampagne zur geschlechtsoffenen Berufswahl"] == [
        ("2019-06-01", "2019-06-30", "meilenstein")]
    assert marks[akquise] == [("2019-02-01", "2019-05-31", "zeitraum")]


def test_an_overview_name_two_werkzeuge_share_stays_with_the_first_and_is_named(tmp_path):
    """The synthetic large plan copies each Werkzeug with its overview alias."""
    path = build_synthetic(tmp_path / "doppelt.duckdb", 2)
    con = duckdb.connect(str(path), read_only=True)
    try:
        document = plan_document(PlanData.of(con))
        aliased = dict(con.execute("SELECT w.name, a.alias FROM werkzeug_alias a JOIN werkzeug w "
                                   "ON w.id = a.werkzeug_id WHERE w.name NOT LIKE '%(Kopie%'")
                       .fetchall())
    finally:
        con.close()
    plan = _reread(document)
    assert len(plan.werkzeuge) == len(document.werkzeuge)
    assert {t.name: t.aliases[0] for t in plan.werkzeuge if t.aliases} == aliased
    assert len(document.hinweise) == len(aliased)
    assert all("(Kopie 1)" in h and "im Text steht der Name des Blatts" in h
               for h in document.hinweise)
