"""Daily use in a real browser (issue 15 §4, §7, §8): the server as the README starts it
(`streamlit run server.py`), a projector's 1024×768 with the sidebar open, German words on
Streamlit's own controls, and a login that holds across a reload and a bookmark."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from pages._ui.german import FIRST_WIDTHS
from pages._ui.login_cookie import COOKIE
from tests.conftest import copy_database
from tests.e2e.conftest import (
    PASSWORD,
    assert_no_exception,
    login,
    open_page,
    streamlit_process,
    write_secrets,
)
from tests.e2e.test_progress_browser import _CELLS_JS, GRID, SIDEBAR, wait_until_done

PROJECTOR = {"width": 1024, "height": 768}
SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="module")
def app_server(plan_db, tmp_path_factory):
    """`streamlit run server.py` (dashboard.py with the login cookie's routes), users anna
    (bearbeiter) and chef (admin), its own database copy."""
    workdir = tmp_path_factory.mktemp("app_server")
    write_secrets(workdir / "secrets.toml", {"anna": "bearbeiter", "chef": "admin"}, PASSWORD)
    with streamlit_process("server.py", copy_database(plan_db, workdir), workdir) as (base, _):
        yield base


@pytest.fixture
def projector(browser: Browser):
    context = browser.new_context(viewport=PROJECTOR, locale="de-DE")
    yield context.new_page()
    context.close()


def logged_in_as(page: Page, name: str) -> bool:
    wait_until_done(page)
    return page.locator(SIDEBAR).get_by_text(f"Angemeldet: {name}").count() == 1


def login_cookie(page: Page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def wait_for_login_cookie(page: Page) -> dict:
    for _ in range(50):
        if (cookie := login_cookie(page)) is not None:
            return cookie
        page.wait_for_timeout(200)
    raise AssertionError("the server set no login cookie")


# --- §8 staying logged in ----------------------------------------------------------------------
def test_a_reload_and_a_bookmark_keep_the_login_until_logout(app_server, projector):
    page = projector
    open_page(page, app_server + "/fortschritt")
    login(page, "anna")
    cookie = wait_for_login_cookie(page)
    # an opaque token the page's scripts never see, sent to this site only
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "anna" not in cookie["value"] and "bearbeiter" not in cookie["value"]
    assert COOKIE not in page.evaluate("document.cookie")
    lasts = datetime.fromtimestamp(cookie["expires"]) - datetime.now()
    assert timedelta(hours=9) < lasts <= timedelta(hours=10)  # a working day

    page.reload()
    assert logged_in_as(page, "anna")
    assert page.get_by_role("button", name="Änderungen speichern").count() == 1
    bookmark = page.context.new_page()  # a bookmark opened in another tab
    open_page(bookmark, app_server + "/zeitplan?monat=2019-09")
    assert logged_in_as(bookmark, "anna")
    assert_no_exception(bookmark)

    page.locator(SIDEBAR).get_by_role("button", name="Abmelden").click()
    wait_until_done(page)
    for _ in range(25):  # the page asks the server to delete the cookie
        if login_cookie(page) is None:
            break
        page.wait_for_timeout(200)
    assert login_cookie(page) is None
    bookmark.reload()
    assert not logged_in_as(bookmark, "anna")
    expect(bookmark.locator(SIDEBAR).get_by_label("Benutzername", exact=True)).to_be_visible()


def test_an_edited_or_copied_after_logout_cookie_logs_nobody_in(app_server, projector):
    page = projector
    open_page(page, app_server + "/")
    login(page, "chef")
    cookie = wait_for_login_cookie(page)
    token = cookie["value"]
    edited = token[:-1] + ("A" if token[-1] != "A" else "B")
    for value in (edited, "chef", "x" * 43):
        page.context.add_cookies([{**cookie, "value": value}])
        page.reload()
        assert not logged_in_as(page, "chef"), value
        expect(page.locator(SIDEBAR).get_by_label("Benutzername", exact=True)).to_be_visible()
    # the real token works again, until the logout ends its session on the server
    page.context.add_cookies([{**cookie, "value": token}])
    page.reload()
    assert logged_in_as(page, "chef")
    page.locator(SIDEBAR).get_by_role("button", name="Abmelden").click()
    wait_until_done(page)
    page.context.add_cookies([{**cookie, "value": token}])  # a copy kept from before
    page.reload()
    assert not logged_in_as(page, "chef")


# --- §4 the page at 1024×768 -------------------------------------------------------------------
def first_columns(page: Page, table) -> tuple[list[str], int]:
    """The headers glide draws first (scrolled to the left edge) and the table's width."""
    grid = table.locator(GRID)
    expect(grid.locator("td").first).to_be_attached(timeout=30_000)
    cells = grid.evaluate(_CELLS_JS)
    first_row = min(row for row, _, _ in cells)
    headers = [text for _, _, text in sorted(c for c in cells if c[0] == first_row)]
    width = table.locator(".dvn-scroller").evaluate("el => el.clientWidth")
    return headers, width


@pytest.mark.parametrize("path, index, columns", [
    ("/zeitplan", 0, ["Maßnahme", "jetzt", "Status"]),  # compared with the Beschluss
    ("/budget", 0, ["Betrag", "Zeitbezug"]),
    ("/fortschritt", 0, ["Maßnahme", "Termine", "Status"]),
])
def test_at_1024x768_the_tables_start_with_what_matters_in_view(app_server, projector, path,
                                                                 index, columns):
    page = projector
    open_page(page, app_server + path, settle_ms=800)
    expect(page.locator(SIDEBAR)).to_have_attribute("data-collapsed", "false")  # open
    table = page.locator('[data-testid="stDataFrame"]').nth(index)
    table.scroll_into_view_if_needed()
    headers, width = first_columns(page, table)
    assert headers[:len(columns)] == columns
    # the essential columns together fit the table's visible width: no sideways scroll
    assert sum(FIRST_WIDTHS[column] for column in columns) <= width, (headers, width)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"projector{path.replace('/', '_')}.png"))


@pytest.mark.parametrize("user", [None, "chef"])
def test_at_1024x768_the_month_filter_is_above_the_fold_with_the_login_below(app_server,
                                                                            projector, user):
    page = projector
    open_page(page, app_server + "/zeitplan")
    if user:
        login(page, user)  # an admin's menu is the longest
        page.locator(SIDEBAR).evaluate("el => el.querySelector('[data-testid=stSidebarContent]')"
                                       ".scrollTo(0, 0)")
    month = page.locator(SIDEBAR).locator(".st-key-monat")
    box = month.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PROJECTOR["height"], box
    login_box = page.locator(SIDEBAR).get_by_text("Angemeldet: chef" if user else "Anmelden",
                                                  exact=not user).first
    assert login_box.bounding_box()["y"] > box["y"]  # the login sits below the filters


def test_kpi_labels_are_never_cut_off_at_1024x768(app_server, projector):
    page = projector
    for path in ("/", "/fortschritt", "/budget"):
        open_page(page, app_server + path, settle_ms=500)
        labels = page.locator('[data-testid="stMetricLabel"]')
        # every page has at least two; under load the last ones are drawn a moment later
        page.wait_for_function("() => document.querySelectorAll("
                               "'[data-testid=\"stMetricLabel\"]').length >= 2")
        cut = labels.evaluate_all("els => els.filter(el => { const p = el.querySelector('p') "
                                  "|| el; return p.scrollWidth > p.clientWidth + 1; })"
                                  ".map(el => el.textContent)")
        assert cut == [], (path, cut)


# --- §7 German words ---------------------------------------------------------------------------
def test_streamlits_own_controls_speak_german_and_the_table_toolbar_is_replaced(app_server,
                                                                               projector):
    page = projector
    open_page(page, app_server + "/zeitplan", settle_ms=800)
    page.keyboard.press("Tab")  # the skip link shows on focus
    expect(page.locator('[data-testid="stSkipToContent"]')).to_have_text("Zum Inhalt springen")
    helps = page.locator('[aria-label^="Hilfe zu "]')
    expect(helps.first).to_be_attached()
    english = page.evaluate("""() => [...document.querySelectorAll('[aria-label],[placeholder]')]
        .filter(el => el.offsetParent !== null)
        .map(el => el.getAttribute('aria-label') || el.getAttribute('placeholder'))
        .filter(t => /^(Help for|Choose an|Download as|Show|Search$|Fullscreen)/.test(t))""")
    assert english == []
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover(force=True)
    expect(table.locator('[data-testid="stElementToolbar"]')).to_be_hidden()
    expect(page.get_by_placeholder("In der Tabelle suchen …")).to_be_visible()
    expect(page.get_by_role("button", name="Tabelle als CSV herunterladen")).to_be_visible()

    open_page(page, app_server + "/excel_abgleich")
    login(page, "anna")
    uploader = page.locator('[data-testid="stFileUploaderDropzone"]')
    expect(uploader.locator("button")).to_contain_text("Datei wählen")
    expect(uploader).to_have_attribute("aria-label", "Excel-Datei (.xlsx, höchstens 5 MB)")
    expect(uploader).not_to_contain_text("per file")  # Streamlit's own (higher) limit: gone
    assert "MB" not in uploader.inner_text() and "Upload" not in uploader.inner_text()
    assert_no_exception(page)


# --- §1 every measure reachable ----------------------------------------------------------------
def test_a_folded_section_draws_its_measures_when_opened(app_server, projector):
    page = projector
    open_page(page, app_server + "/fortschritt?monat=2019-09")
    folded = page.locator('[data-testid="stExpander"]').filter(has_text="Noch nicht fällig")
    count = int(folded.locator("summary").inner_text().rsplit(":", 1)[1])
    assert count > 0 and folded.locator('[data-testid="stDataFrame"]').count() == 0  # lazy
    folded.locator("summary").click()
    wait_until_done(page)
    table = folded.locator('[data-testid="stDataFrame"]')
    expect(table).to_have_count(1)
    assert int(table.locator(GRID).get_attribute("aria-rowcount")) == count + 1  # + header
    assert_no_exception(page)
