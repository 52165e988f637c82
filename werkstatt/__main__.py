"""Command line: python -m werkstatt init | import-log | backup | restore | user add | handout |
excel export | excel import | ical | stand anlegen | pruefen | bericht."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

from werkstatt import vocab
from werkstatt.commands import auth, excel_import
from werkstatt.errors import DatabaseBusyError, FilterValueError, StoreError, WerkstattError
from werkstatt.outputs import excel, ical
from werkstatt.store import backup, schema
from werkstatt.store.importer import build_database
from werkstatt.views import public, queries, selection
from werkstatt.views.filters import Filters, describe
from werkstatt.views.plan_data import PlanData

FILTER_ERROR = 2  # like argparse: the command line names something the plan does not have


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
    add_public_argument(parser)


def add_public_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--oeffentlich", action="store_true",
                        help="öffentliche Fassung: ohne Namen von Personen, Kommentare und "
                             "Benutzernamen (wie das Dashboard mit oeffentlich = true)")


def for_output(con, args: argparse.Namespace) -> PlanData:
    """The plan an output reads: with --oeffentlich the copy without person names."""
    return PlanData.of(public.public_copy(con) if getattr(args, "oeffentlich", False) else con)


def filters_from_arguments(args: argparse.Namespace, plan: PlanData) -> Filters:
    """The filters of add_filter_arguments checked against the plan; FilterValueError
    (German) for a value the plan does not know."""
    return selection.strict_filters(plan, **{name: getattr(args, name)
                                             for name in selection.FILTER_NAMES})


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
    _add_excel_and_ical(commands)
    _add_plan_over_time(commands)
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
        if args.command in ("excel", "ical"):
            return _excel_or_ical(db, args)
        if args.command in ("stand", "pruefen", "bericht"):
            return _plan_over_time(db, args)
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
        source = for_output(con, args)
        chosen = filters_from_arguments(args, source)
        pdf = handout.build_handout(source, chosen)
    finally:
        con.close()
    write_atomically(args.out, pdf)
    print(f"Handout {args.out} geschrieben ({len(pdf) // 1024} KB, "
          f"{time.perf_counter() - started:.1f} s). {describe(chosen)}")
    return 0


def _add_excel_and_ical(commands) -> None:
    sheet = commands.add_parser("excel", help="Fortschritt als Excel-Datei aus- und einlesen")
    sheet_commands = sheet.add_subparsers(dest="excel_command", required=True, metavar="BEFEHL")
    export = sheet_commands.add_parser("export", help="Excel-Datei zum Ausfüllen schreiben")
    _db_argument(export)
    export.add_argument("--out", type=Path, required=True, help="Zieldatei (.xlsx)")
    add_filter_arguments(export)
    read = sheet_commands.add_parser("import", help="ausgefüllte Excel-Datei einlesen "
                                                    "(ohne --apply nur anzeigen)")
    _db_argument(read)
    read.add_argument("datei", type=Path, help="die ausgefüllte .xlsx-Datei")
    read.add_argument("--user", required=True, help="wer die Änderungen einträgt")
    read.add_argument("--apply", action="store_true", help="Änderungen speichern")
    calendar = commands.add_parser("ical", help="Termine eines Kontakts als Kalenderdatei (.ics)")
    _db_argument(calendar)
    calendar.add_argument("--kontakt", required=True, help="Name wie im Plan")
    calendar.add_argument("--out", type=Path, required=True, help="Zieldatei (.ics)")
    add_public_argument(calendar)


def _excel_or_ical(db: Path, args) -> int:
    if not db.exists():
        raise StoreError(f"Die Datenbank {db} gibt es nicht. Erst „python -m werkstatt init“ "
                         "ausführen.")
    con = schema.connect(db)
    try:
        schema.migrate(con)
        if args.command == "excel" and args.excel_command == "import":
            return _excel_import(con, args)
        source = for_output(con, args)
        if args.command == "ical":
            data = ical.contact_calendar(source, args.kontakt)
        else:
            data = excel.export_workbook(source, filters_from_arguments(args, source))
    finally:
        con.close()
    write_atomically(args.out, data)
    print(f"Geschrieben: {args.out} ({len(data):,} Bytes)".replace(",", "."))
    return 0


def _add_plan_over_time(commands) -> None:
    """Issue 17: Stände, the Plancheck, the Sachstandsbericht."""
    stand = commands.add_parser("stand", help="Stände des Plans (eingefrorene Fassungen)")
    stand_commands = stand.add_subparsers(dest="stand_command", required=True, metavar="BEFEHL")
    create = stand_commands.add_parser("anlegen", help="den aktuellen Plan als Stand einfrieren")
    _db_argument(create)
    create.add_argument("--name", required=True, help="z. B. \"Sachstand Juni 2019\"")
    create.add_argument("--drucksache", default=None, help="Nummer der Drucksache (optional)")
    create.add_argument("--user", default=None, help="wer einfriert (Standard: Systembenutzer)")
    check = commands.add_parser("pruefen", help="Plancheck: Unvollständiges und Widersprüche")
    _db_argument(check)
    check.add_argument("--stichtag", help="Bezugstag (JJJJ-MM-TT; Standard: heute, begrenzt auf "
                                          "den Planzeitraum)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    report_parser = commands.add_parser("bericht", help="Sachstandsbericht als PDF oder DOCX")
    _db_argument(report_parser)
    report_parser.add_argument("--out", type=Path, required=True,
                               help="Zieldatei: bericht.pdf oder bericht.docx")
    report_parser.add_argument("--vergleich", default=None, metavar="beschluss|STAND",
                               help="verglichen mit dem Beschluss (Standard) oder einem Stand "
                                    "(seine Nummer)")
    add_filter_arguments(report_parser)


def _plan_over_time(db: Path, args: argparse.Namespace) -> int:
    from werkstatt.commands import staende
    from werkstatt.outputs import findings, report
    from werkstatt.views import baseline, bericht, plancheck

    if not db.exists():
        raise StoreError(f"Die Datenbank {db} gibt es nicht. Erst „python -m werkstatt init“ "
                         "ausführen.")
    if args.command == "bericht" and args.out.suffix.lower() not in report.FORMATS:
        raise FilterValueError(f"Die Zieldatei {args.out} muss auf .pdf oder .docx enden.")
    if args.command == "bericht" and not args.stichtag:
        raise FilterValueError("Bitte den Stichtag des Berichts angeben: --stichtag JJJJ-MM-TT.")
    con = schema.connect(db)
    try:
        schema.migrate(con)  # an older file gets its Beschluss first
        if args.command == "stand":
            user = args.user or getpass.getuser()
            stand_id = staende.create_stand(con, args.name, user=user, drucksache=args.drucksache)
            print(f"Stand „{' '.join(args.name.split())}“ eingefroren (Nummer {stand_id}, "
                  f"Benutzer {user}); im Zeitplan: ?vergleich={stand_id}")
            return 0
        if args.command == "pruefen":
            source = PlanData.of(con)
            chosen = selection.strict_filters(source, stichtag=args.stichtag)
            check = plancheck.plancheck(source, chosen)
            print(findings.as_json(check) if args.format == "json" else findings.as_text(check))
            return 0
        source = for_output(con, args)
        chosen = filters_from_arguments(args, source)
        content = bericht.sachstandsbericht(source, chosen,
                                            baseline.strict_baseline(source, args.vergleich))
        data = report.build(content, args.out.suffix.lower())
    finally:
        con.close()
    write_atomically(args.out, data)
    print(f"Sachstandsbericht {args.out} geschrieben ({len(data) // 1024} KB). "
          f"{content.termintreue.sentence}. {describe(chosen)}")
    return 0


def _excel_import(con, args) -> int:
    try:
        with open(args.datei, "rb") as handle:
            # one byte more than allowed is enough to refuse an oversized file
            data = handle.read(excel_import.MAX_UPLOAD_BYTES + 1)
    except OSError as exc:
        raise StoreError(f"Die Datei {args.datei} lässt sich nicht lesen: {exc.strerror}") \
            from None
    # like init, the command line runs with the rights of whoever holds the database file
    changes = excel_import.read_changes(con, data, may_change_termine=True)
    if not changes:
        print("Keine Änderungen in der Datei: nichts zu speichern.")
        return 0
    print(f"{len(changes)} Änderung(en):")
    for change in changes:
        print(f"- Blatt „{change.sheet}“, Zeile {change.row}: {change.describe()}")
    if not args.apply:
        print("Nichts gespeichert (zum Speichern mit --apply aufrufen).")
        return 0
    excel_import.apply_changes(con, changes, args.user)
    print(f"{len(changes)} Änderung(en) gespeichert (Quelle: {excel_import.SOURCE}, "
          f"Benutzer: {args.user}).")
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
