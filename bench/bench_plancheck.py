"""Benchmark: the Plancheck at 100 times the 2019 plan (issue 17: under a second), beside a
bare reference in the same run: plain SQL reading the rows the check looks at (measures with
Termine and last status, Werkzeuge, contacts, indicators, budget items, import log) into
pandas, nothing computed.

Run: python bench/bench_plancheck.py [--runs N] [--factor F]
Prints the medians of N runs: the reference, the check on a fresh PlanData (tables read by the
check itself, as the command line does) and on a PlanData already read (as the dashboard has
it), and the ratios to the reference.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import build_synthetic, timed  # noqa: E402
from werkstatt.store import connection  # noqa: E402
from werkstatt.views.filters import Filters  # noqa: E402
from werkstatt.views.plan_data import PlanData  # noqa: E402
from werkstatt.views.plancheck import plancheck  # noqa: E402

BARE = [
    """SELECT m.id, m.werkzeug_id, m.titel, t.beginn, t.ende, f.status, f.erfasst_am
       FROM massnahme m LEFT JOIN termin t ON t.massnahme_id = m.id
       LEFT JOIN (SELECT * FROM fortschritt QUALIFY row_number() OVER (
                  PARTITION BY massnahme_id ORDER BY version DESC) = 1) f
              ON f.massnahme_id = m.id WHERE m.entfernt_am IS NULL""",
    "SELECT * FROM werkzeug", "SELECT * FROM werkzeug_kontakt", "SELECT * FROM indikator",
    "SELECT * FROM budget_posten", "SELECT * FROM import_log", "SELECT * FROM ziel",
    "SELECT * FROM ziel_werkzeug"]
STICHTAG = Filters(stichtag=date(2019, 12, 31))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--factor", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = build_synthetic(Path(tmp) / "plan.duckdb", args.factor)
        con = connection.connect(db, read_only=True)
        warm = PlanData.of(con)
        found = plancheck(warm, STICHTAG)  # reads the tables once
        bare, cold, hot = [], [], []
        for _ in range(args.runs):  # taking turns: the machine's load falls on all alike
            bare.append(timed(lambda: [con.execute(sql).df() for sql in BARE]))
            cold.append(timed(lambda: plancheck(PlanData.of(con), STICHTAG)))
            hot.append(timed(lambda: plancheck(warm, STICHTAG)))
        con.close()
    werkzeuge = len(warm.werkzeuge)
    reference, fresh, read = (statistics.median(x) for x in (bare, cold, hot))
    print(f"Plan ×{args.factor} ({werkzeuge} Werkzeuge, {len(found.findings)} Befunde), "
          f"Median von {args.runs}:")
    print(f"  Referenz (nur SQL lesen):        {reference:7.0f} ms")
    print(f"  Plancheck, Tabellen neu gelesen: {fresh:7.0f} ms  ({fresh / reference:.1f}×)")
    print(f"  Plancheck, Tabellen schon da:    {read:7.0f} ms  ({read / reference:.1f}×)")


if __name__ == "__main__":
    main()
