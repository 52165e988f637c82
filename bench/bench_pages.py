"""Benchmark: how long a filter change reruns each page (issue: < 100 ms at the 2019 plan's
size, < 250 ms at 100 times that size), beside an empty Streamlit page in the same run.

Run: python bench/bench_pages.py [--runs N] [--factor F]
Each figure is the median wall time of AppTest.run() after switching the Monat filter
(alternating two months), measured in-process with warm caches, like a rerun on a server.
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
EMPTY_PAGE = """
import streamlit as st
month = st.sidebar.selectbox("Monat", ["alle", "2019-03", "2019-09"], key="monat")
st.write(month)
"""


def time_reruns(at: AppTest, runs: int) -> float:
    months = ["2019-03", "2019-09"]
    at.selectbox(key="monat").select(months[1]).run()  # warm-up: caches, imports
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
                                            .run(), runs)}
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
        at.switch_page(f"pages/{page}").run()
        results[page] = time_reruns(at, runs)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--factor", type=int, default=100)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    real = work / "plan2019.duckdb"
    build_database(real)
    big = build_synthetic(work / f"plan_x{args.factor}.duckdb", args.factor)
    print(f"Median je Filterwechsel (Monat), {args.runs} Läufe, AppTest im Prozess")
    print(f"{'Seite':<18}{'Plan 2019':>12}{f'Plan x{args.factor}':>14}")
    small, large = measure(real, args.runs), measure(big, args.runs)
    for page in small:
        print(f"{page:<18}{small[page]:>9.0f} ms{large[page]:>11.0f} ms")


if __name__ == "__main__":
    main()
