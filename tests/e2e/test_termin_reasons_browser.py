"""Two admins change the same Termin in two browsers: the second is refused with the newer
months (and the colleague's Grund), and the two reasons are kept apart: only the saved
change's Grund is stored, the refused one is shown back to its author, never saved."""
from __future__ import annotations

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_exception, click_after_typing, login, open_page
from tests.e2e.test_progress_browser import choose, wait_until_done
from tests.e2e.test_stale_forms_browser import ERROR, TOAST

REASON_A, REASON_B = "Förderbescheid kam im Oktober", "Träger hat abgesagt"


@pytest.fixture(scope="module")
def termin(plan_db) -> tuple[int, int, str, str]:
    """(werkzeug id, termin id, measure title, "Werkzeug › title") of a span ending in July:
    an overdue measure that stays overdue when moved within 2019, so the worklists of the
    other browser tests on this server stay as they were."""
    con = duckdb.connect(str(plan_db), read_only=True)
    try:
        return con.execute(
            "SELECT m.werkzeug_id, t.id, m.titel, w.name || ' › ' || m.titel FROM termin t "
            "JOIN massnahme m ON m.id = t.massnahme_id JOIN werkzeug w ON w.id = m.werkzeug_id "
            "WHERE t.rohmarke = '[Progress bar from 1 to 7]'").fetchone()
    finally:
        con.close()


def termin_form(page: Page, title: str, termin_id: int):
    """The form of the Termin, inside its measure's opened expander on Plan bearbeiten."""
    expander = page.locator('[data-testid="stExpander"]').filter(has_text=title).first
    form = expander.locator('[data-testid="stForm"]:has(button:has-text("Termin ändern"))').first
    if not form.is_visible():
        expander.locator("summary").click()
    return form


def end_month(form):
    """The month part of the Termin's end (a date field of day, month and year parts)."""
    return form.get_by_role("spinbutton", name="Monat, Ende")  # pages/_ui/german.py


def change(page: Page, title: str, termin_id: int, month: str, reason: str) -> None:
    """Set the end's month (the day, 31, stays valid) and the Grund, then save."""
    form = termin_form(page, title, termin_id)
    end_month(form).click()
    page.keyboard.type(month)
    form.get_by_role("textbox", name="Grund der Änderung").fill(reason)
    click_after_typing(form.get_by_role("button", name="Termin ändern"))


def test_two_admins_change_one_termin_the_second_sees_the_newer_months_and_both_reasons(
        server_with_users, browser, termin):
    tool, termin_id, title, label = termin
    pages = [browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
             .new_page() for _ in range(2)]
    try:
        a, b = pages
        for page, user in ((a, "chef"), (b, "bert")):
            open_page(page, f"{server_with_users}/bearbeiten?werkzeug={tool}")
            login(page, user)
            termin_form(page, title, termin_id)  # both forms open on the same version
        change(a, title, termin_id, "10", REASON_A)
        expect(a.locator(TOAST)).to_contain_text("Termin geändert")

        change(b, title, termin_id, "08", REASON_B)
        wait_until_done(b)
        refusal = b.locator(ERROR).first
        expect(refusal).to_contain_text("Ende: 31.10.2019")  # the newer months
        expect(refusal).to_contain_text(f"Grund: {REASON_A} (chef)")  # the colleague's reason
        expect(refusal).to_contain_text(f"Grund „{REASON_B}“")  # b's own, given back, unsaved
        refusal.scroll_into_view_if_needed()
        b.screenshot(path="/tmp/shots/termin_refused.png")  # for people to look at
        form = termin_form(b, title, termin_id)  # the newer version, b's input gone
        expect(end_month(form)).to_have_attribute("aria-valuenow", "10")
        expect(form.get_by_role("textbox", name="Grund der Änderung")).to_have_value("")

        open_page(b, f"{server_with_users}/fortschritt")  # only the saved reason is kept
        box = b.locator(".st-key-verlauf_auswahl")
        choose(b, box, label, typed=title)
        wait_until_done(b)
        expect(b.get_by_text(f"1× verschoben, zuletzt: {REASON_A}")).to_be_visible()
        expect(b.locator("body")).not_to_contain_text(REASON_B)
        assert_no_exception(b)
    finally:
        for page in pages:
            page.context.close()
