"""The Fortschreibung page in a real browser (admin): the proposal and the Übergang render
without error and without serious axe findings, a faulty decisions CSV is refused in German,
and a decision changed on the page shows in the Übergang."""
from __future__ import annotations

import re

import duckdb
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    APP_DONE,
    assert_no_exception,
    click_after_typing,
    login,
    open_page,
    serious_axe_violations,
)
from werkstatt import vocab
from werkstatt.views.fortschreibung import fortschreibung
from werkstatt.views.plan_data import PlanData


def settle(page: Page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(APP_DONE, state="attached", timeout=30_000)


def first_carried(plan_db) -> int:
    con = duckdb.connect(str(plan_db), read_only=True)
    try:
        return fortschreibung(PlanData.of(con), 2020).uebergang.uebernommen[0].massnahme_id
    finally:
        con.close()


def test_an_admin_uses_the_fortschreibung_page_in_the_browser(server_with_users, page,
                                                               plan_db):
    carried = first_carried(plan_db)
    open_page(page, server_with_users + "/fortschreibung")
    login(page, "chef")
    expect(page.get_by_role("heading", name="Übergang 2019 → 2020")).to_be_visible(
        timeout=30_000)
    assert_no_exception(page)
    assert serious_axe_violations(page) == []
    entfallen = page.locator('[data-testid="stMetric"]').filter(has_text="entfallen")
    before = int(entfallen.locator('[data-testid="stMetricValue"]').inner_text())

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "entscheidungen.csv", "mimeType": "text/csv",
                "buffer": "ID;Entscheidung;Grund\n9;entfällt;\n".encode()}])
    expect(page.get_by_text("Zeile 2: „entfällt“ braucht einen Grund")).to_be_visible(
        timeout=30_000)
    settle(page)
    assert int(entfallen.locator('[data-testid="stMetricValue"]').inner_text()) == before

    form = page.locator('[data-testid="stForm"]')
    form.get_by_label("Grund (bei „entfällt“ nötig)").fill("Träger hat abgesagt")
    form.locator('[data-testid="stSelectbox"]').nth(0).click()
    page.get_by_role("option", name=re.compile(rf"^{carried} – ")).click()
    form.locator('[data-testid="stSelectbox"]').nth(1).click()
    page.get_by_role("option", name=vocab.DROP, exact=True).click()
    click_after_typing(form.get_by_role("button", name="Entscheidung setzen"))
    expect(entfallen.locator('[data-testid="stMetricValue"]')).to_have_text(
        str(before + 1), timeout=30_000)
    assert_no_exception(page)
