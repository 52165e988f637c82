"""Command line: python -m werkstatt init | import-log | backup | restore | user add | handout."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from werkstatt import dates, vocab
from werkstatt.commands import auth
from werkstatt.errors import DatabaseBusyError, FilterValueError, WerkstattError
from werkstatt.store import backup, schema
from werkstatt.store.importer import build_database
from werkstatt.views import filters as flt
from werkstatt.views import queries, schedule

FILTER_ERROR = 2  # exit status for a filter value the plan does not know


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="Datenbankdatei (Standard: $WERKSTATT_DB oder "
                             "data/werkstattplan.duckdb)")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The dashboard's shared filters as options (handout; exports take the same)."""
    parser.add_argument("--monat", help="nur Maßnahmen, deren Termin diesen Monat berührt "
                                        "(JJJJ-MM)")
    parser.add_argument("--kontakt", help="nur Werkzeuge dieses Kontakts (Name wie im Plan)")
    parser.add_argument("--handlungsfeld", help="nur dieses Handlungsfeld (oder Querschnitt)")
    parser.add_argument("--stichtag", help="Bezugstag für fällig/überfällig (JJJJ-MM-TT; "
                                           "Standard: heute, begrenzt auf den Planzeitraum)")


def filters_from_arguments(args: argparse.Namespace, con) -> flt.Filters:
    """The filters of add_filter_arguments checked against the plan in `con`;
    FilterValueError (German) for a value the plan does not know."""
    months = schedule.plan_monate(queries.plan_info(con)["jahr"], queries.schedule(con))
    choices = flt.Choices(monate=[dates.month_key(m) for m in months],
                          kontakte=list(queries.kontakte(con)["name"]),
                          handlungsfelder=list(queries.handlungsfelder(con)["name"]),
                          first_day=months[0], last_day=dates.month_end(months[-1]))
    values = {key: getattr(args, key) for key in ("monat", "kontakt", "handlungsfeld",
                                                  "stichtag")}
    return flt.from_values(values, choices, schedule.clamp_stichtag(date.today(), months))


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target and rename: never a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    add.add_argument("--kontakt", default=None, metavar="NAME",
                     help="Kontakt des Plans, der dieser Benutzer ist (für „Meine Maßnahmen“), "
                          "z. B. \"Niels Buck\"; wird gegen die Datenbank geprüft")
    _db_argument(add)
    handout = commands.add_parser("handout", help="Handout als PDF (A4 quer, barrierefrei)")
    _db_argument(handout)
    handout.add_argument("--out", type=Path, required=True, help="Zieldatei, z. B. handout.pdf")
    add_filter_arguments(handout)
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
            return _add_user(args, db)
        if args.command == "handout":
            return _handout(db, args)
        return _print_log(db)
    except FilterValueError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return FILTER_ERROR
    except WerkstattError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError) as exc:  # the last net: a German message, never a traceback
        print(f"Fehler: {schema.store_error(exc, db)}", file=sys.stderr)
        return 1


def _handout(db: Path, args: argparse.Namespace) -> int:
    from werkstatt.outputs import handout  # only this command needs it

    if not db.exists():
        print(f"Fehler: Die Datenbank {db} gibt es nicht. Erst „python -m werkstatt init“ "
              "ausführen.", file=sys.stderr)
        return 1
    started = time.perf_counter()
    con = schema.connect(db, read_only=True)
    try:
        chosen = filters_from_arguments(args, con)
        pdf = handout.build_handout(con, chosen)
    finally:
        con.close()
    write_atomically(args.out, pdf)
    print(f"Handout {args.out} geschrieben ({len(pdf) // 1024} KB, "
          f"{time.perf_counter() - started:.1f} s). {flt.describe(chosen)}")
    return 0


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


def _add_user(args, db: Path) -> int:
    kontakt = args.kontakt and _plan_contact(args.kontakt, db, explicit=args.db is not None)
    if args.password_stdin:
        password = auth.read_password(sys.stdin)
    else:
        password = getpass.getpass("Passwort: ")
        if getpass.getpass("Passwort wiederholen: ") != password:
            print("Fehler: Die Passwörter stimmen nicht überein.", file=sys.stderr)
            return 1
    auth.add_user(args.secrets, args.name, args.role, password, kontakt=kontakt)
    extra = f", Kontakt „{kontakt}“" if kontakt else ""
    print(f"Benutzer „{args.name}“ ({args.role}{extra}) in {args.secrets} eingetragen "
          "(nur der bcrypt-Hash ist gespeichert).")
    return 0


def _plan_contact(kontakt: str, db: Path, explicit: bool) -> str:
    """The contact as the plan spells it; checked against the database when one is named or
    the default one exists (else stored as typed, with a note)."""
    if not explicit and not db.exists():
        print(f"Hinweis: Keine Datenbank unter {db}; der Kontakt „{kontakt}“ wurde nicht "
              "geprüft.", file=sys.stderr)
        return kontakt
    con = _open_for_reading(db)
    try:
        known = [row[0] for row in con.execute("SELECT name FROM kontakt ORDER BY name").fetchall()]
    finally:
        con.close()
    return auth.check_contact(kontakt, known)


def _print_log(db: Path) -> int:
    con = _open_for_reading(db)
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


def _open_for_reading(db: Path):
    """The database, or while the dashboard holds it, its newest backup (the import log and
    the contacts change only with `init`, so a backup's are current unless an init came
    later)."""
    try:
        return schema.connect(db, read_only=True)
    except DatabaseBusyError as busy:
        newest = backup.newest_backup(backup.backup_root(db))
        if newest is None:
            raise DatabaseBusyError(f"{busy} Ersatzweise wird die neueste Sicherung gelesen, "
                                    f"aber in {backup.backup_root(db)} gibt es keine.") from busy
        print(f"Hinweis: Die Datenbank {db} wird gerade benutzt (läuft das Dashboard?); "
              f"gelesen wird die neueste Sicherung {newest.name} vom "
              f"{backup.made_at(newest):%d.%m.%Y %H:%M} Uhr.", file=sys.stderr)
        return backup.open_backup(newest)


if __name__ == "__main__":
    sys.exit(main())
