"""The sidebar's "Plan" in a real browser (issue 19 §1): with the 2019 and the 2020 plan in one
database, every page opened with `?plan=2019` or `?plan=2020` shows that plan and keeps it in
the address; an admin switching pages in the menu stays on the chosen plan."""
from __future__ import annotations

import pytest

from tests.conftest import copy_database
from tests.e2e.conftest import (
    APP_DONE,
    PASSWORD,
    assert_no_exception,
    login,
    open_page,
    streamlit_process,
    write_secrets,
)

VISITOR_PAGES = ["", "zeitplan", "fortschritt", "werkzeuge", "budget", "indikatoren",
                 "praesentation", "plancheck", "staende"]
ADMIN_PAGES = ["Excel-Abgleich", "Plan bearbeiten", "Fortschreibung", "Änderungen", "Sicherung"]


@pytest.fixture(scope="session")
def two_plans_server(two_plans_db, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("two_plans_server")
    write_secrets(workdir / "secrets.toml", {"chef": "admin"}, PASSWORD)
    with streamlit_process("dashboard.py", copy_database(two_plans_db, workdir),
                           workdir) as (base, _):
        yield base


def shows_plan(page, year: int, sidebar: bool = True) -> None:
    assert_no_exception(page)
    assert (f"plan={year}" in page.url) == (year == 2019), page.url  # the newest: no parameter
    if sidebar:
        chosen = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Plan")
        assert chosen.input_value() == f"{year} – Kreis Dithmarschen"


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_every_page_opens_with_the_plan_the_address_names(two_plans_server, page, path):
    for year in (2019, 2020):
        open_page(page, f"{two_plans_server}/{path}?plan={year}", settle_ms=500)
        shows_plan(page, year, sidebar=path != "praesentation")
        if path == "":
            assert page.locator("h1").first.inner_text().endswith(str(year))


def test_an_admin_keeps_the_chosen_plan_on_every_page_of_the_menu(two_plans_server, page):
    open_page(page, f"{two_plans_server}/?plan=2019")
    login(page, "chef")
    for title in ADMIN_PAGES:
        page.locator('[data-testid="stSidebarNav"]').get_by_role(
            "link", name=title, exact=True).click()
        page.wait_for_timeout(300)
        page.wait_for_selector(APP_DONE, state="attached", timeout=30_000)
        page.wait_for_timeout(500)
        shows_plan(page, 2019)
        # the 2019 plan is not carried forward here: the admin pages show their forms
        assert page.get_by_text("kann nur noch gelesen werden").count() == 0
