"""The plan as a document, downloaded in a real browser from Überblick: the click builds the
file on the server (a deferred download), and the text reads back as the same plan."""
from __future__ import annotations

import io

import duckdb
from docx import Document

from tests.e2e.conftest import assert_no_exception, open_page
from werkstatt.ingest.plan import assemble
from werkstatt.ingest.source import read_document


def test_both_plan_files_download_from_the_overview(server, page, plan_db):
    con = duckdb.connect(str(plan_db), read_only=True)  # the server runs on a copy of it
    try:
        tools, measures = con.execute("SELECT (SELECT count(*) FROM werkzeug), "
                                      "(SELECT count(*) FROM massnahme)").fetchone()
    finally:
        con.close()
    open_page(page, server + "/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Plan als Text (.txt)").click()
    assert download.value.suggested_filename == "werkstattplan-2019.txt"
    with open(download.value.path(), encoding="utf-8") as handle:
        plan = assemble(read_document(handle.read()))
    assert len(plan.werkzeuge) == tools
    assert sum(len(t.massnahmen) for t in plan.werkzeuge) == measures
    with page.expect_download() as download:
        page.get_by_role("button", name="Plan als Word-Datei").click()
    assert download.value.suggested_filename == "werkstattplan-2019.docx"
    with open(download.value.path(), "rb") as handle:
        word = Document(io.BytesIO(handle.read()))
    assert "Zielkatalog" in [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert_no_exception(page)
