"""Indikatoren in a real browser: a bearbeiter uploads measured values, sees the preview, saves,
and the page shows the new Stand with its chart; axe on the page with the charts; screenshots
at the projector's 1024×768 and at 1920×1080 for people to look at.

A server of its own (its own database copy): the values saved here never reach the other
browser tests' servers."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import copy_database
from tests.e2e.conftest import (
    PASSWORD,
    USERS,
    assert_no_exception,
    login,
    open_page,
    serious_axe_violations,
    streamlit_process,
    write_secrets,
)
from tests.e2e.test_progress_browser import wait_until_done

SHOTS = Path(__file__).resolve().parent / "screenshots"
LAENDERABENDE = "Durchgeführte Länderabende"
VALUES = ("Indikator;Stichtag;Wert;Kommentar\n"
          f"{LAENDERABENDE};31.03.2019;2;erstes Quartal\n"
          f"{LAENDERABENDE};30.06.2019;5;\n"
          "Anbieter in der Praxispool-Datenbank;31.03.2019;40;\n"
          "Anbieter in der Praxispool-Datenbank;30.06.2019;55;Stand Datenbank\n")


@pytest.fixture(scope="module")
def indicator_server(plan_db, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("indicator_server")
    write_secrets(workdir / "secrets.toml", USERS, PASSWORD)
    with streamlit_process("dashboard.py", copy_database(plan_db, workdir), workdir) as (base, _):
        yield base


def indicator_box(page: Page, name: str):
    return page.locator('[data-testid="stVerticalBlock"]').filter(
        has=page.get_by_role("heading", name=name, exact=True)).last


def shoot(page: Page, name: str, target=None) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1024, 768), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)  # charts redraw at the new width
        if target is not None:
            target.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
        page.screenshot(path=SHOTS / f"{name}_{width}.png")
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_a_bearbeiter_uploads_values_and_the_page_shows_the_new_stand_with_its_chart(
        indicator_server, page, tmp_path):
    open_page(page, indicator_server + "/indikatoren?stichtag=2019-09-30")
    login(page, "anna")
    expect(indicator_box(page, LAENDERABENDE).get_by_text("○ kein Messwert")).to_be_visible()
    page.get_by_text("Messwerte aus einer Datei einlesen (CSV oder Excel)").click()
    source = tmp_path / "werte.csv"
    source.write_text(VALUES, encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(source)
    wait_until_done(page)
    expect(page.get_by_text("4 Messwerte in der Datei.")).to_be_visible()
    save = page.get_by_role("button", name="Messwerte übernehmen")
    shoot(page, "indikatoren_import_vorschau", save)
    save.click()
    wait_until_done(page)
    box = indicator_box(page, LAENDERABENDE)
    expect(box.get_by_text("☀ auf Kurs · Fortschritt 38 %", exact=False)).to_be_visible()
    expect(box.locator(".js-plotly-plot")).to_have_count(1)
    expect(box.locator(".js-plotly-plot .scatterlayer .trace")).to_have_count(4)
    assert_no_exception(page)
    trend = indicator_box(page, "Anbieter in der Praxispool-Datenbank")
    expect(trend.get_by_text("∿ nur Trend · zuletzt steigend", exact=False)).to_be_visible()

    # the page with its charts: no serious axe finding, and how it looks. Streamlit's toast
    # ("… gespeichert") is a dialog without a name (axe: aria-dialog-name): checked once gone
    expect(page.locator(".stToast")).to_have_count(0, timeout=20_000)
    assert serious_axe_violations(page) == []
    shoot(page, "indikatoren_oben", page.get_by_role("heading", name="Indikatoren", exact=True))
    shoot(page, "indikatoren_laenderabende", box.locator(".js-plotly-plot"))

    # the indicator's Werkzeug link opens the profile, which shows the same Stand
    box.get_by_role("link", name="Werkzeug: Länderabende im Kreis Dithmarschen").click()
    expect(page.locator("h1").first).to_have_text("Werkzeuge", timeout=30_000)
    wait_until_done(page)
    assert "werkzeug=" in page.url
    profile = page.locator('[data-testid="stTable"]').filter(has_text=LAENDERABENDE)
    expect(profile).to_contain_text("☀ auf Kurs")
    shoot(page, "werkzeug_indikatoren", profile)


def test_a_refused_upload_names_the_line_in_the_browser_and_saves_nothing(
        indicator_server, page, tmp_path):
    open_page(page, indicator_server + "/indikatoren")
    login(page, "anna")
    page.get_by_text("Messwerte aus einer Datei einlesen (CSV oder Excel)").click()
    source = tmp_path / "werte.csv"
    source.write_text("Indikator;Stichtag;Wert\nUnbekannt;31.03.2019;2\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(source)
    wait_until_done(page)
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("Zeile 2: den Indikator „Unbekannt“ gibt es nicht")
    expect(page.get_by_role("button", name="Messwerte übernehmen")).to_have_count(0)
    shoot(page, "indikatoren_import_abgelehnt", error)


def test_the_indicator_slides_show_each_fields_stand_without_scrolling(indicator_server, browser):
    # runs after the upload above: the slides show the Stand the values gave
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="de-DE")
    page = context.new_page()
    try:
        base = indicator_server + "/praesentation?stichtag=2019-09-30"
        open_page(page, base)
        count = int(page.get_by_text("Folie 1 von", exact=False).inner_text().rsplit(" ", 1)[1])
        titles, texts = [], []
        for number in range(count, 0, -1):  # the indicator slides close the deck
            open_page(page, f"{base}&folie={number}")
            title = page.locator("h1").first.inner_text()
            if not title.startswith("Indikatoren"):
                break
            titles.append(title)
            texts.append(page.locator(".st-key-folie").inner_text())
            main = page.evaluate("() => { const m = document.querySelector("
                                 "'[data-testid=\"stMain\"]'); "
                                 "return [m.scrollHeight, m.clientHeight]; }")
            assert main[0] <= main[1], (title, main)
            assert_no_exception(page)
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SHOTS / f"folie_indikatoren_{number}_1024.png")
        # one or more slides per field (numbered parts), no other indicator slide
        assert {title.split(" (")[0] for title in titles} == {
            "Indikatoren: Bildungskette mit Übergängen", "Indikatoren: Teilhabe in Dithmarschen"}
        assert any("☀ auf Kurs" in text and "Durchgeführte Länderabende" in text
                   for text in texts)
    finally:
        context.close()
