"""Benchmark in a real browser: a Monat change in the sidebar until the script is done and the
page painted, on each filtered page of the dashboard and on the bare reference page
(bench/bare_page.py), each script in its own `streamlit run` server; and the server's memory
(RSS, children included) after opening N Zeitplan tabs, or N tabs of the bare page
(issue 10: at most 2× the bare page, at the 2019 plan's size and 100 times that size).

Pages with forms (LOGGED_IN) are measured once more after logging in, in the same tab.

Run: python bench/bench_browser.py [--runs N] [--tabs N] [--factor F] [--pages zeitplan ...]
Prints a table; writes nothing into the repository (servers and databases live in a temp dir).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from bench.synthetic import build_synthetic  # noqa: E402
from tests.conftest import copy_database  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    APP_DONE,
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    login,
    streamlit_process,
    write_secrets,
)
from werkstatt.store.importer import build_database  # noqa: E402

DASHBOARD, BARE = "dashboard.py", "bench/bare_page.py"
# what the Monat selectbox shows for the two months the benchmark alternates between
MONTH_LABELS = {DASHBOARD: ["März 2019", "September 2019"], BARE: ["2019-03", "2019-09"]}
PAGES = ["ueberblick", "zeitplan", "fortschritt", "werkzeuge", "budget", "indikatoren"]
# pages that draw forms for a logged-in user: measured once more, logged in (as bench_pages)
LOGGED_IN = {"fortschritt": "bearbeiter", "indikatoren": "admin"}
MEMORY_PAGE = "zeitplan"  # the tabs opened for the memory figure
# Set on the first change of the script state after the click: "notRunning" before that is
# the old run. Any change counts (a fast run may be over before the observer is called).
WATCH_RUN = """() => { window.__sawRun = false;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => { window.__sawRun = true; }).observe(
    app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""
RUN_OVER = f"() => window.__sawRun && document.querySelector('{APP_DONE}') !== null"
PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@contextmanager
def streamlit_server(script: str, db: Path, workdir: Path) -> Iterator[tuple[str, int]]:
    """`streamlit run script` on a free port with the database `db` and a user per role of
    LOGGED_IN (named as the role): (base URL, pid)."""
    write_secrets(workdir / "secrets.toml", {role: role for role in LOGGED_IN.values()},
                   PASSWORD)
    with streamlit_process(script, db, workdir) as server:
        yield server


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found + [grandchild for child in found for grandchild in _children(child)]


def rss_mb(pid: int) -> float:
    """Resident memory (VmRSS) of the server and everything it started, in MB."""
    total_kb = 0
    for process in [pid, *_children(pid)]:
        for line in Path(f"/proc/{process}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1000


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(APP_DONE, state="attached", timeout=120_000)
    page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stSelectbox"]',
                           timeout=120_000)
    page.evaluate(PAINTED)


def choose_month(page: Page, label: str) -> float:
    """Pick `label` in the sidebar's Monat selectbox: seconds until the rerun is over and the
    page painted. A click the dropdown lost (seen now and then under load) is tried again."""
    for _attempt in range(3):
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
            has_text="Monat").first.click()
        option = page.get_by_role("option", name=label, exact=True)
        page.evaluate(WATCH_RUN)
        started = time.perf_counter()
        option.click()
        try:
            page.wait_for_function(RUN_OVER, timeout=30_000, polling="raf")
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        page.evaluate(PAINTED)
        return time.perf_counter() - started
    raise RuntimeError(f"Monat „{label}“: no rerun after three clicks")


def time_changes(page: Page, script: str, runs: int) -> float:
    labels = MONTH_LABELS[script]
    for label in labels:  # warm-up: both months once
        choose_month(page, label)
    times = [choose_month(page, labels[index % 2]) for index in range(runs)]
    return statistics.median(times) * 1000


def measure(browser, script: str, db: Path, workdir: Path, runs: int, tabs: int,
            pages: list[str]) -> dict:
    """{path: median ms} for each page of `script`, and the server's RSS after one and after
    `tabs` tabs of its memory page."""
    workdir.mkdir()
    # the Überblick is the default page: its address is the app's root
    paths = ["/"] if script == BARE else [
        "/" if name == "ueberblick" else f"/{name}" for name in pages]
    memory_path = "/" if script == BARE else f"/{MEMORY_PAGE}"
    with streamlit_server(script, copy_database(db, workdir), workdir) as (base, pid):
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
        result: dict = {}
        for path in paths:  # a tab per page: each starts where a user would
            page = context.new_page()
            open_app(page, base + path)
            result[path] = time_changes(page, script, runs)
            if role := LOGGED_IN.get(path.strip("/")) if script == DASHBOARD else None:
                login(page, role)  # the same tab, now with the forms
                choose_month(page, "alle Monate")  # time_changes starts with a change
                result[f"{path} ({role})"] = time_changes(page, script, runs)
            page.close()
        page = context.new_page()
        open_app(page, base + memory_path)
        result["rss1"] = rss_mb(pid)
        for _ in range(tabs - 1):  # each tab is its own Streamlit session
            open_app(context.new_page(), base + memory_path)
        time.sleep(2)
        result["rssN"] = rss_mb(pid)
        context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--tabs", type=int, default=5)
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--pages", nargs="*", default=PAGES, choices=PAGES)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_browser_"))
    try:
        build_database(work / "plan2019.duckdb")
        databases = {"Plan 2019": work / "plan2019.duckdb",
                     f"Plan x{args.factor}": build_synthetic(work / "plan_big.duckdb",
                                                             args.factor)}
        results = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size, db in databases.items():
                for script in (BARE, DASHBOARD):
                    results[size, script] = measure(browser, script, db,
                                                    work / f"{len(results)}", args.runs,
                                                    args.tabs, args.pages)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Browser: Monatswechsel bis Skript fertig und gezeichnet / month change until script "
          f"done and painted, Median von/of {args.runs}; Verhältnis/ratio = Seite/Referenzseite "
          f"(Ziel/goal <= 2)")
    print(f"{'Größe/size':<12}{'Seite/page':<26}{'ms':>8}{'Verh./ratio':>13}")
    for size in databases:
        bare = results[size, BARE]["/"]
        for script in (BARE, DASHBOARD):
            for path, ms in results[size, script].items():
                if path.startswith("/"):
                    name = "(Referenzseite)" if script == BARE else path[1:] or "ueberblick"
                    print(f"{size:<12}{name:<26}{ms:>8.0f}{ms / bare:>12.1f}×")
    print(f"RSS des Servers / server RSS nach/after 1 und/and {args.tabs} Tabs "
          f"({MEMORY_PAGE}; Referenzseite/bare page)")
    for (size, script), r in results.items():
        name = "(Referenzseite)" if script == BARE else MEMORY_PAGE
        print(f"{size:<12}{name:<26}{r['rss1']:>9.0f} MB{r['rssN']:>10.0f} MB")


if __name__ == "__main__":
    main()
