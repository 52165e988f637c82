"""AppTest: the Excel export and calendar buttons, and reading a filled-in export back in."""
import re

import duckdb
import pytest

from tests.app.conftest import run_page
from tests.app.test_progress_pages import app, button, login, page, shown_status, worklist_ids
from tests.integration.excel_helpers import edited, export
from werkstatt.commands import excel_import

EXPORT = "Excel-Datei zum Ausfüllen"
CALENDAR = "Termine als Kalender (.ics)"
UPLOAD = "Excel-Datei (.xlsx, höchstens 5 MB)"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shown(markdown: str) -> str:
    """Markdown as the reader sees it: escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def download_labels(at) -> list[str]:
    return [b.label for b in at.get("download_button")]


def uploaders(at):
    return at.get("file_uploader")


def stored(app_env) -> tuple[dict, list]:
    con = duckdb.connect(str(app_env))
    try:
        return (dict(con.execute("SELECT massnahme_id, status FROM fortschritt").fetchall()),
                con.execute("SELECT benutzer, json_extract_string(neu, '$.quelle') FROM aenderung "
                            "WHERE tabelle = 'fortschritt'").fetchall())
    finally:
        con.close()


def exported(app_env, edits: dict) -> bytes:
    """The whole plan's export from the app's database, with cells changed."""
    con = duckdb.connect(str(app_env))
    try:
        return edited(export(con), edits)
    finally:
        con.close()


@pytest.mark.parametrize("page_file", ["fortschritt.py", "zeitplan.py"])
def test_the_export_is_offered_to_everyone_and_the_calendar_asks_for_a_contact(page_file):
    at = run_page(page_file)
    assert not at.exception
    assert download_labels(at).count(EXPORT) == 1
    assert CALENDAR not in download_labels(at)
    assert any("erst in der Seitenleiste einen Kontakt wählen" in c.value for c in at.caption)


@pytest.mark.parametrize("page_file", ["fortschritt.py", "zeitplan.py", "werkzeuge.py"])
def test_a_contact_filter_offers_that_contacts_calendar(page_file):
    at = run_page(page_file, {"kontakt": "Niels Buck"})
    assert not at.exception
    assert CALENDAR in download_labels(at)
    assert not any("einen Kontakt wählen" in c.value for c in at.caption)


def test_the_werkzeuge_page_has_no_excel_export():
    assert EXPORT not in download_labels(run_page("werkzeuge.py"))


REFUSAL = "Ausgefüllte Excel-Dateien lesen angemeldete Bearbeiter und Administratoren ein."


def test_visitors_and_readers_get_the_refusal_and_no_upload():
    visitor = run_page("excel_abgleich.py")
    reader = page(login(app(), "leo"), "excel_abgleich.py")
    for at in (visitor, reader):
        assert not at.exception and not uploaders(at)
        assert at.info[0].value.startswith(REFUSAL)


@pytest.mark.parametrize("name", ["anna", "chef"])
def test_bearbeiter_and_admins_get_the_upload_on_the_excel_page_only(name):
    at = page(login(app(), name), "excel_abgleich.py")
    assert not at.exception and not at.info
    assert [u.label for u in uploaders(at)] == [UPLOAD]
    assert not uploaders(page(at, "fortschritt.py"))


def importing(name: str = "anna"):
    """Logged in, on Fortschritt (to see the worklist), then on Excel-Abgleich; with the ids
    of the first two measures of the worklist."""
    at = page(login(app(), name), "fortschritt.py")
    first, second = worklist_ids(at)[:2]
    return page(at, "excel_abgleich.py"), first, second


def upload(at, data: bytes, name: str = "werkstattplan-fortschritt.xlsx"):
    uploaders(at)[0].upload(name, data, XLSX)
    return at.run()


def test_an_uploaded_export_shows_every_change_and_saves_them_on_request(app_env):
    at, first, second = importing()
    at = upload(at, exported(app_env, {first: {"Status": "in Arbeit", "Kommentar": "läuft"},
                                       second: {"Kommentar": "Termin folgt"}}))
    assert not at.exception and not at.error
    assert [h.value for h in at.subheader] == ["2 Änderungen in der Datei"]
    preview = next(d.value for d in at.dataframe if "Status neu" in d.value.columns)
    assert list(preview.columns) == excel_import.PREVIEW_COLUMNS
    assert preview[["Status bisher", "Status neu", "Kommentar neu"]].values.tolist() == [
        ["offen", "in Arbeit", "läuft"], ["offen", "offen", "Termin folgt"]]
    assert stored(app_env) == ({}, [])  # the preview writes nothing

    at = button(at, "Änderungen übernehmen").click().run()
    assert not at.exception and not at.error
    assert [shown(s.value) for s in at.success] == ["2 Änderungen gespeichert (Excel-Import)."]
    assert stored(app_env) == ({first: "in Arbeit", second: "offen"},
                               [("anna", "Excel-Import"), ("anna", "Excel-Import")])
    assert not uploaders(at)[0].value  # a fresh, empty upload field
    assert not any(b.label == "Änderungen übernehmen" for b in at.button)
    # the worklist this session showed before shows the imported state
    assert shown_status(page(at, "fortschritt.py"), first) == "in Arbeit"


def test_an_unchanged_export_says_there_is_nothing_to_save(app_env):
    at = upload(page(login(app(), "anna"), "excel_abgleich.py"), exported(app_env, {}))
    assert any(i.value.startswith("Keine Änderungen") for i in at.info)
    assert not any(b.label == "Änderungen übernehmen" for b in at.button)


def test_a_bad_status_refuses_the_file_naming_sheet_and_row_and_saves_nothing(app_env):
    at, first, second = importing()
    at = upload(at, exported(app_env, {first: {"Status": "in Arbeit"},
                                       second: {"Status": "fast fertig"}}))
    assert not at.exception
    message = shown(at.error[0].value)
    assert message.startswith("Die Datei wurde nicht übernommen, nichts wurde gespeichert:\n\n- ")
    assert "\n- Blatt „" in message and "“, Zeile " in message
    assert "der Status „fast fertig“ steht nicht in der Liste" in message
    assert not any(b.label == "Änderungen übernehmen" for b in at.button)
    assert stored(app_env) == ({}, [])


def test_a_file_that_is_no_workbook_gets_the_german_refusal(app_env):
    at = upload(page(login(app(), "anna"), "excel_abgleich.py"), b"Status;Kommentar\n", "plan.xlsx")
    assert shown(at.error[0].value).startswith("Die Datei ist keine lesbare Excel")
    assert stored(app_env) == ({}, [])


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(app_env, monkeypatch):
    opened = []
    monkeypatch.setattr(excel_import, "check_archive", opened.append)
    big = b"x" * (excel_import.MAX_UPLOAD_BYTES + 1)
    at = upload(page(login(app(), "chef"), "excel_abgleich.py"), big)
    assert "erlaubt sind höchstens 5 MB" in shown(at.error[0].value)
    assert opened == []


def moved_file(app_env, grund: str | None) -> tuple[bytes, int]:
    """The export with one September measure moved to November (and the Grund given)."""
    from tests.integration.excel_helpers import load, measure_cells, save
    from tests.integration.test_excel_termine import september_measure

    con = duckdb.connect(str(app_env))
    try:
        mid, _ = september_measure(con)
        workbook = load(export(con))
    finally:
        con.close()
    cells = measure_cells(workbook, mid)
    cells["Sep 2019"].value, cells["Nov 2019"].value, cells["Grund"].value = None, "X", grund
    return save(workbook), mid


def months_of(app_env, mid: int) -> list:
    con = duckdb.connect(str(app_env))
    try:
        return con.execute("SELECT month(beginn), month(ende) FROM termin WHERE massnahme_id = ?",
                           [mid]).fetchall()
    finally:
        con.close()


def test_an_admins_file_moves_a_termin_with_its_grund_after_the_preview(app_env):
    data, mid = moved_file(app_env, "Referentin erst im November")
    at = upload(page(login(app(), "chef"), "excel_abgleich.py"), data)
    assert not at.exception and not at.error
    preview = next(d.value for d in at.dataframe if "Monate neu" in d.value.columns)
    assert preview[["Monate bisher", "Monate neu", "Grund"]].values.tolist() == [
        ["Sep 2019", "Nov 2019", "Referentin erst im November"]]
    assert months_of(app_env, mid) == [(9, 9)]
    at = button(at, "Änderungen übernehmen").click().run()
    assert not at.exception and not at.error
    assert months_of(app_env, mid) == [(11, 11)]


def test_a_bearbeiters_file_that_moves_months_is_refused_and_nothing_is_saved(app_env):
    data, mid = moved_file(app_env, "Referentin erst im November")
    at = upload(page(login(app(), "anna"), "excel_abgleich.py"), data)
    assert not at.exception
    message = shown(at.error[0].value)
    assert "wurden geändert (Sep 2019 → Nov 2019)" in message and "nur Administratoren" in message
    assert re.search(r"Blatt „[^“]+“, Zeile \d+", message)
    assert not any(b.label == "Änderungen übernehmen" for b in at.button)
    assert months_of(app_env, mid) == [(9, 9)]


def test_an_admins_file_with_a_moved_row_without_grund_is_refused(app_env):
    data, mid = moved_file(app_env, None)
    at = upload(page(login(app(), "chef"), "excel_abgleich.py"), data)
    message = shown(at.error[0].value)
    assert "Grund" in message and re.search(r"Blatt „[^“]+“, Zeile \d+", message)
    assert months_of(app_env, mid) == [(9, 9)]
