"""Benchmark: building the Zeitplan's Gantt figures (one per Handlungsfeld) for the 2019 plan.

Run: python bench/bench_charts.py [--runs N]
Prints the median wall time of all Gantt figures of the unfiltered Zeitplan, in ms.
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

from werkstatt.outputs import charts  # noqa: E402
from werkstatt.store import connection  # noqa: E402
from werkstatt.store.importer import build_database  # noqa: E402
from werkstatt.views import queries, schedule, status  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "plan.duckdb"
        build_database(db)
        con = connection.connect(db, read_only=True)
        rows, year = queries.schedule(con), queries.plan_info(con)["jahr"]
        con.close()
    months = schedule.plan_monate(year, rows)
    states = status.massnahme_states(rows, date(2019, 6, 15), date(2019, 6, 1))
    rows = rows.merge(states[["massnahme_id", "ueberfaellig"]], on="massnahme_id", how="left")
    groups = [group for _, group in rows[rows["termin_id"].notna()].groupby(
        "handlungsfeld", sort=False)]
    times = []
    for _ in range(args.runs + 1):
        started = time.perf_counter()
        for group in groups:
            charts.gantt(group, months, date(2019, 6, 15), title="x")
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times[1:])
    print(f"charts.gantt, all fields of the 2019 plan: median {median:.1f} ms "
          f"over {args.runs} runs ({len(groups)} figures)")


if __name__ == "__main__":
    main()
