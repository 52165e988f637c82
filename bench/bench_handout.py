"""Benchmark: building the whole 2019 handout (unfiltered) as PDF, from reading the
database to the PDF bytes. Goal (issue 7): a few seconds at most.

Run: python bench/bench_handout.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkstatt.outputs import handout  # noqa: E402
from werkstatt.store import connection  # noqa: E402
from werkstatt.store.importer import build_database  # noqa: E402
from werkstatt.views import filters  # noqa: E402
from werkstatt.views.plan_data import PlanData  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "plan.duckdb"
        build_database(db)
        con = connection.connect(db, read_only=True)
        chosen = filters.Filters(stichtag=date(2019, 12, 31))
        handout.build_handout(PlanData.of(con), chosen)  # warm-up: imports, fonts
        times, size = [], 0
        for _ in range(args.runs):
            started = time.perf_counter()
            size = len(handout.build_handout(PlanData.of(con), chosen))  # reads anew
            times.append(time.perf_counter() - started)
        con.close()
    print(f"handout, whole 2019 plan: median {statistics.median(times):.2f} s over {args.runs} "
          f"runs ({size // 1024} KB)")


if __name__ == "__main__":
    main()
