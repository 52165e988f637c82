"""The Fortschritt worklist in a real browser: "Meine Maßnahmen" for a user linked to a plan
contact, a refused Messwert that keeps what was typed, and screenshots to look at."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    KONTAKTE,
    assert_no_exception,
    click_after_typing,
    default_worklist,
    login,
    open_page,
)
from tests.e2e.test_progress_browser import (
    WORKLIST,
    edit_first_indicator,
    wait_until_done,
    worklist_size,
)
from werkstatt.views import worklist

SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="module")
def niels_sections(plan_db) -> worklist.Sections:
    return default_worklist(plan_db, KONTAKTE["niels"])


def test_after_login_a_user_linked_to_a_contact_sees_only_that_contacts_measures(
        server_with_users, page: Page, niels_sections):
    open_page(page, server_with_users + "/fortschritt")
    assert page.locator(WORKLIST).count() == 0  # a visitor gets read-only tables
    login(page, "niels")
    toggle = page.get_by_role("switch", name="Nur meine Maßnahmen (Niels Buck)")
    expect(toggle).to_be_checked()
    expect(page.get_by_text("Meine Maßnahmen: Niels Buck", exact=False)).to_be_visible()
    mine = sum(len(s) for _, s in niels_sections.as_list())
    assert worklist_size(page) == mine
    if niels_sections.undated.empty:  # Niels Buck's measures all have a date
        expect(page.get_by_text("Jede passende Maßnahme hat einen Termin im Plan.")).to_be_visible()
    for width, height in ((1920, 1080), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"fortschritt_meine_{width}.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})

    toggle.click(force=True)  # the switch's input is visually hidden behind its track
    wait_until_done(page)
    assert worklist_size(page) > mine
    expect(page.get_by_text("Meine Maßnahmen: Niels Buck", exact=False)).to_have_count(0)
    for width, height in ((1920, 1080), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"fortschritt_alle_{width}.png"), full_page=width == 1024)
    assert_no_exception(page)


def test_a_refused_indicator_value_keeps_date_value_and_comment_in_the_browser(
        server_with_users, page: Page):
    open_page(page, server_with_users + "/indikatoren")
    login(page, "anna")
    edit_first_indicator(page)
    form = page.locator('[data-testid="stExpander"]').filter(has_text="Messwert eintragen").first
    form.locator("summary").click()
    form.get_by_role("spinbutton", name="Tag, Stichtag").click()
    page.keyboard.type("30062019")
    form.get_by_label("Wert", exact=True).fill("drei")
    form.get_by_label("Kommentar", exact=True).fill("aus dem Jahresbericht")
    click_after_typing(form.get_by_role("button", name="Messwert speichern"))
    wait_until_done(page)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text("keine Zahl")
    expect(form.get_by_label("Wert", exact=True)).to_have_value("drei")
    expect(form.get_by_label("Kommentar", exact=True)).to_have_value("aus dem Jahresbericht")
    expect(form.get_by_role("spinbutton", name="Jahr, Stichtag")).to_have_text("2019")

    form.get_by_label("Wert", exact=True).fill("3")  # corrected: saved, then the form is empty
    click_after_typing(form.get_by_role("button", name="Messwert speichern"))
    wait_until_done(page)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    if not form.get_by_label("Wert", exact=True).is_visible():
        form.locator("summary").click()
    expect(form.get_by_label("Wert", exact=True)).to_have_value("")
    expect(form.get_by_label("Kommentar", exact=True)).to_have_value("")
    assert_no_exception(page)
