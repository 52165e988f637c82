"""Benchmark: build the DuckDB file from the shipped document (issue: under 1 s).

Run: python bench/bench_import.py [--runs N]
Prints median, min and max wall time of build_database over N fresh files.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from werkstatt.store.importer import build_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    build_database(Path(tempfile.mkdtemp()) / "warmup.duckdb")  # imports, first connection
    times = []
    for _ in range(args.runs):
        target = Path(tempfile.mkdtemp()) / "plan.duckdb"
        started = time.perf_counter()
        build_database(target)
        times.append(time.perf_counter() - started)
    print(f"build_database (Dokument -> DuckDB), {args.runs} Läufe: "
          f"Median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "werkstatt", "init", "--db",
                    str(Path(tempfile.mkdtemp()) / "cli.duckdb"), "--quiet"], check=True,
                   capture_output=True, cwd=Path(__file__).resolve().parents[1])
    print(f"python -m werkstatt init (ganzer Prozess, mit Python-Start): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
