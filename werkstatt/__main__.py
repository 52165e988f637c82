"""Command line: python -m werkstatt init | import-log."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from werkstatt import store
from werkstatt.errors import WerkstattError
from werkstatt.importer import build_database


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="Datenbankdatei (Standard: $WERKSTATT_DB oder "
                             "data/werkstattplan.duckdb)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m werkstatt",
                                     description="Werkstattplan-Dashboard: Verwaltung der Datenbank")
    commands = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")
    init = commands.add_parser("init", help="Datenbank aus dem Werkstattplan-Dokument aufbauen")
    _db_argument(init)
    init.add_argument("--force", action="store_true",
                      help="vorhandene Datenbank ersetzen (vorher wird sie gesichert)")
    init.add_argument("--source", type=Path, default=None,
                      help="anderes Werkstattplan-Dokument (Standard: data/werkstattplan_2019.txt)")
    init.add_argument("--quiet", action="store_true", help="Importprotokoll nicht ausgeben")
    log = commands.add_parser("import-log", help="Importprotokoll ausgeben")
    _db_argument(log)
    args = parser.parse_args(argv)
    db = args.db or store.default_db_path()
    try:
        if args.command == "init":
            return _init(db, args.source, args.force, args.quiet)
        return _print_log(db)
    except WerkstattError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1


def _init(db: Path, source: Path | None, force: bool, quiet: bool) -> int:
    started = time.perf_counter()
    result = build_database(db, source, force=force)
    seconds = time.perf_counter() - started
    if result.backup:
        print(f"Sicherung der bisherigen Datenbank: {result.backup}")
    if not quiet:
        _print_log(db)
    plan = result.plan
    measures = sum(len(t.measures) for t in plan.tools)
    print(f"Datenbank {db} aufgebaut in {seconds:.2f} s: {len(plan.tools)} Werkzeuge, "
          f"{measures} Maßnahmen, {len(plan.contacts)} Kontakte, {len(plan.log)} Protokolleinträge.")
    return 0


def _print_log(db: Path) -> int:
    if not db.exists():
        print(f"Fehler: Die Datenbank {db} gibt es nicht. Erst „python -m werkstatt init“ "
              "ausführen.", file=sys.stderr)
        return 1
    con = store.connect(db, read_only=True)
    try:
        rows = con.execute(
            "SELECT l.zeile, l.bereich, w.name, l.meldung FROM import_log l "
            "LEFT JOIN werkzeug w ON w.id = l.werkzeug_id ORDER BY l.id").fetchall()
    finally:
        con.close()
    print(f"Importprotokoll ({len(rows)} Einträge)")
    for line, area, tool, message in rows:
        where = f"Zeile {line:>3}" if line else "         "
        print(f"{where}  {area:<12} {f'[{tool}] ' if tool else ''}{message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
