"""Benchmark: how long a filter change reruns each page, beside the bare reference page
(bench/bare_page.py: the same rows from DuckDB, one plotly Gantt per Handlungsfeld, a table)
and an empty page, measured in the same run; goal (issue 10): every page at most 2× the bare page,
at the 2019 plan's size and at 100 times that size.

Run: python bench/bench_pages.py [--runs N] [--factor F] [--pages zeitplan.py ...]
Each figure is the median wall time of AppTest.run() after switching the Monat filter
(alternating two months, both visited once before: warm caches), measured in-process,
like a rerun on a server. Pages with forms are measured once more with a logged-in user
(LOGGED_IN), whose run draws the forms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bcrypt  # noqa: E402
import streamlit.testing.v1.app_test as app_test  # noqa: E402
import streamlit.testing.v1.local_script_runner as local_script_runner  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import tests.conftest  # noqa: E402,F401  (AppTest fix for the pages/ folder)
from bench.synthetic import build_synthetic  # noqa: E402
from werkstatt.store.importer import build_database  # noqa: E402

# A server compiles each script once (its ScriptCache lives as long as the server); AppTest
# makes a new cache, i.e. compiles the entry script and the page again, on every run.
_SCRIPTS = ScriptCache()
local_script_runner.ScriptCache = lambda: _SCRIPTS  # type: ignore[misc]  (entry script)
app_test.ScriptCache = lambda: _SCRIPTS  # type: ignore[misc]  (pages run by st.navigation)

PAGES = ["ueberblick.py", "zeitplan.py", "fortschritt.py", "werkzeuge.py", "budget.py",
         "indikatoren.py"]
# pages that draw forms for a logged-in user: measured once more as a bearbeiter/admin
LOGGED_IN = {"fortschritt.py": "bearbeiter", "indikatoren.py": "admin"}
PASSWORD = "bench-passwort"
BARE_PAGE = ROOT / "bench" / "bare_page.py"
EMPTY_PAGE = """
import streamlit as st
month = st.sidebar.selectbox("Monat", ["alle", "2019-03", "2019-09"], key="monat")
st.write(month)
"""


BARE = "(Referenzseite)"


MONTHS = ["2019-03", "2019-09"]


def rerun_ms(at: AppTest, month: str) -> float:
    box = at.selectbox(key="monat")  # the pages' options are months, the empty page's text
    value = month if month in box.options else date.fromisoformat(month + "-01")
    started = time.perf_counter()
    box.select(value).run()
    elapsed = time.perf_counter() - started
    assert not at.exception, at.exception
    return elapsed * 1000


def measure(db: Path, runs: int, pages: list[str]) -> dict[str, float]:
    """Median rerun per page; the pages take turns within each round, so the load of this
    shared machine falls on all of them alike and the ratios stay comparable."""
    os.environ["WERKSTATT_DB"] = str(db)
    apps = {"(leere Seite)": AppTest.from_string(EMPTY_PAGE, default_timeout=60).run(),
            BARE: AppTest.from_file(str(BARE_PAGE), default_timeout=120).run()}
    users = {role: {"role": role, "password_hash": bcrypt.hashpw(
        PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()} for role in LOGGED_IN.values()}
    for page in pages:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
        apps[page] = at.switch_page(f"pages/{page}").run()
        if page in LOGGED_IN:
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            at.secrets["werkstatt_users"] = users
            at.run()
            at.text_input(key="login_name").input(LOGGED_IN[page])
            at.text_input(key="login_password").input(PASSWORD)
            next(b for b in at.button if b.label == "Anmelden").click().run()
            apps[f"{page} ({LOGGED_IN[page]})"] = at.switch_page(f"pages/{page}").run()
    for at in apps.values():  # warm-up: imports, and the caches of both months
        for month in MONTHS:
            rerun_ms(at, month)
    times: dict[str, list[float]] = {name: [] for name in apps}
    for index in range(runs):
        for name, at in apps.items():
            times[name].append(rerun_ms(at, MONTHS[index % 2]))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--pages", nargs="*", default=PAGES, choices=PAGES,
                        help="only these pages (the reference pages are always measured)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    real = work / "plan2019.duckdb"
    build_database(real)
    big = build_synthetic(work / f"plan_x{args.factor}.duckdb", args.factor)
    small, large = measure(real, args.runs, args.pages), measure(big, args.runs, args.pages)
    print(f"Median je Filterwechsel (Monat) / median per filter change, {args.runs} Läufe/runs, "
          "AppTest im Prozess; Verhältnis/ratio = Seite/Referenzseite (Ziel/goal <= 2)")
    print(f"{'Seite/page':<30}{'Plan 2019':>12}{'Verh.':>7}{f'Plan x{args.factor}':>14}"
          f"{'Verh.':>7}")
    for page in small:
        print(f"{page:<30}{small[page]:>9.0f} ms{small[page] / small[BARE]:>6.1f}×"
              f"{large[page]:>11.0f} ms{large[page] / large[BARE]:>6.1f}×")


if __name__ == "__main__":
    main()
