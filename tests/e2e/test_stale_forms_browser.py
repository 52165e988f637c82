"""Two browsers, one record: a form saved over a colleague's newer version is refused, and the
refused value never reaches the database later (AppTest keeps no browser widget state, so only
a real browser shows this).

Each test opens two browser contexts (two people), logged in as different users of
`server_with_users`, and works on its own records, so the order of the tests does not matter.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    assert_no_exception,
    click_after_typing,
    default_worklist,
    login,
    open_page,
)
from tests.e2e.test_progress_browser import (
    by_title,
    edit_first_indicator,
    expect_status,
    history_rows,
    set_comment,
    set_status,
    wait_until_done,
)
from werkstatt.views import worklist

ERROR = '[data-testid="stAlertContentError"]'
SUCCESS = '[data-testid="stAlertContentSuccess"]'
TOAST = '[data-testid="stToast"]'


@pytest.fixture(scope="module")
def sections(plan_db) -> worklist.Sections:
    """The Fortschritt sections with the default filters (Stichtag today, clamped to the plan)."""
    return default_worklist(plan_db)


@pytest.fixture
def two_people(browser):
    """Two browser contexts: two people at two computers."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
                for _ in range(2)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def open_as(page: Page, url: str, user: str) -> Page:
    open_page(page, url)
    login(page, user)
    return page


def save(page: Page) -> None:
    page.get_by_role("button", name="Änderungen speichern").click()
    wait_until_done(page)


def measure(section, index: int) -> tuple[int, str, str]:
    row = by_title(section).iloc[index]
    return int(row["massnahme_id"]), f"{row['werkzeug']} › {row['massnahme']}", row["massnahme"]


def saved_history(page: Page, mid_label_title) -> list[list[str]]:
    """(Status, Kommentar, von) of every version of the measure, newest first."""
    _, label, title = mid_label_title
    return [row[1:4] for row in history_rows(page, label, title)[1:]]


def assert_only_the_first_save_counts(page: Page, mid_label_title, kept: list[str],
                                      refused: str) -> None:
    """The newest version is the colleague's save, and the refused status was never stored
    (the server is shared by the module's tests: older versions may come from them)."""
    history = saved_history(page, mid_label_title)
    assert history[0] == kept
    assert not [row for row in history if row[0] == refused and row[2] == "chef"], history


def test_a_refused_status_is_replaced_by_the_newer_one_and_never_saved_later(
        server_with_users, two_people, sections):
    (_, _, x_title), (_, _, y_title) = (measure(sections.undated, 0),
                                        measure(sections.undated, 1))
    a, b = (open_as(p, server_with_users + "/fortschritt", user)
            for p, user in zip(two_people, ("anna", "chef"), strict=True))
    set_status(a, x_title, "in Arbeit")
    save(a)
    expect(a.locator(SUCCESS)).to_contain_text(f"„{x_title}“: in Arbeit")

    set_status(b, x_title, "verschoben")  # b still sees the version before anna's save
    save(b)
    refusal = b.locator(ERROR).filter(has_text=x_title)
    expect(refusal).to_contain_text("anna")
    expect(refusal).to_contain_text("Ihre Eingabe: „verschoben“")
    expect_status(b, x_title, "in Arbeit")  # the newer value, not b's input
    refusal.scroll_into_view_if_needed()
    b.screenshot(path="/tmp/shots/fortschritt_refused.png")  # for people to look at

    set_comment(b, y_title, "nur diese Zeile")
    save(b)
    expect(b.locator(SUCCESS)).to_have_text(f"Gespeichert: „{y_title}“: offen")
    expect_status(b, x_title, "in Arbeit")
    assert_only_the_first_save_counts(b, measure(sections.undated, 0),
                                      ["in Arbeit", "", "anna"], "verschoben")
    assert_no_exception(b)


def test_neu_laden_shows_a_colleagues_newer_status_and_a_later_save_keeps_it(
        server_with_users, two_people, sections):
    (_, _, z_title), (_, _, y_title) = measure(sections.undated, 2), measure(sections.undated, 3)
    a, b = (open_as(p, server_with_users + "/fortschritt", user)
            for p, user in zip(two_people, ("anna", "chef"), strict=True))
    set_status(b, z_title, "verschoben")  # typed, not saved
    set_status(a, z_title, "erledigt")
    save(a)
    expect(a.locator(SUCCESS)).to_contain_text("erledigt")  # stored before b reloads
    b.get_by_role("button", name="Neu laden (Änderungen anderer übernehmen)").click()
    wait_until_done(b)
    expect_status(b, z_title, "erledigt")

    set_comment(b, y_title, "nach dem Neuladen")
    save(b)
    expect(b.locator(SUCCESS)).to_have_text(f"Gespeichert: „{y_title}“: offen")
    assert_only_the_first_save_counts(b, measure(sections.undated, 2),
                                      ["erledigt", "", "anna"], "verschoben")
    assert_no_exception(b)


def test_a_row_that_left_the_worklist_is_refused_by_name_and_its_comment_not_saved_twice(
        server_with_users, two_people, sections):
    # not the last two overdue measures: the Excel round trip (test_exchange_browser) uses them
    (_, _, w_title), (_, _, y_title) = measure(sections.overdue, -3), measure(sections.undated, 4)
    a, b = (open_as(p, server_with_users + "/fortschritt", user)
            for p, user in zip(two_people, ("anna", "chef"), strict=True))
    set_status(a, w_title, "erledigt")  # no longer overdue: it belongs to another section now
    save(a)
    expect(a.locator(SUCCESS)).to_contain_text(f"„{w_title}“: erledigt")
    set_status(b, w_title, "verschoben")
    set_comment(b, w_title, "bitte nachfassen")
    save(b)
    refusal = b.locator(ERROR).filter(has_text=w_title)
    expect(refusal).to_contain_text("„erledigt“")
    expect(refusal).to_contain_text("Kommentar „bitte nachfassen“")
    # b's row, still where b saw it, now shows the colleague's newer status
    expect_status(b, w_title, "erledigt")

    set_comment(b, y_title, "eine andere Zeile")
    save(b)
    expect(b.locator(SUCCESS)).to_have_text(f"Gespeichert: „{y_title}“: offen")
    assert_only_the_first_save_counts(b, measure(sections.overdue, -3),
                                      ["erledigt", "", "anna"], "verschoben")
    assert_no_exception(b)


def open_target_form(page: Page):
    """The first "Basis und Ziel ändern" form on Indikatoren, opened."""
    edit_first_indicator(page)
    expander = page.locator('[data-testid="stExpander"]').filter(
        has_text="Basis und Ziel ändern").first
    expander.locator("summary").click()
    return expander


def test_a_refused_indicator_target_is_replaced_by_the_newer_one_and_never_saved_later(
        server_with_users, two_people):
    a, b = (open_as(p, server_with_users + "/indikatoren", user)
            for p, user in zip(two_people, ("chef", "bert"), strict=True))
    form_a, form_b = open_target_form(a), open_target_form(b)
    form_a.get_by_label("Zielwert", exact=True).fill("50")
    click_after_typing(form_a.get_by_role("button", name="Basis und Ziel speichern"))
    expect(a.locator(TOAST)).to_contain_text("Basis und Ziel gespeichert")  # saved before b

    form_b.get_by_label("Zielwert", exact=True).fill("70")
    click_after_typing(form_b.get_by_role("button", name="Basis und Ziel speichern"))
    wait_until_done(b)
    expect(b.locator(ERROR).first).to_contain_text("Ihre Eingabe: Basiswert")
    expect(b.locator(ERROR).first).to_contain_text("Zielwert „70“")
    form_b = b.locator('[data-testid="stExpander"]').filter(
        has_text="Basis und Ziel ändern").first
    if not form_b.get_by_label("Zielwert", exact=True).is_visible():
        form_b.locator("summary").click()
    expect(form_b.get_by_label("Zielwert", exact=True)).to_have_value("50")

    form_b.get_by_label("Basiswert", exact=True).fill("3")  # another field of the same record
    click_after_typing(form_b.get_by_role("button", name="Basis und Ziel speichern"))
    wait_until_done(b)
    expect(b.locator(ERROR)).to_have_count(0)
    open_page(b, server_with_users + "/indikatoren")  # a fresh session reads the database
    login(b, "bert")
    form_b = open_target_form(b)
    expect(form_b.get_by_label("Zielwert", exact=True)).to_have_value("50")
    expect(form_b.get_by_label("Basiswert", exact=True)).to_have_value("3")
    assert_no_exception(b)


def test_a_refused_werkzeug_field_is_replaced_by_the_newer_one_and_never_saved_later(
        server_with_users, two_people):
    a, b = (open_as(p, server_with_users + "/bearbeiten", user)
            for p, user in zip(two_people, ("chef", "bert"), strict=True))

    def fields(page: Page):
        expander = page.locator('[data-testid="stExpander"]').filter(
            has_text="Felder des Werkzeugs").first
        if not expander.get_by_label("Zielgruppe").is_visible():
            expander.locator("summary").click()
        return expander

    fields(a).get_by_label("Zielgruppe").fill("Zielgruppe von chef")
    click_after_typing(fields(a).get_by_role("button", name="Felder speichern"))
    # the save itself, not only an idle page: a click's run may not have started yet
    expect(a.locator(TOAST)).to_contain_text("Werkzeug gespeichert")

    fields(b).get_by_label("Zielgruppe").fill("Zielgruppe von bert")
    click_after_typing(fields(b).get_by_role("button", name="Felder speichern"))
    wait_until_done(b)
    expect(b.locator(ERROR).first).to_contain_text(
        "Ihre Eingabe: Zielgruppe „Zielgruppe von bert“")
    expect(fields(b).get_by_label("Zielgruppe")).to_have_value("Zielgruppe von chef")

    fields(b).get_by_label("Umsetzungsort").fill("Heide (bert)")  # another field
    click_after_typing(fields(b).get_by_role("button", name="Felder speichern"))
    wait_until_done(b)
    expect(b.locator(ERROR)).to_have_count(0)
    open_as(b, server_with_users + "/bearbeiten", "bert")
    expect(fields(b).get_by_label("Zielgruppe")).to_have_value("Zielgruppe von chef")
    expect(fields(b).get_by_label("Umsetzungsort")).to_have_value("Heide (bert)")
    assert_no_exception(b)
