"""Command line: `python -m werkstatt BEFEHL …` (`--help` lists the commands).

Each command is one function taking the parsed arguments and returning the exit code, and
one line in COMMANDS at the end of this file with its help and options; a command of two
words ("excel export") is a subcommand. Every failure is a German message on stderr: exit 2
for a wrong call or a filter value the plan does not know, 1 for everything else.
"""
from __future__ import annotations

import argparse
import getpass
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import duckdb
import pandas as pd

from werkstatt import vocab
from werkstatt.commands import excel_import, messwerte_import, users
from werkstatt.errors import (
    DatabaseBusyError,
    FilterValueError,
    StoreError,
    ValidationError,
    WerkstattError,
)
from werkstatt.outputs import excel, ical, indicator_report
from werkstatt.store import backup, connection, destinations, files, plans, schema
from werkstatt.store.importer import add_plan, build_database
from werkstatt.store.reading import open_for_reading
from werkstatt.views import contacts, indicators, public, queries, selection
from werkstatt.views.filters import Filters, describe
from werkstatt.views.plan_data import PlanData

USAGE_ERROR = 2  # like argparse: the call names something the program or the plan does not have


# --- German argparse ---------------------------------------------------------------------------
class GermanHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes "" when it builds a subcommand's name: keep that
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class GermanParser(argparse.ArgumentParser):
    """argparse with German help and error texts; an error prints the command's usage and
    exits with 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.update(add_help=False, formatter_class=GermanHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="diese Hilfe zeigen und beenden")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"Fehler: {german(message)}\n"
                               f"Hilfe: {self.prog} --help\n")


_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"argument (BEFEHL): invalid choice: '(.*)' \(choose from (.*)\)"),
     lambda m: f"unbekannter Befehl „{m[2]}“ (möglich: {m[3].replace(chr(39), '')})"),
    (re.compile(r"argument (.+?): (.*)"), lambda m: f"{m[1]}: {german(m[2])}"),
    (re.compile(r"invalid choice: '(.*)' \(choose from (.*)\)"),
     lambda m: f"„{m[1]}“ ist nicht erlaubt (möglich: {m[2].replace(chr(39), '')})"),
    (re.compile(r"invalid (\w+) value: '(.*)'"), lambda m: f"„{m[2]}“ ist kein gültiger Wert"),
    (re.compile(r"the following arguments are required: (.*)"),
     lambda m: f"es fehlt die Angabe {m[1]}"),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"unbekannte Angabe {m[1]}"),
    (re.compile(r"expected one argument"), lambda m: "hier fehlt der Wert"),
    (re.compile(r"expected at most one argument"), lambda m: "höchstens ein Wert erlaubt"),
    (re.compile(r"expected at least one argument"), lambda m: "mindestens ein Wert nötig"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"),
     lambda m: f"„{m[1]}“ ist nicht eindeutig (passt zu {m[2]})"),
    (re.compile(r"one of the arguments (.*) is required"),
     lambda m: f"eine dieser Angaben ist nötig: {m[1]}"),
    (re.compile(r"not allowed with argument (.*)"), lambda m: f"nicht zusammen mit {m[1]}"),
]


def german(message: str) -> str:
    """argparse's English error text in German (an unknown one stays as it is)."""
    for pattern, say in _MESSAGES:
        if found := pattern.fullmatch(message):
            return say(found)
    return message


def whole_number(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine ganze Zahl (z. B. 10)")
    return int(text)


# --- options -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)


def option(*flags: str, **settings: Any) -> Option:
    return Option(flags, settings)


DB = option("--db", type=Path, default=None, metavar="PFAD",
            help="Datenbankdatei (Standard: $WERKSTATT_DB oder data/werkstattplan.duckdb)")
PUBLIC = option("--oeffentlich", action="store_true",
                help="öffentliche Fassung: ohne Namen von Personen, Kommentare und Benutzernamen "
                     "(wie das Dashboard mit oeffentlich = true)")
FORCE_OUTPUT = option("--force", action="store_true",
                      help="eine vorhandene Datei anderer Art ersetzen (nie die Datenbank, eine "
                           "Sicherung oder die Secrets-Datei)")
SECRETS = option("--secrets", type=Path, default=destinations.DEFAULT_SECRETS, metavar="DATEI",
                 help="Datei mit den Benutzern (Standard: .streamlit/secrets.toml)")
PLAN = option("--plan", type=whole_number, default=None, metavar="JAHR",
              help="der Plan dieses Jahres (Standard: der neueste der Datenbank)")
FILTERS = (
    PLAN,
    option("--monat", help="nur Maßnahmen, deren Termin diesen Monat berührt (JJJJ-MM)"),
    option("--kontakt", help="nur Werkzeuge dieses Kontakts (Name wie im Plan)"),
    option("--handlungsfeld", help="nur dieses Handlungsfeld (oder Querschnitt)"),
    option("--stichtag", help="Bezugstag für fällig/überfällig (JJJJ-MM-TT; Standard: heute, "
                              "begrenzt auf den Planzeitraum)"),
    PUBLIC)


def out(example: str) -> Option:
    return option("--out", type=Path, required=True, metavar="DATEI",
                  help=f"Zieldatei, z. B. {example}")


# --- shared steps --------------------------------------------------------------------------------
@contextmanager
def reading(args: argparse.Namespace) -> Iterator[duckdb.DuckDBPyConnection]:
    """The plan to read (never written; while the dashboard holds the file, its read copy
    or newest backup, with a note on stderr); with --oeffentlich the copy without names."""
    source = open_for_reading(args.db)
    if source.note:
        print(source.note, file=sys.stderr)
    try:
        if getattr(args, "oeffentlich", False):
            copy = public.public_copy(source.con)
            try:
                yield copy
            finally:
                copy.close()
        else:
            yield source.con
    finally:
        source.close()


@contextmanager
def busy_hint(hint: str) -> Iterator[None]:
    """A writing command while the dashboard holds the file: say what to do instead."""
    try:
        yield
    except DatabaseBusyError as busy:
        raise DatabaseBusyError(f"{busy} {hint}") from None


@contextmanager
def writing(args: argparse.Namespace, page: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """The database to write, migrated (an older file gets its new tables first); while the
    dashboard holds it, the German hint to do it on `page` instead."""
    with busy_hint(f"Solange das Dashboard läuft, {page}."):
        con = connection.connect(args.db)
    try:
        schema.migrate(con)
        yield con
    finally:
        con.close()


def chosen_plan(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> PlanData:
    """The plan --plan names (default: the newest); FilterValueError for a year without one."""
    return PlanData.of(con, plans.of_year(con, args.plan))


def filters_from_arguments(args: argparse.Namespace, plan: PlanData) -> Filters:
    """The filter options checked against the plan; FilterValueError (German) for a value
    the plan does not know."""
    return selection.strict_filters(plan, **{name: getattr(args, name)
                                             for name in selection.FILTER_NAMES})


def check_output(args: argparse.Namespace, kind: str) -> Path:
    """--out, if an output of `kind` may go there (see werkstatt.store.destinations)."""
    guard = destinations.protected(args.db, [args.secrets] if "secrets" in args else [])
    return destinations.check(args.out, kind, guard, force=args.force)


def write_output(args: argparse.Namespace, kind: str, data: bytes) -> None:
    target = check_output(args, kind)  # again: the file may have appeared meanwhile
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomically(target, data)
    except OSError as exc:
        raise connection.store_error(exc, target) from exc


def read_input_file(path: Path, limit: int) -> bytes:
    """An input file's bytes (one more than `limit`, enough to refuse an oversized file)."""
    if not path.is_file():
        what = "gibt es nicht" if not path.exists() else "ist keine gewöhnliche Datei"
        raise ValidationError(f"Die Datei {path} {what}; nichts gespeichert.")
    try:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except OSError:
        raise ValidationError(f"Die Datei {path} lässt sich nicht lesen (keine Leserechte?); "
                              "nichts gespeichert.") from None


# --- the commands --------------------------------------------------------------------------------
def run_init(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.hinzufuegen and args.force:
        raise FilterValueError("--hinzufuegen ergänzt die Datenbank, --force baut sie neu: "
                               "bitte nur eins von beiden angeben.")
    with busy_hint("Zum Neuaufbau das Dashboard erst beenden."):
        result = (add_plan(args.db, args.source) if args.hinzufuegen
                  else build_database(args.db, args.source, force=args.force))
    seconds = time.perf_counter() - started
    if result.backup:
        print(f"Sicherung der bisherigen Datenbank: {result.backup}")
    if not args.quiet:
        args.plan = result.plan.document.jahr
        run_import_log(args)
    plan = result.plan
    measures = sum(len(t.massnahmen) for t in plan.werkzeuge)
    done = (f"Plan {plan.document.jahr} zur Datenbank {args.db} hinzugefügt" if args.hinzufuegen
            else f"Datenbank {args.db} aufgebaut")
    print(f"{done} in {seconds:.2f} s: {len(plan.werkzeuge)} Werkzeuge, "
          f"{measures} Maßnahmen, {len(plan.kontakte)} Kontakte, "
          f"{len(plan.log)} Protokolleinträge.")
    return 0


def run_import_log(args: argparse.Namespace) -> int:
    with reading(args) as con:
        log = queries.import_log(con, plans.of_year(con, args.plan))
    print(f"Importprotokoll ({len(log)} Einträge)")
    for line, area, tool, message in log[["zeile", "bereich", "werkzeug", "meldung"]].itertuples(
            index=False):
        where = f"Zeile {int(line):>3}" if pd.notna(line) else "         "
        tool = tool if isinstance(tool, str) else None
        print(f"{where}  {area:<12} {f'[{tool}] ' if tool else ''}{message}")
    return 0


def run_backup(args: argparse.Namespace) -> int:
    with busy_hint("Solange das Dashboard läuft, sichert es selbst: Seite „Sicherung“, "
                   "„Sicherung jetzt“."):
        target = backup.backup_file(args.db, args.ziel, args.behalten)
    print(f"Sicherung angelegt: {target}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    source = args.sicherung
    if source is None:
        source = backup.newest_backup(backup.backup_root(args.db))
        if source is None:
            raise StoreError(f"Keine Sicherung in {backup.backup_root(args.db)} gefunden.")
    with busy_hint("Zum Wiederherstellen das Dashboard erst beenden, dann den Befehl "
                   "wiederholen."):
        safety = backup.restore(args.db, source)
    if safety:
        print(f"Bisheriger Stand gesichert: {safety}")
    print(f"Datenbank {args.db} aus {source} wiederhergestellt.")
    return 0


def run_user_add(args: argparse.Namespace) -> int:
    kontakt = args.kontakt and plan_contact(args)
    if args.password_stdin:
        password = users.read_password(getattr(sys.stdin, "buffer", sys.stdin))
    else:
        password = getpass.getpass("Passwort: ")
        if getpass.getpass("Passwort wiederholen: ") != password:
            raise ValidationError("Die Passwörter stimmen nicht überein.")
    users.add_user(args.secrets, args.name, args.role, password, kontakt=kontakt)
    extra = f", Kontakt „{kontakt}“" if kontakt else ""
    print(f"Benutzer „{args.name}“ ({args.role}{extra}) in {args.secrets} eingetragen "
          "(nur der bcrypt-Hash ist gespeichert).")
    return 0


def plan_contact(args: argparse.Namespace) -> str:
    """--kontakt as the plan spells it; checked against the database when one is named or the
    default one exists (else stored as typed, with a note)."""
    if not args.db_named and not args.db.exists():
        print(f"Hinweis: Keine Datenbank unter {args.db}; der Kontakt „{args.kontakt}“ wurde "
              "nicht geprüft.", file=sys.stderr)
        return args.kontakt
    with reading(args) as con:
        known = [row[0] for row in con.execute("SELECT name FROM kontakt ORDER BY name").fetchall()]
    return contacts.plan_spelling(args.kontakt, known)


def filtered_output(args: argparse.Namespace, kind: str,
                    build: Callable[[PlanData, Filters], bytes]) -> tuple[bytes, Filters, float]:
    """An output of the plan as filtered by the options: --out checked before anything is
    built, the plan only read, the file written atomically; (its bytes, the filters, seconds)."""
    check_output(args, kind)
    started = time.perf_counter()
    with reading(args) as con:
        plan = chosen_plan(args, con)
        chosen = filters_from_arguments(args, plan)
        data = build(plan, chosen)
    write_output(args, kind, data)
    return data, chosen, time.perf_counter() - started


def run_handout(args: argparse.Namespace) -> int:
    from werkstatt.outputs import handout  # only this command needs WeasyPrint

    pdf, chosen, seconds = filtered_output(args, ".pdf", handout.build_handout)
    print(f"Handout {args.out} geschrieben ({len(pdf) // 1024} KB, {seconds:.1f} s). "
          f"{describe(chosen)}")
    return 0


def run_praesentation(args: argparse.Namespace) -> int:
    from werkstatt.outputs import pptx  # only this command needs python-pptx and kaleido

    data, chosen, seconds = filtered_output(
        args, ".pptx", lambda plan, chosen: pptx.build(plan, chosen, args.folien))
    print(f"Präsentation {args.out} geschrieben ({len(data) // 1024} KB, {seconds:.1f} s). "
          f"{describe(chosen)}")
    return 0


def run_excel_export(args: argparse.Namespace) -> int:
    data, _, _ = filtered_output(args, ".xlsx", excel.export_workbook)
    print(f"Geschrieben: {args.out} ({len(data):,} Bytes)".replace(",", "."))
    return 0


def run_ical(args: argparse.Namespace) -> int:
    check_output(args, ".ics")
    with reading(args) as con:
        data = ical.contact_calendar(chosen_plan(args, con), args.kontakt)
    write_output(args, ".ics", data)
    print(f"Geschrieben: {args.out} ({len(data):,} Bytes)".replace(",", "."))
    return 0


def run_excel_import(args: argparse.Namespace) -> int:
    # like init, the command line runs with the rights of whoever holds the database file:
    # it may move months (the page allows that to admins only); --user is recorded
    user = users.existing_user(args.secrets, args.user)
    data = read_input_file(args.datei, excel_import.MAX_UPLOAD_BYTES)
    if not args.apply:
        with reading(args) as con:
            changes = excel_import.read_changes(con, data, may_change_termine=True,
                                                plan_id=plans.of_year(con, args.plan))
        show_changes(changes)
        if changes:
            print("Nichts gespeichert (zum Speichern mit --apply aufrufen).")
        return 0
    with writing(args, "die Datei bitte auf der Seite „Excel-Abgleich“ hochladen") as con:
        changes = excel_import.read_changes(con, data, may_change_termine=True,
                                            plan_id=plans.of_year(con, args.plan))
        show_changes(changes)
        if changes:
            excel_import.apply_changes(con, changes, user)
            print(f"{len(changes)} Änderung(en) gespeichert (Quelle: {excel_import.SOURCE}, "
                  f"Benutzer: {user}).")
    return 0


def run_indikatoren(args: argparse.Namespace) -> int:
    with reading(args) as con:
        plan = chosen_plan(args, con)
        view = indicators.indikatoren(plan, selection.strict_filters(plan,
                                                                     stichtag=args.stichtag))
    print(indicator_report.as_json(view) if args.format == "json"
          else indicator_report.as_text(view))
    return 0


def run_messwerte_import(args: argparse.Namespace) -> int:
    user = users.existing_user(args.secrets, args.user)
    data = read_input_file(args.datei, messwerte_import.MAX_UPLOAD_BYTES)
    if not args.apply:
        with reading(args) as con:
            show_values(messwerte_import.read_entries(con, data, args.datei.name,
                                                      plans.of_year(con, args.plan)), args.datei)
        print("Nichts gespeichert (zum Speichern mit --apply aufrufen).")
        return 0
    with writing(args, "die Datei bitte auf der Seite „Indikatoren“ hochladen") as con:
        entries = messwerte_import.read_entries(con, data, args.datei.name,
                                                plans.of_year(con, args.plan))
        show_values(entries, args.datei)
        messwerte_import.apply_entries(con, entries, user)
    print(f"{len(entries)} Messwert(e) gespeichert (Quelle: {messwerte_import.SOURCE}, "
          f"Benutzer: {user}).")
    return 0


def show_values(entries: list[messwerte_import.Entry], path: Path) -> None:
    print(f"{len(entries)} Messwert(e) in {path.name}:")
    for entry in entries:
        print(f"- {entry.describe()}")


def run_stand_anlegen(args: argparse.Namespace) -> int:
    from werkstatt.commands import staende

    user = args.user or getpass.getuser()
    # migrated first: an older file gets its Beschluss
    with writing(args, "den Stand bitte auf der Seite „Beschluss und Stände“ einfrieren") as con:
        stand_id = staende.create_stand(con, args.name, user=user, drucksache=args.drucksache,
                                        plan_id=plans.of_year(con, args.plan))
    print(f"Stand „{' '.join(args.name.split())}“ eingefroren (Nummer {stand_id}, Benutzer "
          f"{user}); im Zeitplan: ?vergleich={stand_id}")
    return 0


def run_pruefen(args: argparse.Namespace) -> int:
    from werkstatt.outputs import findings
    from werkstatt.views import plancheck

    with reading(args) as con:
        plan = chosen_plan(args, con)
        check = plancheck.plancheck(plan, selection.strict_filters(plan, stichtag=args.stichtag))
    print(findings.as_json(check) if args.format == "json" else findings.as_text(check))
    return 0


def run_bericht(args: argparse.Namespace) -> int:
    from werkstatt.outputs import report
    from werkstatt.views import baseline, bericht

    kind = args.out.suffix.lower()
    if kind not in report.FORMATS:
        raise FilterValueError(f"Die Zieldatei {args.out} muss auf .pdf oder .docx enden.")
    if not args.stichtag:
        raise FilterValueError("Bitte den Stichtag des Berichts angeben: --stichtag JJJJ-MM-TT.")
    contents = []  # the report's content, for the Termintreue in the message

    def build(plan: PlanData, chosen: Filters) -> bytes:
        contents.append(bericht.sachstandsbericht(
            plan, chosen, baseline.strict_baseline(plan, args.vergleich)))
        return report.build(contents[0], kind)

    data, chosen, _ = filtered_output(args, kind, build)
    print(f"Sachstandsbericht {args.out} geschrieben ({len(data) // 1024} KB). "
          f"{contents[0].termintreue.sentence}. {describe(chosen)}")
    return 0


def run_fortschreiben(args: argparse.Namespace) -> int:
    from werkstatt.commands import decisions
    from werkstatt.outputs import fortschreibung as rendered
    from werkstatt.views import fortschreibung

    data = (read_input_file(args.entscheidungen, decisions.MAX_UPLOAD_BYTES)
            if args.entscheidungen else None)

    def proposal(con: duckdb.DuckDBPyConnection) -> tuple[int, fortschreibung.Fortschreibung]:
        plan = PlanData.of(con, plans.of_year(con, args.von))
        try:
            fortschreibung.check_target_year(int(plan.info["jahr"]), args.nach)
        except ValidationError as exc:
            raise FilterValueError(str(exc)) from None
        chosen = decisions.read_decisions(data, set(plan.massnahme_titel())) if data else {}
        return int(plan.info["id"]), fortschreibung.fortschreibung(plan, args.nach, chosen)

    if args.apply:
        from werkstatt.commands import fortschreiben

        with writing(args, "den Plan bitte auf der Seite „Fortschreibung“ anlegen") as con:
            old, view = proposal(con)
            fortschreiben.apply(con, view, old, user=args.user or getpass.getuser())
        print(rendered.as_text(view))
        print(f"Plan {view.nach} angelegt ({len(view.uebergang.uebernommen)} Maßnahmen "
              f"übernommen); der Plan {view.von} kann nur noch gelesen werden.")
        return 0
    with reading(args) as con:
        _, view = proposal(con)
    if args.format == "csv":  # bytes as the page's download (BOM, CRLF): Excel opens it
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered.as_csv(view))
        sys.stdout.buffer.flush()
    else:
        print(rendered.as_text(view))
    return 0


def run_plan_export(args: argparse.Namespace) -> int:
    from werkstatt.outputs import plan_document as rendering
    from werkstatt.views import plan_document

    kind = args.out.suffix.lower()
    if kind not in rendering.FORMATS:
        raise FilterValueError(f"Die Zieldatei {args.out} muss auf .txt oder .docx enden.")
    check_output(args, kind)
    with reading(args) as con:
        plan = chosen_plan(args, con)
        doc = plan_document.plan_document(plan)
        data = rendering.build(doc, kind)
    write_output(args, kind, data)
    for note in doc.hinweise:
        print(f"Hinweis: {note}", file=sys.stderr)
    print(f"{doc.titel} als {args.out} geschrieben ({len(doc.werkzeuge)} Werkzeuge, "
          f"{sum(len(t.massnahmen) for t in doc.werkzeuge)} Maßnahmen).")
    return 0


def show_changes(changes: list[excel_import.Change]) -> None:
    if not changes:
        print("Keine Änderungen in der Datei: nichts zu speichern.")
        return
    print(f"{len(changes)} Änderung(en):")
    for change in changes:
        print(f"- Blatt „{change.sheet}“, Zeile {change.row}: {change.describe()}")


# --- the table of commands -----------------------------------------------------------------------
@dataclass(frozen=True)
class Command:
    run: Callable[[argparse.Namespace], int]
    help: str
    options: tuple[Option, ...] = ()


GROUPS = {"user": "Benutzer verwalten", "stand": "Stände des Plans (eingefrorene Fassungen)",
          "excel": "Fortschritt als Excel-Datei aus- und einlesen",
          "messwerte": "Messwerte der Indikatoren einlesen"}

COMMANDS: dict[str, Command] = {
    "init": Command(run_init, "Datenbank aus dem Werkstattplan-Dokument aufbauen", (
        DB, option("--force", action="store_true",
                   help="vorhandene Datenbank ersetzen (vorher wird sie gesichert)"),
        option("--source", type=Path, default=None, metavar="DATEI",
               help="anderes Werkstattplan-Dokument (Standard: data/werkstattplan_2019.txt)"),
        option("--quiet", action="store_true", help="Importprotokoll nicht ausgeben"),
        option("--hinzufuegen", action="store_true",
               help="den Plan des Dokuments zur vorhandenen Datenbank hinzufügen (ein Plan "
                    "desselben Kreises und Jahres wird abgelehnt)"))),
    "import-log": Command(run_import_log, "Importprotokoll ausgeben", (DB, PLAN)),
    "backup": Command(run_backup, "Sicherung der Datenbank anlegen (EXPORT DATABASE)", (
        DB, option("--ziel", type=Path, default=None, metavar="ORDNER",
                   help="Ordner der Sicherungen (Standard: backups/ neben der Datenbank)"),
        option("--behalten", type=whole_number, default=backup.KEEP, metavar="N",
               help=f"so viele neueste Sicherungen behalten (Standard {backup.KEEP})"))),
    "restore": Command(run_restore, "Datenbank aus einer Sicherung wiederherstellen", (
        DB, option("sicherung", type=Path, nargs="?", metavar="SICHERUNG",
                   help="Ordner einer Sicherung (Standard: die neueste)"))),
    "user add": Command(run_user_add, "Benutzer anlegen oder Passwort/Rolle ändern", (
        option("name", metavar="NAME"),
        option("--role", required=True, choices=vocab.USER_ROLES),
        SECRETS,
        option("--password-stdin", action="store_true",
               help="Passwort aus der Standardeingabe lesen statt nachzufragen"),
        option("--kontakt", default=None, metavar="NAME",
               help="Kontakt des Plans, der dieser Benutzer ist (für „Meine Maßnahmen“), z. B. "
                    "\"Niels Buck\"; wird gegen die Datenbank geprüft"),
        DB)),
    "handout": Command(run_handout, "Handout als PDF (A4 quer, barrierefrei)", (
        DB, out("handout.pdf"), FORCE_OUTPUT, *FILTERS)),
    "praesentation": Command(run_praesentation, "Präsentation als PowerPoint-Datei (.pptx)", (
        DB, out("folien.pptx"), FORCE_OUTPUT,
        option("--folien", nargs="+", default=[], metavar="FOLIE",
               help="nur diese Folien (wie „Folien auswählen“: titel, stand, zeitplan-…, "
                    "anstehend, budget, indikatoren-…); Standard: alle"), *FILTERS)),
    "excel export": Command(run_excel_export, "Excel-Datei zum Ausfüllen schreiben", (
        DB, out("fortschritt.xlsx"), FORCE_OUTPUT, *FILTERS)),
    "excel import": Command(run_excel_import, "ausgefüllte Excel-Datei einlesen (ohne --apply "
                                              "nur anzeigen)", (
        DB, option("datei", type=Path, metavar="DATEI", help="die ausgefüllte .xlsx-Datei"),
        option("--user", required=True, metavar="NAME",
               help="wer die Änderungen einträgt (ein Benutzer aus --secrets)"),
        SECRETS, PLAN, option("--apply", action="store_true", help="Änderungen speichern"))),
    "ical": Command(run_ical, "Termine eines Kontakts als Kalenderdatei (.ics)", (
        DB, option("--kontakt", required=True, help="Name wie im Plan"), out("kalender.ics"),
        FORCE_OUTPUT, PUBLIC, PLAN)),
    "stand anlegen": Command(run_stand_anlegen, "den aktuellen Plan als Stand einfrieren", (
        DB, PLAN, option("--name", required=True, help="z. B. \"Sachstand Juni 2019\""),
        option("--drucksache", default=None, help="Nummer der Drucksache (optional)"),
        option("--user", default=None, help="wer einfriert (Standard: Systembenutzer)"))),
    "pruefen": Command(run_pruefen, "Plancheck: Unvollständiges und Widersprüche", (
        DB, PLAN, option("--stichtag", help="Bezugstag (JJJJ-MM-TT; Standard: heute, begrenzt "
                                            "auf den Planzeitraum)"),
        option("--format", choices=("text", "json"), default="text"))),
    "bericht": Command(run_bericht, "Sachstandsbericht als PDF oder DOCX", (
        DB, out("bericht.pdf oder bericht.docx"), FORCE_OUTPUT,
        option("--vergleich", default=None, metavar="beschluss|STAND",
               help="verglichen mit dem Beschluss (Standard) oder einem Stand (seine Nummer)"),
        *FILTERS)),
    "fortschreiben": Command(run_fortschreiben, "Fortschreibung des Plans in ein neues Jahr "
                                                "(ohne --apply nur der Vorschlag)", (
        DB, option("--nach", type=whole_number, required=True, metavar="JAHR",
                   help="Jahr des neuen Plans (nach dem Planjahr, z. B. 2020)"),
        option("--von", type=whole_number, default=None, metavar="JAHR",
               help="Jahr des bisherigen Plans (Standard: der neueste der Datenbank)"),
        option("--entscheidungen", type=Path, default=None, metavar="DATEI.csv",
               help="geänderte Entscheidungen (CSV: ID;Entscheidung;Grund, wie --format csv)"),
        option("--format", choices=("text", "csv"), default="text",
               help="text (Standard) oder csv zum Bearbeiten und Wiedereinlesen"),
        option("--apply", action="store_true",
               help="den neuen Plan anlegen (in einer Transaktion; der bisherige Plan kann "
                    "danach nur noch gelesen werden)"),
        option("--user", default=None, help="wer fortschreibt (Standard: Systembenutzer)"))),
    "plan-export": Command(run_plan_export, "den Plan wieder als Dokument: .txt (einlesbar mit "
                                            "init --source) oder .docx (Word)", (
        DB, out("werkstattplan.txt oder werkstattplan.docx"), FORCE_OUTPUT, PUBLIC,
        PLAN)),
    "indikatoren": Command(run_indikatoren, "Stand der Indikatoren zum Stichtag", (
        DB, PLAN, option("--stichtag", help="JJJJ-MM-TT (Standard: heute, begrenzt auf den "
                                      "Planzeitraum)"),
        option("--format", choices=("text", "json"), default="text"))),
    "messwerte import": Command(run_messwerte_import, "Messwerte aus einer CSV- oder "
                                                      "Excel-Datei (ohne --apply nur anzeigen)", (
        DB, option("datei", type=Path, metavar="DATEI",
                   help="CSV (UTF-8) oder .xlsx mit den Spalten Indikator, Stichtag, Wert, "
                        "Kommentar"),
        option("--user", required=True, metavar="NAME",
               help="wer die Messwerte einträgt (ein Benutzer aus --secrets)"),
        SECRETS, PLAN, option("--apply", action="store_true", help="Messwerte speichern"))),
}


def build_parser() -> GermanParser:
    parser = GermanParser(prog="python -m werkstatt",
                          description="Werkstattplan-Dashboard: Verwaltung der Datenbank")
    levels: dict[str, Any] = {"": parser.add_subparsers(metavar="BEFEHL", title="Befehle",
                                                         required=True, dest="befehl")}
    for name, command in COMMANDS.items():
        *group, word = name.split()
        prefix = ""
        for part in group:  # "excel export": the subcommand "export" of "excel"
            parent, prefix = levels[prefix], f"{prefix} {part}".strip()
            if prefix not in levels:
                sub = parent.add_parser(part, help=GROUPS.get(prefix))
                levels[prefix] = sub.add_subparsers(metavar="BEFEHL", title="Befehle",
                                                    required=True, dest=f"befehl_{part}")
        sub = levels[prefix].add_parser(word, help=command.help, description=command.help)
        for item in command.options:
            sub.add_argument(*item.flags, **item.settings)
        sub.set_defaults(command=command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.db_named = getattr(args, "db", None) is not None
    args.db = args.db if args.db_named else connection.default_db_path()
    try:
        return args.command.run(args)
    except FilterValueError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except WerkstattError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError) as exc:  # the last net: a German message, never a traceback
        print(f"Fehler: {connection.store_error(exc, args.db)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
