"""Benchmark: record_status (issue: < 20 ms median) and the Fortschritt page rerun for a
logged-in user (issue: < 100 ms at the 2019 plan's size).

Run: python bench/bench_progress.py [--runs N]
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

import bcrypt  # noqa: E402
import duckdb  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import tests.conftest  # noqa: E402,F401  (AppTest fix for the pages/ folder)
from bench.bench_pages import time_reruns  # noqa: E402
from werkstatt.commands.progress import STATUSES, record_status, record_value  # noqa: E402
from werkstatt.store.importer import build_database  # noqa: E402


def median_ms(call, runs: int) -> float:
    times = []
    for index in range(runs):
        started = time.perf_counter()
        call(index)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp()) / "plan.duckdb"
    build_database(db)
    con = duckdb.connect(str(db))
    status_ms = median_ms(lambda i: record_status(con, 1 + i % 56, STATUSES[i % 5], user="bench",
                                                  comment="Benchmark"), args.runs)
    value_ms = median_ms(lambda i: record_value(con, 9, "2019-06-30", i, user="bench"), args.runs)
    con.close()
    print(f"record_status: Median {status_ms:.1f} ms über {args.runs} Aufrufe (Ziel < 20 ms)")
    print(f"record_value:  Median {value_ms:.1f} ms über {args.runs} Aufrufe")

    os.environ["WERKSTATT_DB"] = str(db)
    password = "bench-passwort"
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.secrets["werkstatt_users"] = {"bench": {"role": "bearbeiter", "password_hash": bcrypt.hashpw(
        password.encode(), bcrypt.gensalt(rounds=4)).decode()}}
    at.run()
    at.text_input(key="login_name").input("bench")
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "Anmelden").click().run()
    at.switch_page("pages/fortschritt.py").run()
    assert any((s.key or "").startswith("status_") for s in at.selectbox), "not logged in"
    page_ms = time_reruns(at, 15)
    print(f"Fortschritt (angemeldet, Arbeitsliste): Median {page_ms:.0f} ms je Filterwechsel "
          "(Ziel < 100 ms)")


if __name__ == "__main__":
    main()
