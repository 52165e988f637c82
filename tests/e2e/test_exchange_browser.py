"""The Excel round trip and the calendar download in a real browser.

The import test writes to `server_with_users` (shared with test_progress_browser.py); it uses
the last measure of the worklist, which no other test touches.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_exception, login, open_page, serious_axe_violations
from tests.e2e.test_progress_browser import (
    expect_status,
    grid_records,
    wait_until_done,
    worklist,
)
from tests.integration.excel_helpers import edited, export, load, measure_cells, save

__all__ = ["worklist"]  # the fixture, shared with the progress tests
SHOTS = Path("/tmp/shots")
NAV = '[data-testid="stSidebarNav"] a'


def download(page: Page, label: str):
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label).click()
    return info.value


def go_to(page: Page, title: str) -> None:
    """Another page through the sidebar navigation (keeps the session and its login)."""
    page.locator(NAV).filter(has_text=title).click()
    expect(page.locator("h1").first).to_have_text(title, timeout=30_000)
    wait_until_done(page)


def upload(page: Page, path: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(path)
    wait_until_done(page)


def test_a_bearbeiter_fills_in_the_export_reads_it_back_and_sees_the_new_status(
        server_with_users, page, worklist, tmp_path):
    mid, _, title = worklist[-1]
    open_page(page, server_with_users + "/fortschritt")
    login(page, "anna")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "fortschritt_downloads.png")
    exported = download(page, "Excel-Datei zum Ausfüllen")
    assert exported.suggested_filename == "werkstattplan-fortschritt.xlsx"
    workbook = load(Path(exported.path()).read_bytes())
    cells = measure_cells(workbook, mid)
    cells["Status"].value = "in Arbeit"
    cells["Kommentar"].value = "Raum ist gebucht"
    filled = tmp_path / "ausgefuellt.xlsx"
    filled.write_bytes(save(workbook))

    go_to(page, "Excel-Abgleich")
    upload(page, filled)
    expect(page.get_by_role("heading", name="1 Änderung in der Datei")).to_be_visible(
        timeout=30_000)
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1920, 1080), (1024, 768)):  # for people to look at
        page.set_viewport_size({"width": width, "height": height})
        page.get_by_role("button", name="Änderungen übernehmen").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=SHOTS / f"excel_import_preview_{width}.png")
    page.set_viewport_size({"width": 1400, "height": 1000})
    rows = grid_records(page.locator('[data-testid="stDataFrame"]'))
    assert [(r["Maßnahme"], r["Status bisher"], r["Status neu"], r["Kommentar neu"],
             r["zuletzt geändert von"]) for r in rows] == [
        (title, "offen", "in Arbeit", "Raum ist gebucht", "–")]

    page.get_by_role("button", name="Änderungen übernehmen").click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        "1 Änderung gespeichert (Excel-Import).", timeout=30_000)
    wait_until_done(page)
    expect(page.get_by_role("button", name="Änderungen übernehmen")).to_have_count(0)
    assert_no_exception(page)
    assert serious_axe_violations(page) == []

    # the same file once more: already saved, nothing to do
    upload(page, filled)
    expect(page.get_by_text("Keine Änderungen", exact=False)).to_be_visible(timeout=30_000)

    go_to(page, "Fortschritt")
    expect_status(page, title, "in Arbeit")
    assert_no_exception(page)


def test_a_bad_file_is_refused_in_german_naming_sheet_and_row(server_with_users, page, plan_db,
                                                             worklist, tmp_path):
    fake = tmp_path / "statusmeldung.xlsx"
    fake.write_text("Maßnahme;Status\nSeniorenkonferenz;erledigt\n", encoding="utf-8")
    open_page(page, server_with_users + "/excel_abgleich")
    login(page, "anna")
    upload(page, fake)
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("Die Datei ist keine lesbare Excel-Arbeitsmappe im Format "
                                  ".xlsx", timeout=30_000)
    expect(page.get_by_role("button", name="Änderungen übernehmen")).to_have_count(0)
    assert_no_exception(page)

    con = duckdb.connect(str(plan_db), read_only=True)  # the server's copy has the same ids
    try:
        wrong = tmp_path / "falscher_status.xlsx"
        wrong.write_bytes(edited(export(con), {worklist[-2][0]: {"Status": "halb fertig"}}))
    finally:
        con.close()
    upload(page, wrong)
    expect(error.locator("li")).to_have_count(1, timeout=30_000)
    expect(error).to_contain_text("Die Datei wurde nicht übernommen, nichts wurde gespeichert:")
    expect(error.locator("li")).to_contain_text(
        re.compile(r"^Blatt „[^“]+“, Zeile \d+: der Status „halb fertig“ steht nicht in der Liste"))
    expect(page.get_by_role("button", name="Änderungen übernehmen")).to_have_count(0)
    page.screenshot(path=SHOTS / "excel_import_refused.png")
    assert_no_exception(page)


def test_a_contacts_calendar_and_a_months_export_download_with_their_names(server, page):
    open_page(page, server + "/zeitplan?kontakt=Niels+Buck&monat=2019-09")
    calendar_file = download(page, "Termine als Kalender (.ics)")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "zeitplan_downloads.png")
    assert calendar_file.suggested_filename == "werkstattplan-termine-niels-buck.ics"
    calendar = Calendar.from_ical(Path(calendar_file.path()).read_bytes())
    assert "Niels Buck" in str(calendar["X-WR-CALNAME"])
    assert len(calendar.walk("VEVENT")) > 0

    workbook_file = download(page, "Excel-Datei zum Ausfüllen")
    assert workbook_file.suggested_filename == "werkstattplan-zeitplan-2019-09-niels-buck.xlsx"
    workbook = load(Path(workbook_file.path()).read_bytes())
    assert workbook.sheetnames[0] == "Anleitung" and len(workbook.sheetnames) > 1
    assert_no_exception(page)


def test_the_excel_page_is_listed_for_bearbeiter_only_and_refuses_visitors(server_with_users,
                                                                           page):
    open_page(page, server_with_users + "/excel_abgleich")
    expect(page.locator('[data-testid="stAlertContentInfo"]')).to_contain_text(
        "Ausgefüllte Excel-Dateien lesen angemeldete Bearbeiter und Administratoren ein.")
    expect(page.locator(NAV).filter(has_text="Excel-Abgleich")).to_have_count(0)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    login(page, "anna")
    expect(page.locator(NAV).filter(has_text="Excel-Abgleich")).to_have_count(1)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(1)
    assert_no_exception(page)
