"""Überblick offers the whole plan as a document again: as text (init --source reads it) and
as a Word file; in the public mode both come from the copy without person names."""
from __future__ import annotations

import io

import duckdb
import pytest
from docx import Document
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.app.conftest import run_page
from tests.app.test_public_view import assert_no_names, person_names, public_app
from werkstatt.commands import edits
from werkstatt.ingest.plan import assemble
from werkstatt.ingest.source import read_document

TEXT, WORD = "Plan als Text (.txt)", "Plan als Word-Datei"


@pytest.fixture
def built(monkeypatch) -> dict[str, dict]:
    """What each deferred download button would deliver on click: {file id: entry}."""
    seen: dict[str, dict] = {}
    original = MediaFileManager.add_deferred

    def keep(self, *args, **kwargs):
        file_id = original(self, *args, **kwargs)
        seen[file_id] = self._deferred_callables[file_id]
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return seen


def click(at, built, label: str) -> tuple[str, bytes]:
    """(file name, bytes) of the download button `label`, built as a click would."""
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    entry = built[button.proto.deferred_file_id]
    return entry["filename"], entry["callable"]()


def word_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_overview_offers_the_plan_as_text_that_reads_back_and_as_word(app_env, built):
    con = duckdb.connect(str(app_env), read_only=True)  # before the app holds the file
    try:
        rows = con.execute("SELECT name FROM werkzeug ORDER BY position").fetchall()
        tools = [name for (name,) in rows]
        measures = con.execute("SELECT count(*) FROM massnahme").fetchone()[0]
    finally:
        con.close()
    at = run_page("ueberblick.py")
    assert not at.exception
    name, text = click(at, built, TEXT)
    assert name == "werkstattplan-2019.txt"
    plan = assemble(read_document(text.decode("utf-8")))
    assert [t.name for t in plan.werkzeuge] == tools
    assert sum(len(t.massnahmen) for t in plan.werkzeuge) == measures
    name, word = click(at, built, WORD)
    assert name == "werkstattplan-2019.docx"
    headings = [p.text for p in Document(io.BytesIO(word)).paragraphs
                if p.style.name == "Heading 2"]
    assert set(tools) <= set(headings)


def test_the_public_overview_offers_both_files_without_person_names(app_env, built):
    names = person_names(app_env)
    at = public_app(page="ueberblick.py")
    assert not at.exception
    name, text = click(at, built, TEXT)
    assert name == "werkstattplan-2019-oeffentlich.txt"
    assert_no_names(text.decode("utf-8"), names, "Plan als Text")
    assert "Stabsstelle" in text.decode("utf-8")  # units stay
    _, word = click(at, built, WORD)
    assert_no_names(word_text(word), names, "Plan als Word-Datei")


def test_what_the_text_cannot_hold_is_named_under_the_buttons(app_env):
    con = duckdb.connect(str(app_env))
    try:
        (measure,) = con.execute("SELECT id FROM massnahme WHERE titel = "
                                 "'Pflege der Datenbank'").fetchone()
        edits.add_termin(con, measure, "2020-02-01", "2020-02-29", "zeitraum", user="test",
                         grund="geht 2020 weiter")
    finally:
        con.close()
    at = run_page("ueberblick.py")
    assert not at.exception
    notes = [c.value for c in at.caption if c.value.startswith("Nicht im Plan als Text")]
    assert len(notes) == 1 and "Pflege der Datenbank" in notes[0] and "2020" in notes[0]


def test_without_such_a_termin_no_note_shows(app_env):
    at = run_page("ueberblick.py")
    assert not [c for c in at.caption if c.value.startswith("Nicht im Plan als Text")]
