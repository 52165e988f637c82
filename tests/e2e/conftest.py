"""Real-browser tests: a `streamlit run dashboard.py` server plus Debian's chromium via Playwright.

Usage in a test: ``from tests.e2e.conftest import open_page, assert_no_exception,
serious_axe_violations``; ``def test_x(server, page): open_page(page, server + "/zeitplan")``.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import bcrypt
import duckdb
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect, sync_playwright

from tests.conftest import ROOT, copy_database
from werkstatt.views import worklist
from werkstatt.views.filters import ALL, Filters
from werkstatt.views.plan_data import PlanData
from werkstatt.vocab import USERS_SECTION

E2E_DIR = Path(__file__).resolve().parent
# Debian's package; `playwright install` would download, never use it
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
APP_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Playwright's 5 s default failed a save under CI load (two browsers, 2 shared cores): the
# run had not even started when the page was checked. A passing check returns at once.
expect.set_options(timeout=20_000)
_server_log: list[Path] = []  # shown in the terminal summary when the run fails
# the users of `server_with_users`: two admins for two-browser tests of admin forms, and a
# bearbeiter whose account is linked to a plan contact ("Meine Maßnahmen")
USERS = {"anna": "bearbeiter", "chef": "admin", "bert": "admin", "niels": "bearbeiter"}
KONTAKTE = {"niels": "Niels Buck"}
PASSWORD = "richtiges-passwort"  # every user's password there


def default_worklist(plan_db: Path, kontakt: str = ALL) -> worklist.Sections:
    """The Fortschritt sections as the page shows them with the default filters (Stichtag
    today, held within the plan), built by the page's own view."""
    con = duckdb.connect(str(plan_db), read_only=True)
    try:
        plan = PlanData.of(con)
        chosen = Filters(kontakt=kontakt, stichtag=plan.default_stichtag())
        return worklist.arbeitsliste(plan, chosen).sections
    finally:
        con.close()


def pytest_collection_modifyitems(config, items):
    # the hook sees the whole session's items: mark only those below tests/e2e
    for item in items:
        if Path(item.path).is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode().strip() == "ok"
    except OSError:
        return False


def write_secrets(path: Path, users: dict[str, str], password: str,
                   kontakte: dict[str, str] | None = None) -> Path:
    """A secrets.toml with the given users (name -> role), all with one password, and the
    plan contact of some (name -> kontakt); bcrypt with 4 rounds keeps the login fast (the
    app checks any cost the hash names)."""
    lines = []
    for name, role in users.items():
        hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
        lines += [f"[{USERS_SECTION}.{name}]", f'role = "{role}"',
                  f'password_hash = "{hashed}"']
        if kontakt := (kontakte or {}).get(name):
            lines.append(f'kontakt = "{kontakt}"')
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@contextmanager
def streamlit_process(script: str, db: Path, workdir: Path) -> Iterator[tuple[str, int]]:
    """Run `streamlit run script` on a free port with the database `db` and the secrets file
    `workdir/secrets.toml` (passed as `--secrets.files`: Streamlit then reads neither the
    repository's `.streamlit/secrets.toml` nor `~/.streamlit/`); yield (base URL, pid), stop
    the server (and anything it started) afterwards. Also used by bench/bench_browser.py."""
    secrets = workdir / "secrets.toml"
    log_path = workdir / "streamlit.log"
    _server_log.append(log_path)
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--secrets.files", str(secrets)]
    with open(log_path, "wb") as log:  # a file, not a PIPE: a full pipe would block the server
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "WERKSTATT_DB": str(db)},
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(base + "/_stcore/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Streamlit server did not start (exit code {proc.poll()}):\n"
                                   + log_path.read_text(errors="replace"))
            time.sleep(0.2)
        yield base, proc.pid
    finally:
        # own session => own process group: also ends anything the server started
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextmanager
def _streamlit_server(plan_db: Path, workdir: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` with its own copy of the plan database; yield the base URL.
    The caller writes `workdir/secrets.toml`."""
    with streamlit_process("dashboard.py", copy_database(plan_db, workdir), workdir) as (base, _):
        yield base


@pytest.fixture(scope="session")
def server(plan_db, tmp_path_factory):
    """Base URL of a headless Streamlit server without users (an empty secrets file): what a
    visitor sees. Its own database copy."""
    workdir = tmp_path_factory.mktemp("server")
    (workdir / "secrets.toml").write_text("", encoding="utf-8")
    with _streamlit_server(plan_db, workdir) as base:
        yield base


@pytest.fixture(scope="session")
def server_with_users(plan_db, tmp_path_factory):
    """Base URL of a second server whose secrets name the users of USERS (password PASSWORD,
    contacts KONTAKTE).
    Its own database copy: what tests save there never reaches `server`."""
    workdir = tmp_path_factory.mktemp("server_with_users")
    write_secrets(workdir / "secrets.toml", USERS, PASSWORD, KONTAKTE)
    with _streamlit_server(plan_db, workdir) as base:
        yield base


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if exitstatus != 0:
        for path in _server_log:
            if path.exists():
                terminalreporter.section(f"Streamlit server output ({path})")
                terminalreporter.write(path.read_text(errors="replace")[-8000:])


@pytest.fixture(scope="session")
def browser():
    # fail, never skip: a skipped browser test proves nothing
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(f"{CHROMIUM} missing: run `apt-get install -y chromium` (see .ci/run)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def open_page(page: Page, url: str, settle_ms: int = 300) -> Page:
    """Go to url and wait until Streamlit's script run is over (plus a settle for late charts)."""
    page.goto(url)
    page.wait_for_selector(APP_DONE, state="attached", timeout=30_000)
    page.wait_for_timeout(settle_ms)
    return page


def assert_no_exception(page: Page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.all_inner_texts()


def serious_axe_violations(page: Page, max_targets: int = 3) -> list[dict]:
    """axe-core violations with impact serious or critical: rule id, help text, first targets."""
    results = Axe().run(page)  # injects the axe.min.js bundled with axe-playwright-python
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"][:max_targets]]}
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def click_after_typing(button: Locator) -> None:
    """Click a form's button right after typing into one of its fields. The field loses its
    focus first: on blur Streamlit hides the field's "Press Enter to submit" hint, and that
    layout change between mouse down and up lost the click now and then under load."""
    button.page.evaluate("() => document.activeElement?.blur()")
    button.page.wait_for_timeout(200)
    button.click()


def submit_login(page: Page, name: str, password: str) -> None:
    """Fill the sidebar login form and press "Anmelden" (the caller waits for the outcome:
    "Angemeldet: …" or an error in the sidebar)."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("Benutzername", exact=True).fill(name)
    sidebar.get_by_label("Passwort", exact=True).fill(password)
    sidebar.get_by_role("button", name="Anmelden", exact=True).click()


def login(page: Page, name: str, password: str = PASSWORD) -> None:
    """Log in through the sidebar and wait until the sidebar says so. On the servers of this
    file (`dashboard.py`) the login holds in this Streamlit session only: a reload or page.goto
    is a new session, logged out (`server.py` keeps it by a cookie: test_daily_use_browser)."""
    submit_login(page, name, password)
    page.locator('[data-testid="stSidebar"]').get_by_text(f"Angemeldet: {name}").wait_for(
        timeout=30_000)
    page.wait_for_selector(APP_DONE, state="attached", timeout=30_000)
