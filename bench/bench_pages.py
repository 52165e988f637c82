"""Benchmark: how long a filter change reruns each page, beside the bare reference page
(bench/bare_page.py: the same rows from DuckDB, one plotly Gantt per Handlungsfeld, a table)
and an empty page, measured in the same run; goal (issue 10): every page at most 2× the bare page,
at the 2019 plan's size and at 100 times that size.

Run: python bench/bench_pages.py [--runs N] [--factor F]
Each figure is the median wall time of AppTest.run() after switching the Monat filter
(alternating two months, both visited once before: warm caches), measured in-process,
like a rerun on a server.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

import tests.conftest  # noqa: E402,F401  (AppTest fix for the pages/ folder)
from bench.synthetic import build_synthetic  # noqa: E402
from werkstatt.store.importer import build_database  # noqa: E402

PAGES = ["ueberblick.py", "zeitplan.py", "fortschritt.py", "werkzeuge.py", "budget.py",
         "indikatoren.py"]
BARE_PAGE = ROOT / "bench" / "bare_page.py"
EMPTY_PAGE = """
import streamlit as st
month = st.sidebar.selectbox("Monat", ["alle", "2019-03", "2019-09"], key="monat")
st.write(month)
"""


BARE = "(Referenzseite)"


def time_reruns(at: AppTest, runs: int) -> float:
    months = ["2019-03", "2019-09"]
    for month in months:  # warm-up: imports, and the caches of both months
        at.selectbox(key="monat").select(month).run()
    times = []
    for index in range(runs):
        started = time.perf_counter()
        at.selectbox(key="monat").select(months[index % 2]).run()
        times.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    return statistics.median(times) * 1000


def measure(db: Path, runs: int) -> dict[str, float]:
    os.environ["WERKSTATT_DB"] = str(db)
    results = {"(leere Seite)": time_reruns(AppTest.from_string(EMPTY_PAGE, default_timeout=60)
                                            .run(), runs),
               BARE: time_reruns(AppTest.from_file(str(BARE_PAGE), default_timeout=120).run(),
                                 runs)}
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
        at.switch_page(f"pages/{page}").run()
        results[page] = time_reruns(at, runs)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--factor", type=int, default=100)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    real = work / "plan2019.duckdb"
    build_database(real)
    big = build_synthetic(work / f"plan_x{args.factor}.duckdb", args.factor)
    small, large = measure(real, args.runs), measure(big, args.runs)
    print(f"Median je Filterwechsel (Monat) / median per filter change, {args.runs} Läufe/runs, "
          "AppTest im Prozess; Verhältnis/ratio = Seite/Referenzseite (Ziel/goal <= 2)")
    print(f"{'Seite/page':<18}{'Plan 2019':>12}{'Verh.':>7}{f'Plan x{args.factor}':>14}"
          f"{'Verh.':>7}")
    for page in small:
        print(f"{page:<18}{small[page]:>9.0f} ms{small[page] / small[BARE]:>6.1f}×"
              f"{large[page]:>11.0f} ms{large[page] / large[BARE]:>6.1f}×")


if __name__ == "__main__":
    main()
