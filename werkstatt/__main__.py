"""Command line: python -m werkstatt init | import-log | backup | restore | user add."""
from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path

import pandas as pd

from werkstatt import vocab
from werkstatt.commands import auth
from werkstatt.errors import WerkstattError
from werkstatt.store import backup, schema
from werkstatt.store.importer import build_database
from werkstatt.views import queries


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="Datenbankdatei (Standard: $WERKSTATT_DB oder "
                             "data/werkstattplan.duckdb)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m werkstatt",
                                     description="Werkstattplan-Dashboard: Verwaltung der "
                                                 "Datenbank")
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
    save = commands.add_parser("backup", help="Sicherung der Datenbank anlegen (EXPORT DATABASE)")
    _db_argument(save)
    save.add_argument("--ziel", type=Path, default=None,
                      help="Ordner der Sicherungen (Standard: backups/ neben der Datenbank)")
    save.add_argument("--behalten", type=int, default=backup.KEEP,
                      help=f"so viele neueste Sicherungen behalten (Standard {backup.KEEP})")
    back = commands.add_parser("restore", help="Datenbank aus einer Sicherung wiederherstellen")
    _db_argument(back)
    back.add_argument("sicherung", type=Path, nargs="?",
                      help="Ordner einer Sicherung (Standard: die neueste)")
    user = commands.add_parser("user", help="Benutzer verwalten")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="BEFEHL")
    add = user_commands.add_parser("add", help="Benutzer anlegen oder Passwort/Rolle ändern")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=vocab.USER_ROLES)
    add.add_argument("--secrets", type=Path, default=Path(".streamlit/secrets.toml"))
    add.add_argument("--password-stdin", action="store_true",
                     help="Passwort aus der Standardeingabe lesen statt nachzufragen")
    args = parser.parse_args(argv)
    db = args.db if getattr(args, "db", None) else schema.default_db_path()
    try:
        if args.command == "init":
            return _init(db, args.source, args.force, args.quiet)
        if args.command == "backup":
            target = backup.backup_file(db, args.ziel, args.behalten)
            print(f"Sicherung angelegt: {target}")
            return 0
        if args.command == "restore":
            return _restore(db, args.sicherung)
        if args.command == "user":
            return _add_user(args)
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
    measures = sum(len(t.massnahmen) for t in plan.werkzeuge)
    print(f"Datenbank {db} aufgebaut in {seconds:.2f} s: {len(plan.werkzeuge)} Werkzeuge, "
          f"{measures} Maßnahmen, {len(plan.kontakte)} Kontakte, "
          f"{len(plan.log)} Protokolleinträge.")
    return 0


def _restore(db: Path, source: Path | None) -> int:
    if source is None:
        found = backup.list_backups(backup.backup_root(db))
        if not found:
            print(f"Fehler: Keine Sicherung in {backup.backup_root(db)} gefunden.", file=sys.stderr)
            return 1
        source = found[-1]
    safety = backup.restore(db, source)
    if safety:
        print(f"Bisheriger Stand gesichert: {safety}")
    print(f"Datenbank {db} aus {source} wiederhergestellt.")
    return 0


def _add_user(args) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Passwort: ")
        if getpass.getpass("Passwort wiederholen: ") != password:
            print("Fehler: Die Passwörter stimmen nicht überein.", file=sys.stderr)
            return 1
    auth.add_user(args.secrets, args.name, args.role, password)
    print(f"Benutzer „{args.name}“ ({args.role}) in {args.secrets} eingetragen "
          "(nur der bcrypt-Hash ist gespeichert).")
    return 0


def _print_log(db: Path) -> int:
    if not db.exists():
        print(f"Fehler: Die Datenbank {db} gibt es nicht. Erst „python -m werkstatt init“ "
              "ausführen.", file=sys.stderr)
        return 1
    con = schema.connect(db, read_only=True)
    try:
        log = queries.import_log(con)
    finally:
        con.close()
    print(f"Importprotokoll ({len(log)} Einträge)")
    for line, area, tool, message in log[["zeile", "bereich", "werkzeug", "meldung"]].itertuples(
            index=False):
        where = f"Zeile {int(line):>3}" if pd.notna(line) else "         "
        tool = tool if isinstance(tool, str) else None
        print(f"{where}  {area:<12} {f'[{tool}] ' if tool else ''}{message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
