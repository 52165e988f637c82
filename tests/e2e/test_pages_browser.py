"""The dashboard in a real browser: one `streamlit run dashboard.py` server for the session
(fixture `server`), Debian's chromium through Playwright (fixture `page`).

Expected counts come from the plan database with SQL (the server runs on a copy of `plan_db`).
"""
from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import APP_DONE, assert_no_exception, open_page, serious_axe_violations

PAGES = [  # url path -> h1 of the page
    ("/", "Werkstattplan Kreis Dithmarschen 2019"),
    ("/zeitplan", "Zeitplan"),
    ("/werkzeuge", "Werkzeuge"),
    ("/budget", "Budget"),
    ("/indikatoren", "Indikatoren"),
]
CHART = ".js-plotly-plot .main-svg"
# bar paths that draw something: a legend-only trace (x=[None]) leaves an empty "M0,0Z" path
BARS = ".js-plotly-plot .trace.bars path:not([d='M0,0Z'])"
# a legend swatch for a bar kind is a zero-length bar (plotly draws no swatch without data)
_DRAWN_BARS = """() => [...document.querySelectorAll(".js-plotly-plot .trace.bars path")]
    .filter(p => p.getBBox().width > 0.5).length"""


def expect_drawn_bars(page, count: int) -> None:
    """Wait until the charts show exactly `count` bars of non-zero length."""
    with contextlib.suppress(PlaywrightTimeoutError):  # the assertion names both counts
        page.wait_for_function(f"n => ({_DRAWN_BARS})() === n", arg=count, timeout=5000)
    assert page.evaluate(_DRAWN_BARS) == count


MARKERS = ".js-plotly-plot .scatterlayer .point"
SEPTEMBER = "massnahme_id IN (SELECT massnahme_id FROM termin WHERE beginn <= DATE '2019-09-30' " \
            "AND ende >= DATE '2019-09-01')"


@pytest.fixture(scope="module")
def page(browser):
    """One browser page for the whole module (overrides the per-test `page` of conftest): the
    browser cache keeps Streamlit's bundle, so each test only pays for its own script run.
    Every test starts with page.goto, i.e. a fresh Streamlit session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def db(plan_db):
    """Read-only view of the plan the server was started from (the server uses a copy)."""
    con = duckdb.connect(str(plan_db), read_only=True)
    yield lambda query: con.execute(query).fetchone()[0]
    con.close()


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def wait_for_rerun(page: Page) -> None:
    """After an interaction: wait until Streamlit's script run is over and charts settled."""
    page.wait_for_selector(APP_DONE, state="attached", timeout=30_000)
    page.wait_for_timeout(300)


def sidebar_selectbox_choose(page: Page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has_text=label)
    box.get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_sidebar_navigation_offers_the_five_pages_by_their_url_paths(server, page):
    open_page(page, server + "/")
    links = page.locator('[data-testid="stSidebarNav"] a')
    found = [(urlparse(link.get_attribute("href")).path or "/", link.inner_text().split("\n")[-1])
             for link in links.all()]
    wanted = [("/", "Überblick"), ("/zeitplan", "Zeitplan"), ("/werkzeuge", "Werkzeuge"),
              ("/budget", "Budget"), ("/indikatoren", "Indikatoren")]
    # in this order; further pages (e.g. for recording progress) may sit in between
    assert [link for link in found if link in wanted] == wanted
    # neither the glue package pages/_ui nor the admin pages (logged out) are offered
    assert not [link for link in found if "_ui" in link[0] or link[1] in ("Plan bearbeiten",
                                                                          "Änderungen")]


@pytest.mark.parametrize("path, title", PAGES, ids=[p.strip("/") or "ueberblick" for p, _ in PAGES])
def test_every_page_loads_without_exception_and_without_serious_axe_violations(server, page, path,
                                                                               title):
    open_page(page, server + path)
    if path in ("/zeitplan", "/budget"):  # let the charts draw before axe looks at them
        page.wait_for_selector(CHART)
    expect(page.locator("h1").first).to_have_text(title)
    assert_no_exception(page)
    assert serious_axe_violations(page) == []


def test_schedule_gantt_draws_a_bar_per_span_a_marker_per_milestone_and_german_months(
        server, page, db):
    open_page(page, server + "/zeitplan")
    expect_drawn_bars(page, db("SELECT count(*) FROM termin WHERE art = 'zeitraum'"))
    expect(page.locator(MARKERS)).to_have_count(db("SELECT count(*) FROM termin "
                                                    "WHERE art = 'meilenstein'"))
    first_chart = page.locator(".js-plotly-plot").first
    ticks = [t.text_content() for t in first_chart.locator(".xtick text").all()]
    # short German months, the year once under January ("Jan<br>2019": two lines)
    assert ticks[:3] == ["Jan2019", "Feb", "Mär"]
    assert "Dez" in ticks and sum("2019" in tick for tick in ticks) == 1
    assert first_chart.locator(".shapelayer path").count() >= 1  # the Stichtag line
    expect(first_chart.locator(".annotation-text").filter(has_text="Stichtag")).to_have_count(1)
    assert_no_exception(page)


def test_choosing_september_in_the_sidebar_redraws_the_gantt_and_writes_the_url(
        server, page, db):
    open_page(page, server + "/zeitplan")
    expect_drawn_bars(page, db("SELECT count(*) FROM termin WHERE art = 'zeitraum'"))
    sidebar_selectbox_choose(page, "Monat", "September 2019")
    page.wait_for_url("**monat=2019-09**")
    wait_for_rerun(page)
    september_bars = db(f"SELECT count(*) FROM termin WHERE art = 'zeitraum' AND {SEPTEMBER}")
    assert 0 < september_bars < db("SELECT count(*) FROM termin WHERE art = 'zeitraum'")
    expect_drawn_bars(page, september_bars)
    assert query_of(page)["monat"] == ["2019-09"]
    assert_no_exception(page)

    # the CSV download holds the same filtered measures
    with page.expect_download() as download:
        page.get_by_role("button", name="Tabelle als CSV herunterladen").click()
    assert download.value.suggested_filename == "zeitplan.csv"
    with open(download.value.path(), encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    assert lines[0].split(";")[:5] == ["massnahme_id", "Handlungsfeld", "Werkzeug", "Maßnahme",
                                       "Zeitraum"]
    assert len(lines) - 1 == db(f"SELECT count(DISTINCT massnahme_id) FROM termin "
                                f"WHERE {SEPTEMBER}")
    assert any("Durchführung und Erweiterung von Fallkonferenzen" in line for line in lines)
    assert not any("Kampagne zur geschlechtsoffenen Berufswahl" in line for line in lines)


def test_clicking_a_bar_in_the_gantt_shows_the_details_of_that_measure(server, page):
    open_page(page, server + "/zeitplan?handlungsfeld=Teilhabe%20in%20Dithmarschen")
    bar = page.locator(BARS).first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly needs the hover before the click
    hover = page.locator(".js-plotly-plot .hoverlayer .hovertext")
    expect(hover).to_have_count(1)
    hover_text = hover.locator("text").first.text_content()  # "<Maßnahme><Werkzeug>Termin: …"
    page.mouse.click(x, y)
    choice = page.get_by_role("combobox", name="Maßnahme (oder einen Balken im Diagramm "
                                               "anklicken)")
    expect(choice).to_have_value(re.compile("›"), timeout=15_000)  # "Werkzeug › Maßnahme"
    wait_for_rerun(page)
    tool, measure = choice.input_value().split(" › ", 1)
    assert hover_text.startswith(measure + tool)  # the clicked bar's measure is the one chosen
    expect(page.get_by_text("Handlungsfeld: Teilhabe in Dithmarschen")).to_have_count(1)
    assert_no_exception(page)


def test_a_bookmarked_link_with_month_13_shows_a_german_warning_and_the_whole_plan(
        server, page, db):
    open_page(page, server + "/zeitplan?monat=2019-13")
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("Der Filter „Monat“ aus der Adresse ist ungültig und wurde "
                                    "auf „alle“ zurückgesetzt.")
    assert_no_exception(page)
    assert "monat" not in query_of(page)
    expect_drawn_bars(page, db("SELECT count(*) FROM termin WHERE art = 'zeitraum'"))
    assert serious_axe_violations(page) == []


def test_markup_in_a_link_is_never_rendered_as_html(server, page):
    open_page(page, server + "/zeitplan?handlungsfeld=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
                             "&ort=%3Cb%3EHeide%3C%2Fb%3E")
    expect(page.locator('[data-testid="stAlertContentWarning"]')).to_have_count(2)
    assert page.locator("img[src='x'], [data-testid='stMain'] b:text('Heide')").count() == 0
    assert_no_exception(page)
    assert query_of(page) == {}


@pytest.mark.parametrize("path, key", [("/zeitplan", "massnahme_auswahl"),
                                       ("/fortschritt", "verlauf_auswahl")])
def test_a_measure_picker_with_nothing_chosen_says_so_in_german(server, page, path, key):
    """Streamlit's own placeholder for a selectbox without a value is "Choose an option"."""
    open_page(page, server + path)
    expect(page.locator(f".st-key-{key} input")).to_have_attribute("placeholder",
                                                                    "– bitte wählen –")


def test_a_deep_link_to_a_tool_opens_its_profile_and_an_unknown_one_warns(server, page):
    open_page(page, server + "/werkzeuge?werkzeug=3")
    expect(page.locator('[data-testid="stMain"] h2').first).to_have_text("Jugendberufsagentur")
    assert_no_exception(page)
    open_page(page, server + "/werkzeuge?werkzeug=999")
    expect(page.locator('[data-testid="stAlertContentWarning"]')).to_contain_text(
        "Das Werkzeug aus der Adresse gibt es nicht")
    expect(page.locator('[data-testid="stMain"] h2').first).to_have_text("Praxispool")
    assert query_of(page)["werkzeug"] == ["1"]
    assert_no_exception(page)


def test_a_bookmark_as_the_very_first_request_after_a_server_start_runs_the_whole_app(
        plan_db, tmp_path, browser):
    # Streamlit runs a deep-linked page the legacy pages/ way until dashboard.py has called
    # st.navigation once; the page must still get the sidebar filters from the URL.
    from tests.e2e.conftest import _streamlit_server

    (tmp_path / "secrets.toml").write_text("", encoding="utf-8")
    with _streamlit_server(plan_db, tmp_path) as base:
        fresh = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_page(fresh, base + "/zeitplan?monat=2019-09", settle_ms=1500)
        assert_no_exception(fresh)
        assert fresh.locator("h1").first.inner_text() == "Zeitplan"
        assert "Gefiltert: September 2019" in fresh.locator('[data-testid="stMain"]').inner_text()
        assert "monat=2019-09" in fresh.url
        fresh.close()
