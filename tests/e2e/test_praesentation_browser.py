"""The presentation in a real browser at projector sizes: no slide scrolls, the sidebar is out
of the way, clicker and arrow keys change `folie`, large type, axe on every slide, and the
handout download is a PDF. Screenshots of every slide land in a temp folder to look at."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import APP_DONE, assert_no_exception, open_page, serious_axe_violations
from tests.e2e.test_progress_browser import wait_until_done

SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const sidebar = document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect();
  const px = (els) => [...els].map(e => parseFloat(getComputedStyle(e).fontSize));
  return {page: [document.scrollingElement.scrollHeight, innerHeight],
          main: [main.scrollHeight, main.clientHeight],
          sidebarRight: sidebar.right,
          body: px(document.querySelectorAll('.st-key-folie p, .st-key-folie td')),
          ticks: px(document.querySelectorAll('.js-plotly-plot :is(.xtick, .ytick) text')),
          bars: px(document.querySelectorAll(
            '.js-plotly-plot :is(.textpoint text, .legendtext, .annotation-text)'))};
}"""


def slide_count(page: Page) -> int:
    text = page.get_by_text(re.compile(r"^Folie \d+ von \d+$")).inner_text()
    return int(text.rsplit(" ", 1)[1])


def settled(page: Page) -> dict:
    """The measurements once the slide stopped changing (a chart sizes itself after load)."""
    if page.locator(".st-key-folie [data-testid='stPlotlyChart']").count():
        page.wait_for_selector(".js-plotly-plot .xtick text", timeout=30_000)
    previous = None
    for _ in range(20):
        page.wait_for_timeout(250)
        current = page.evaluate(MEASURE)
        if current == previous:
            return current
        previous = current
    return current


def folie(page: Page) -> str:
    match = re.search(r"[?&]folie=(\d+)", page.url)
    return match.group(1) if match else ""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_slide_scrolls_the_sidebar_is_collapsed_and_the_type_is_large(server, browser, size,
                                                                          tmp_path_factory):
    shots = tmp_path_factory.mktemp(f"folien-{size[0]}x{size[1]}")
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="de-DE")
    page = context.new_page()
    try:
        open_page(page, server + "/praesentation?monat=2019-09")
        count = slide_count(page)
        assert count >= 10
        charts = 0
        for number in range(1, count + 1):
            open_page(page, f"{server}/praesentation?monat=2019-09&folie={number}")
            assert_no_exception(page)
            m = settled(page)
            page.screenshot(path=shots / f"folie-{number:02d}.png")
            assert m["page"][0] <= m["page"][1], (number, m)
            assert m["main"][0] <= m["main"][1], (number, m)
            assert m["sidebarRight"] <= 0, (number, m)  # collapsed, nothing of it on screen
            assert m["body"] and min(m["body"]) >= 20, (number, m["body"])
            if m["ticks"]:
                charts += 1
                assert min(m["ticks"]) >= 16 and min(m["bars"]) >= 16, (number, m)
        assert charts >= 3
        print(f"screenshots: {shots}")
    finally:
        context.close()


def test_every_slide_has_no_serious_or_critical_axe_violation(server, browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="de-DE")
    page = context.new_page()
    try:
        open_page(page, server + "/praesentation")
        for number in range(1, slide_count(page) + 1):
            open_page(page, f"{server}/praesentation?folie={number}")
            settled(page)
            assert serious_axe_violations(page) == [], number
    finally:
        context.close()


def press(page: Page, key: str) -> str:
    wait_until_done(page)  # a key pressed during a run (the page's first runs) can be lost
    before = page.url
    page.keyboard.press(key)
    page.wait_for_function("url => location.href !== url", arg=before, timeout=15_000)
    page.wait_for_selector(APP_DONE, state="attached", timeout=30_000)
    return folie(page)


def test_clicker_keys_and_arrow_keys_change_the_folie_in_the_url(server, browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="de-DE")
    page = context.new_page()
    try:
        open_page(page, server + "/praesentation?folie=3&monat=2019-09")
        assert press(page, "PageDown") == "4"
        assert press(page, "PageDown") == "5"
        assert press(page, "PageUp") == "4"
        assert press(page, "ArrowRight") == "5"
        assert press(page, "ArrowLeft") == "4"
        assert "monat=2019-09" in page.url  # the meeting's filters stay
        page.get_by_text("Folie 4 von").wait_for()
        page.get_by_role("button", name=re.compile("^Weiter")).first.click()
        page.get_by_text("Folie 5 von").wait_for()
        assert folie(page) == "5"
    finally:
        context.close()


def test_the_handout_download_is_a_pdf_of_the_filtered_view(server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="de-DE",
                                  accept_downloads=True)
    page = context.new_page()
    try:
        open_page(page, server + "/praesentation?monat=2019-09")
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="Handout (PDF)").click()
        target = tmp_path / "handout.pdf"
        info.value.save_as(target)
        assert info.value.suggested_filename.endswith(".pdf")
        assert target.read_bytes()[:5] == b"%PDF-"
        assert_no_exception(page)
    finally:
        context.close()


@pytest.mark.parametrize("label, start", [("Diagramm als SVG", b"<svg"),
                                          ("Diagramm als PNG (16:9)", b"\x89PNG")])
def test_the_budget_chart_downloads_as_svg_and_png(server, browser, tmp_path, label, start):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE",
                                  accept_downloads=True)
    page = context.new_page()
    try:
        open_page(page, server + "/budget")
        with page.expect_download(timeout=90_000) as info:
            page.get_by_role("button", name=label).click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        assert target.name.startswith("budget.")
        assert target.read_bytes().lstrip()[:4] == start[:4]
        assert_no_exception(page)
    finally:
        context.close()
