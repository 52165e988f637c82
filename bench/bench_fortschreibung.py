"""Benchmark: the Fortschreibung proposal at 100 times the 2019 plan (issue 19: a few seconds
at most), and the whole command (`fortschreiben --format csv`, start of Python included).

Run: python bench/bench_fortschreibung.py [--runs N] [--factor F]
Prints the medians of N runs: the view on a fresh PlanData (tables read by it, as the command
line does), on a PlanData already read (as the dashboard has it), the command, and applying it
(the new plan in one transaction, each run on a fresh copy of the file).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import build_synthetic, timed  # noqa: E402
from werkstatt.commands import fortschreiben  # noqa: E402
from werkstatt.store import connection  # noqa: E402
from werkstatt.views.fortschreibung import fortschreibung  # noqa: E402
from werkstatt.views.plan_data import PlanData  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--factor", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = build_synthetic(Path(tmp) / "plan.duckdb", args.factor)
        con = connection.connect(db, read_only=True)
        warm = PlanData.of(con)
        view = fortschreibung(warm, 2020)  # reads the tables once
        cold, hot = [], []
        for _ in range(args.runs):
            cold.append(timed(lambda: fortschreibung(PlanData.of(con), 2020)))
            hot.append(timed(lambda: fortschreibung(warm, 2020)))
        con.close()
        command = [sys.executable, "-m", "werkstatt", "fortschreiben", "--db", str(db),
                   "--nach", "2020", "--format", "csv"]
        cli = [timed(lambda: subprocess.run(command, cwd=ROOT, check=True,
                                            capture_output=True)) for _ in range(args.runs)]
        applied = []
        for run in range(args.runs):
            copy = Path(tmp) / f"kopie{run}.duckdb"
            shutil.copy(db, copy)
            writer = connection.connect(copy)
            proposal = fortschreibung(PlanData.of(writer), 2020)
            applied.append(timed(lambda w=writer, p=proposal: fortschreiben.apply(
                w, p, 1, user="bench")))
            writer.close()
    fresh, read, whole, apply = (statistics.median(x) for x in (cold, hot, cli, applied))
    print(f"Plan ×{args.factor} ({len(view.werkzeuge)} Werkzeuge, {len(view.massnahmen)} "
          f"Maßnahmen), Median von {args.runs}:")
    print(f"  Vorschlag, Tabellen neu gelesen: {fresh:7.0f} ms")
    print(f"  Vorschlag, Tabellen schon da:    {read:7.0f} ms")
    print(f"  fortschreiben --format csv:      {whole:7.0f} ms (mit Start von Python)")
    print(f"  Plan 2020 anlegen (--apply):     {apply:7.0f} ms "
          f"({len(proposal.uebergang.uebernommen)} Maßnahmen übernommen)")


if __name__ == "__main__":
    main()
