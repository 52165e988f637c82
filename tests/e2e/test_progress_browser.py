"""Recording progress in a real browser: login, the Fortschritt worklist, the change history.

All tests use `server_with_users` (users `anna`, bearbeiter, and `chef`, admin; password
PASSWORD), a server with its own database copy, so what is saved here never reaches `server`.
Each test works on its own measures of the worklist, so the order of the tests does not matter.
Every `page.goto`/reload starts a new Streamlit session, which is logged out: the tests log in
through the sidebar again and move between pages with the sidebar navigation.

Reading st.dataframe: glide-data-grid paints the cells on a <canvas>, but puts an accessible
<table role="grid"> inside that canvas for screen readers, holding the text of the rows it
currently shows (it is virtualised: only rows in the grid's viewport). That table is what the
browser hands to assistive technology, so it is the rendered text; `grid_rows` reads it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import (
    APP_DONE,
    PASSWORD,
    assert_no_exception,
    default_worklist,
    login,
    open_page,
    serious_axe_violations,
    submit_login,
)
from werkstatt.views.worklist import EDITOR_COLUMNS, NEW_COMMENT, STATUS

XSS = "<img src=x onerror=alert(1)>"
SIDEBAR = '[data-testid="stSidebar"]'
GRID = 'canvas[data-testid="data-grid-canvas"] table[role="grid"]'
SCREENSHOT = Path("/tmp/shots/e2e_fortschritt.png")
# [aria-rowindex, aria-colindex, text] of every cell of the grid's accessible table
_CELLS_JS = """table => [...table.querySelectorAll("tr")].flatMap(tr =>
    [...tr.querySelectorAll("th, td")].map(cell =>
        [+tr.getAttribute("aria-rowindex"), +cell.getAttribute("aria-colindex"),
         cell.textContent]))"""
_LAST_COLUMN_DRAWN_JS = """dataframe => {
    const table = dataframe.querySelector('canvas table[role="grid"]');
    return table !== null && table.querySelector(
        `th[aria-colindex="${table.getAttribute("aria-colcount")}"]`) !== null; }"""


@pytest.fixture(scope="module")
def page(browser):
    """One browser page for the module (overrides conftest's per-test page): the cached bundle
    saves time; every test starts with page.goto, i.e. a fresh, logged-out session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def worklist(plan_db) -> list[tuple[int, str, str]]:
    """Overdue measures the Fortschritt form lists with the default filters (Stichtag today,
    clamped to the plan year): (massnahme_id, label in "Verlauf einer Maßnahme", title)."""
    # the overdue section: measures that leave the worklist once erledigt
    work = default_worklist(plan_db).overdue
    assert (work["status"] == "offen").all()
    work = by_title(work)
    assert len(work) >= 3
    return [(int(r.massnahme_id), f"{r.werkzeug} › {r.massnahme}", r.massnahme)
            for r in work.itertuples()]


def by_title(section):
    """The rows of a section whose title is unique in it and shown as it is: the tests find a
    row by its title ("Veranstaltung" is the title of several measures; the tables show those
    with their Werkzeug)."""
    return section[~section["massnahme"].duplicated(keep=False)
                   & (section["titel"] == section["massnahme"])]


def wait_until_done(page: Page) -> None:
    """Streamlit is idle, and still after 200 ms: a save reruns the page, and the gap between
    the two runs looks idle too."""
    for _ in range(50):
        page.wait_for_selector(APP_DONE, state="attached", timeout=30_000)
        page.wait_for_timeout(200)
        if page.locator(APP_DONE).count():
            return
    raise AssertionError("Streamlit did not stay idle for 200 ms in 50 tries")


def choose(page: Page, box: Locator, option: str, typed: str | None = None) -> None:
    """Pick an option of a selectbox; `typed` first narrows a long (virtualised) option list."""
    combobox = box.get_by_role("combobox")
    combobox.scroll_into_view_if_needed()
    page.wait_for_timeout(200)  # a click while the page still scrolls opens no menu
    combobox.click()
    if typed:
        combobox.fill(typed)
    page.get_by_role("option", name=option, exact=True).click()


WORKLIST = '[data-testid="stDataFrame"]:has([aria-label^="Arbeitsliste: "])'  # its editors
ROW_PX = 35  # glide-data-grid's header and row height in Streamlit
# scroll the element's nearest scrolling ancestor (Streamlit's main area) by dy pixels
_SCROLL_PAGE_BY_JS = """(el, dy) => {
    let p = el.parentElement;
    const scrolls = e => e.scrollHeight > e.clientHeight
        && /auto|scroll/.test(getComputedStyle(e).overflowY);
    while (p && !scrolls(p)) p = p.parentElement;
    (p || document.scrollingElement).scrollBy(0, dy); }"""


def editor_records(grid: Locator) -> list[dict[str, str]]:
    """The rows of a worklist editor as text, by column header: the columns in view when
    the grid is scrolled to its left edge (title, Termine, Status and both comments at the
    tests' width; grid_rows reads every column of a read-only table)."""
    scroller = grid.locator(".dvn-scroller")
    if scroller.evaluate("el => el.scrollLeft") != 0:
        scroller.evaluate("el => { el.scrollLeft = 0; }")
        grid.page.wait_for_timeout(600)  # the grid redraws its accessible table debounced
    table = grid.locator(GRID)
    expect(table.locator("td").first).to_be_attached(timeout=30_000)
    cells = table.evaluate(_CELLS_JS)
    header = {col: text for row, col, text in cells if row == 1}
    rows: dict[int, dict[str, str]] = {}
    for row, col, text in cells:
        if row > 1:
            rows.setdefault(row, {})[header[col]] = text
    return [rows[row] for row in sorted(rows)]


def worklist_size(page: Page) -> int:
    """How many rows the worklist editors have (after the current run)."""
    wait_until_done(page)
    return sum(len(editor_records(grid)) for grid in page.locator(WORKLIST).all())


def worklist_row(page: Page, title: str) -> tuple[Locator, int] | None:
    """The worklist editor listing the measure `title`, and its row; None if not listed."""
    wait_until_done(page)  # a run still drawing replaces the editors
    for grid in page.locator(WORKLIST).all():
        titles = [row["Maßnahme"] for row in editor_records(grid)]
        if title in titles:
            assert titles.count(title) == 1, f"{title} twice in one section"
            return grid, titles.index(title)
    return None


def edit_cell(page: Page, title: str, column: str, text: str) -> None:
    """Type into a cell of the worklist as a user does: click the row's first cell, move to
    the column with the arrow keys, Enter opens the cell's editor (a selectbox narrows its
    options to the typed text), Enter commits. The grid is a canvas: no cell is an element;
    its accessible table says which cell is selected. A rerun may replace the grid meanwhile
    (or a click land before it is ready): then start again."""
    col = EDITOR_COLUMNS.index(column)
    for _ in range(3):
        try:
            grid, row = _select_cell(page, title, col)
        except (AssertionError, PlaywrightError):
            continue
        page.keyboard.press("Enter")
        cell_editor = page.locator("#portal .gdg-clip-region")
        expect(cell_editor.locator("input, textarea")).to_be_focused()  # else keys get lost
        page.keyboard.type(text)
        if column == STATUS:  # a selectbox: Enter takes the option the typed text narrowed to
            expect(page.locator("#portal").get_by_role("option", name=text,
                                                       exact=True)).to_be_visible()
        else:  # an Enter right after the last key committed the text as it was before it
            expect(cell_editor.locator("textarea")).to_have_value(text)
            page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        expect(cell_editor).to_have_count(0)
        expect(grid.locator(f"#glide-cell-{col}-{row}")).to_have_text(text)
        return
    raise AssertionError(f"could not select {column} of {title}")


def _select_cell(page: Page, title: str, col: int) -> tuple[Locator, int]:
    found = worklist_row(page, title)
    assert found, f"{title} is not in the worklist"
    grid, row = found
    canvas = grid.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    height = page.viewport_size["height"]
    for _ in range(10):  # the grid is as tall as its rows: scroll the page to the row
        box = canvas.bounding_box()
        y = box["y"] + ROW_PX * (row + 1.5)  # below the header row
        if 200 < y < height - 200:  # not under the fixed header bar, room for the editor
            break
        canvas.evaluate(_SCROLL_PAGE_BY_JS, y - height / 2)
        page.wait_for_timeout(300)
    page.mouse.click(box["x"] + 10, y)  # the row's first cell
    for _ in range(col):
        page.keyboard.press("ArrowRight")
    expect(grid.locator(f"#glide-cell-{col}-{row}")).to_have_attribute(
        "aria-selected", "true", timeout=3_000)
    return grid, row


def set_status(page: Page, title: str, status: str) -> None:
    edit_cell(page, title, STATUS, status)


def set_comment(page: Page, title: str, comment: str) -> None:
    edit_cell(page, title, NEW_COMMENT, comment)


def expect_status(page: Page, title: str, status: str) -> None:
    """The measure's row shows `status` (after a rerun: within a few seconds)."""
    for _ in range(40):
        row = shown_row(page, title)
        if row and row[STATUS] == status:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"{title}: {row and row[STATUS]!r} instead of {status!r}")


def shown_row(page: Page, title: str) -> dict[str, str] | None:
    """The measure's row in the worklist editor, as text; None if not listed."""
    found = worklist_row(page, title)
    return editor_records(found[0])[found[1]] if found else None


def save_worklist(page: Page, *expected: str) -> None:
    page.get_by_role("button", name="Änderungen speichern").click()
    saved = page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text="Gespeichert:")
    for text in expected:
        expect(saved).to_contain_text(text, timeout=30_000)
    wait_until_done(page)


def grid_rows(dataframe: Locator) -> list[list[str]]:
    """Header and the rows glide-data-grid shows, as text, every column (see module docstring).
    The grid also renders only the columns in view, so scroll it sideways until its last
    column is drawn and merge the cells by their aria-rowindex/aria-colindex."""
    table = dataframe.locator(GRID)
    expect(table.locator("td").first).to_be_attached(timeout=30_000)
    columns = int(table.get_attribute("aria-colcount"))
    cells = {(row, col): text for row, col, text in table.evaluate(_CELLS_JS)}
    if max(col for _, col in cells) < columns:
        dataframe.locator(".dvn-scroller").evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        dataframe.page.wait_for_function(_LAST_COLUMN_DRAWN_JS, arg=dataframe.element_handle(),
                                         timeout=10_000)
        cells.update({(row, col): text for row, col, text in table.evaluate(_CELLS_JS)})
    rows = sorted({row for row, _ in cells})
    assert all((rows[0], col) in cells for col in range(1, columns + 1)), \
        f"header of the grid not read completely: {sorted(cells)[:columns + 2]}"
    return [[cells.get((row, col), "") for col in range(1, columns + 1)] for row in rows]


def grid_records(dataframe: Locator) -> list[dict[str, str]]:
    """The rows `grid_rows` reads, as dicts keyed by the column header."""
    header, *rows = grid_rows(dataframe)
    return [dict(zip(header, row, strict=True)) for row in rows]


def history_rows(page: Page, label: str, title: str) -> list[list[str]]:
    """Choose the measure under "Verlauf einer Maßnahme"; the status history as text."""
    wait_until_done(page)  # a run still drawing replaces the picker
    box = page.locator(".st-key-verlauf_auswahl")
    box.scroll_into_view_if_needed()
    choose(page, box, label, typed=title)
    wait_until_done(page)
    history = page.locator('[data-testid="stDataFrame"]').filter(  # the only one not editable
        has_not=page.locator('[aria-label^="Arbeitsliste: "]'))
    expect(history).to_have_count(1, timeout=30_000)
    return grid_rows(history)


def edit_first_indicator(page: Page) -> None:
    """Switch on "Bearbeiten" of the first indicator the user may edit: its forms appear."""
    page.get_by_role("switch", name="Bearbeiten", exact=True).first.click(force=True)
    wait_until_done(page)


def metric(page: Page, label: str) -> int:
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True))
    return int(box.locator('[data-testid="stMetricValue"]').inner_text())


def assert_markup_inert(page: Page, dialogs: list[str]) -> None:
    assert dialogs == []  # onerror=alert(1) never ran
    assert page.locator('img[src="x"]').count() == 0  # the <img> was never built
    assert_no_exception(page)


def test_a_comment_with_markup_is_saved_and_shown_as_literal_text_never_as_html(
        server_with_users, page, worklist):
    mid, label, title = worklist[0]
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        open_page(page, server_with_users + "/fortschritt")
        login(page, "anna")
        set_status(page, title, "in Arbeit")
        set_comment(page, title, XSS)
        save_worklist(page, f"„{title}“: in Arbeit")
        # the form shows the saved status and comment, and an empty new comment
        row = shown_row(page, title)
        assert (row[STATUS], row[NEW_COMMENT], row["letzter Kommentar"]) == (
            "in Arbeit", "", XSS)
        rows = history_rows(page, label, title)
        assert rows[0] == ["Version", "Status", "Kommentar", "von", "erfasst am"]
        assert rows[1][1:4] == ["in Arbeit", XSS, "anna"]  # newest first
        assert_markup_inert(page, dialogs)

        # a visitor's read-only worklist: the comment is the "letzter Kommentar"
        open_page(page, server_with_users + "/fortschritt")
        shown = [row for section in page.locator('[data-testid="stDataFrame"]').all()
                 for row in grid_records(section)]  # one table per section
        assert [(row["Status"], row["letzter Kommentar"]) for row in shown
                if row["Maßnahme"] == title] == [("in Arbeit", XSS)]
        assert_markup_inert(page, dialogs)

        # the change history (read as chef: an admin may read it whatever the rule for
        # bearbeiter is): shown in the grid and in its CSV download
        open_page(page, server_with_users + "/aenderungen")
        login(page, "chef")
        log = grid_records(page.locator('[data-testid="stDataFrame"]'))
        saves = [entry for entry in log if entry["Bereich"] == "Status"
                 and entry["Änderung"].startswith(f"Status von „{title}“")]
        assert len(saves) == 1 and saves[0]["Benutzer"] == "anna"
        assert f"Kommentar: „{XSS}“" in saves[0]["Änderung"]
        with page.expect_download() as download:
            page.get_by_role("button", name="Tabelle als CSV herunterladen").click()
        assert f"Kommentar: „{XSS}“" in Path(download.value.path()).read_text(
            encoding="utf-8-sig")
        assert_markup_inert(page, dialogs)
    finally:
        page.remove_listener("dialog", on_dialog)


def test_a_saved_status_is_still_there_after_a_reload_and_a_new_login(
        server_with_users, page, worklist):
    (done_id, done_label, done_title), (later_id, _, later_title) = worklist[1:3]
    open_page(page, server_with_users + "/fortschritt")
    login(page, "anna")
    done_before = metric(page, "erledigt oder entfallen")
    overdue_before = metric(page, "überfällig")
    set_status(page, done_title, "erledigt")
    set_status(page, later_title, "verschoben")
    save_worklist(page, f"„{done_title}“: erledigt", f"„{later_title}“: verschoben")
    # until a reload the erledigt measure stays where it was set: a mis-click is undone there
    expect_status(page, done_title, "erledigt")
    assert metric(page, "überfällig") == overdue_before

    page.reload()  # a new session: logged out, nothing kept in the browser
    wait_until_done(page)
    expect(page.locator(SIDEBAR).get_by_text("Angemeldet:")).to_have_count(0)
    login(page, "anna")
    expect_status(page, later_title, "verschoben")
    # an erledigt measure is neither due nor overdue: it moves to "erledigt oder entfallen"
    assert metric(page, "erledigt oder entfallen") == done_before + 1
    assert metric(page, "überfällig") == overdue_before - 1
    rows = history_rows(page, done_label, done_title)
    assert rows[1][1:4] == ["erledigt", "", "anna"]
    assert_no_exception(page)


@pytest.mark.parametrize("name, password", [("anna", "falsches-passwort"), ("niemand", PASSWORD)],
                         ids=["wrong-password", "unknown-user"])
def test_a_failed_login_shows_the_german_error_and_logs_nobody_in(server_with_users, page,
                                                                 name, password):
    open_page(page, server_with_users + "/fortschritt")
    submit_login(page, name, password)
    error = page.locator(SIDEBAR).locator('[data-testid="stAlertContentError"]')
    # one text for both: nobody can probe which names exist
    expect(error).to_have_text("Benutzername oder Passwort falsch.", timeout=30_000)
    wait_until_done(page)
    expect(page.locator(SIDEBAR).get_by_text("Angemeldet:")).to_have_count(0)
    expect(page.get_by_role("button", name="Änderungen speichern")).to_have_count(0)
    expect(page.locator(SIDEBAR).get_by_label("Benutzername", exact=True)).to_be_visible()
    assert_no_exception(page)


# page title in the sidebar -> url path, something only a logged-in admin sees, an expander to
# open so that axe also checks the form inside it (None: the form is on the page)
ADMIN_PAGES = [
    ("Fortschritt", "fortschritt", "Änderungen speichern", None),
    ("Plan bearbeiten", "bearbeiten", "Maßnahme anlegen", "Felder des Werkzeugs"),
    ("Änderungen", "aenderungen", "Als CSV herunterladen", None),
    ("Indikatoren", "indikatoren", "Basis und Ziel speichern", "Basis und Ziel ändern"),
]


def test_the_forms_of_a_logged_in_admin_have_no_serious_axe_violations(server_with_users, page):
    open_page(page, server_with_users + "/fortschritt")
    login(page, "chef")
    found = {}
    for title, path, admin_button, expander in ADMIN_PAGES:
        if path != "fortschritt":  # the sidebar navigation keeps the session (and the login)
            page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).click()
            page.wait_for_url(f"**/{path}")
            expect(page.locator("h1").first).to_have_text(title, timeout=30_000)
            wait_until_done(page)
        expect(page.locator(SIDEBAR).get_by_text("Angemeldet: chef")).to_have_count(1)
        if path == "indikatoren":
            edit_first_indicator(page)
        if expander:
            page.locator('[data-testid="stExpander"] summary').filter(
                has_text=expander).first.click()
        expect(page.get_by_role("button", name=admin_button).first).to_be_visible()
        assert_no_exception(page)
        if path == "fortschritt":  # for people to look at, not asserted
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
        found[path] = serious_axe_violations(page)
    assert found == {path: [] for _, path, _, _ in ADMIN_PAGES}


def test_the_admin_pages_are_listed_for_admins_only_and_a_deep_link_gets_the_refusal(
        server_with_users, page):
    nav = page.locator('[data-testid="stSidebarNav"] a')
    admin_pages = nav.filter(has_text=re.compile("Plan bearbeiten|Änderungen"))
    open_page(page, server_with_users + "/fortschritt")
    expect(nav.filter(has_text="Zeitplan")).to_have_count(1)
    expect(admin_pages).to_have_count(0)
    login(page, "anna")
    expect(admin_pages).to_have_count(0)
    page.locator(SIDEBAR).get_by_role("button", name="Abmelden").click()
    page.locator(SIDEBAR).get_by_role("button", name="Anmelden", exact=True).wait_for()
    login(page, "chef")
    expect(admin_pages).to_have_count(2)
    admin_pages.filter(has_text="Änderungen").click()
    page.wait_for_url("**/aenderungen")
    expect(page.locator("h1").first).to_have_text("Änderungen", timeout=30_000)
    # a new session (logged out) following a bookmark to an admin page: the German refusal
    open_page(page, server_with_users + "/bearbeiten")
    expect(page.locator("h1").first).to_have_text("Plan bearbeiten")
    expect(page.locator('[data-testid="stAlertContentInfo"]')).to_contain_text(
        "Den Plan ändern angemeldete Administratoren")
    expect(admin_pages).to_have_count(0)
    assert_no_exception(page)
