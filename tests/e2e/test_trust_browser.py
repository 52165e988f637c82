"""In a real browser: a broken secrets file closes the dashboard, the public mode shows no
person's name, quotes in Gantt labels and hover texts show as quotes, the Sicherung page.
Screenshots go to /tmp/screens (1920×1080 and 1024×768)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_database, person_names_in_plan
from tests.e2e.conftest import (
    APP_DONE,
    USERS,
    _streamlit_server,
    assert_no_exception,
    login,
    open_page,
)

SHOTS = Path("/tmp/screens")
SIZES = [(1920, 1080), (1024, 768)]
QUOTED = 'Workshop "Zukunft" & <Dorf>'


def person_names(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return person_names_in_plan(con)
    finally:
        con.close()


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"), full_page=False)


@pytest.fixture(scope="module")
def broken_server(plan_db, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("broken_secrets")
    (workdir / "secrets.toml").write_text(
        '[werkstatt]\nanmeldung_zum_lesen = true\n[[[ kaputt\n', encoding="utf-8")
    with _streamlit_server(plan_db, workdir) as base:
        yield base


@pytest.fixture(scope="module")
def public_server(plan_db, tmp_path_factory):
    """oeffentlich = true, and a measure title with quotes, & and <> for the Gantt check."""
    source = copy_database(plan_db, tmp_path_factory.mktemp("public_source"))
    con = duckdb.connect(str(source))
    (mid,) = con.execute("SELECT min(massnahme_id) FROM termin").fetchone()
    con.execute("UPDATE massnahme SET titel = ? WHERE id = ?", [QUOTED, mid])
    (tool,) = con.execute("SELECT werkzeug_id FROM massnahme WHERE id = ?", [mid]).fetchone()
    con.close()
    workdir = tmp_path_factory.mktemp("public")
    (workdir / "secrets.toml").write_text("[werkstatt]\noeffentlich = true\n", encoding="utf-8")
    with _streamlit_server(source, workdir) as base:
        yield base, source, tool


@pytest.mark.parametrize("path", ["/", "/zeitplan", "/werkzeuge?werkzeug=1", "/aenderungen"])
def test_a_broken_secrets_file_shows_the_german_message_and_no_plan_data(broken_server, page,
                                                                        path):
    open_page(page, broken_server + path)
    body = page.inner_text("body")
    assert "Die Einstellungen (secrets.toml) sind fehlerhaft" in body
    assert_no_exception(page)
    for plan_text in ("Praxispool", "Handlungsfeld", "Maßnahme", "Stabsstelle"):
        assert plan_text not in body, (path, plan_text)
    assert page.locator('[data-testid="stDataFrame"], .js-plotly-plot').count() == 0
    if path == "/":
        shoot(page, "secrets-kaputt")


@pytest.mark.parametrize("path", ["/werkzeuge?werkzeug=2", "/zeitplan", "/fortschritt"])
def test_the_public_mode_shows_no_person_name_in_the_browser(public_server, page, path):
    base, db, _ = public_server
    open_page(page, base + path, settle_ms=1500)
    assert_no_exception(page)
    body = page.inner_text("body")
    if path.startswith("/werkzeuge"):  # the units stay (other pages show them in canvas grids)
        assert "Stabsstelle" in body
    leaked = [n for n in person_names(db) if n.casefold() in body.casefold()]
    assert not leaked, (path, leaked)
    assert "Anmelden" not in body and "Passwort" not in body
    if path.startswith("/werkzeuge"):
        shoot(page, "oeffentlich-werkzeuge")


def test_quotes_in_gantt_labels_and_hover_texts_show_as_quotes(public_server, page):
    base, _, tool = public_server
    open_page(page, f"{base}/werkzeuge?werkzeug={tool}", settle_ms=1500)
    chart = page.locator(".js-plotly-plot").first
    labels = chart.locator(".yaxislayer-above, .yaxislayer-below").first.text_content() or ""
    labels += chart.locator("g.ytick").all_text_contents().__str__()
    assert '"Zukunft"' in labels and "&quot;" not in labels and "<Dorf>" in labels
    bars = chart.locator(".trace.bars path, .trace.scatter path.point")
    hover = ""
    for index in range(bars.count()):
        bars.nth(index).hover(force=True)
        page.wait_for_timeout(300)
        hover = page.locator(".hoverlayer").text_content() or ""
        if "Zukunft" in hover:
            break
    assert '"Zukunft"' in hover and "&quot;" not in hover and "&amp;" not in hover, hover


def test_the_backup_page_backs_up_in_the_browser(server_with_users, page):
    admin = next(name for name, role in USERS.items() if role == "admin")
    open_page(page, server_with_users)
    login(page, admin)
    page.get_by_role("link", name="Sicherung").click()
    page.wait_for_selector(APP_DONE, state="attached", timeout=30_000)
    page.get_by_role("button", name="Sicherung jetzt").click()
    page.get_by_text("erstellt (").wait_for(timeout=30_000)
    page.wait_for_selector(APP_DONE, state="attached", timeout=30_000)
    shoot(page, "sicherung")
    assert_no_exception(page)
    download_button = page.get_by_test_id("stDownloadButton")
    assert "Neueste Sicherung herunterladen (ZIP" in download_button.inner_text()
    with page.expect_download(timeout=90_000) as download:  # built on click: a script run
        download_button.locator("button").click()
    assert download.value.suggested_filename.startswith("sicherung-")


