"""Assembles the plan from the document's parts: one Werkzeug per sheet, merged with its
overview row, contacts resolved into entities, budgets parsed, every interpretation logged."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from werkstatt import vocab
from werkstatt.errors import SourceError
from werkstatt.ingest.budget_text import BudgetItem, out_of_range, parse_budget
from werkstatt.ingest.contacts import Kontakt, KontaktRegistry, Mention, parse_kontakt_cell
from werkstatt.ingest.source import (
    ContinuationNote,
    Document,
    LogEntry,
    Massnahme,
    OverviewRow,
    Sheet,
    load_text,
    read_document,
)
from werkstatt.text import name_key, strip_quotes

SOURCE_DOCUMENT = Path(__file__).resolve().parents[2] / "data" / "werkstattplan_2019.txt"
_MIN_NAME_SIMILARITY = 0.6  # below this an overview row and a sheet are not one Werkzeug


@dataclass
class WerkzeugKontakt:
    contact: Kontakt
    rolle: str
    zusatz: str | None
    quellen: list[str]


@dataclass
class Werkzeug:
    name: str
    feld: str | None
    position: int
    line: int
    zielgruppe: str | None = None
    umsetzungsort: str | None = None
    beteiligte: str | None = None
    budget_text: str | None = None
    externe_beratung: str | None = None
    beschreibung: str | None = None
    chancen: str | None = None
    schwierigkeiten: str | None = None
    ansprechperson_text: str | None = None
    vor_ort_text: str | None = None
    overview: OverviewRow | None = None
    aliases: list[str] = field(default_factory=list)
    jahre: list[int] = field(default_factory=list)
    kontakte: list[WerkzeugKontakt] = field(default_factory=list)
    budget: list[BudgetItem] = field(default_factory=list)
    massnahmen: list[Massnahme] = field(default_factory=list)
    notes: list[ContinuationNote] = field(default_factory=list)

    def link(self, contact: Kontakt, rolle: str, zusatz: str | None, quelle: str) -> None:
        for existing in self.kontakte:
            if existing.contact is contact and existing.rolle == rolle:
                if quelle not in existing.quellen:
                    existing.quellen.append(quelle)
                existing.zusatz = existing.zusatz or zusatz
                return
        self.kontakte.append(WerkzeugKontakt(contact, rolle, zusatz, [quelle]))


@dataclass
class Plan:
    document: Document
    werkzeuge: list[Werkzeug]
    kontakte: list[Kontakt]
    log: list[LogEntry]


def read_plan(path: Path | None = None) -> Plan:
    """The whole plan from a Werkstattplan document (default: the shipped 2019 plan)."""
    return assemble(read_document(load_text(path or SOURCE_DOCUMENT)))


def assemble(doc: Document) -> Plan:
    log = list(doc.log)
    field_names = {f.name for f in doc.handlungsfelder}
    for sheet in doc.sheets:
        if sheet.feld and sheet.feld not in field_names:
            raise SourceError(f"Handlungsfeld „{sheet.feld}“ steht nicht in der Übersicht",
                              line=sheet.line, table=sheet.name)
    first_sheet: dict[str, Sheet] = {}
    for sheet in doc.sheets:
        if (twice := first_sheet.setdefault(sheet.name, sheet)) is not sheet:
            raise SourceError(f"Das Werkzeug-Blatt „{sheet.name}“ steht zweimal im Dokument "
                              f"(zuerst in Zeile {twice.line})", line=sheet.line, table=sheet.name)
    matches = _match_overview(doc.sheets, doc.overview)
    werkzeuge = []
    for position, sheet in enumerate(doc.sheets, start=1):
        row = matches.get(id(sheet))
        werkzeuge.append(_werkzeug_from_sheet(sheet, row, position, log))
    for row in doc.overview:
        if not any(t.overview is row for t in werkzeuge):
            # a cut or garbled document would otherwise lose a Werkzeug with only a log line
            raise SourceError(f"Das Werkzeug „{row.name}“ der Übersicht hat kein eigenes Blatt "
                              "im Dokument (Blatt fehlt, umbenannt oder Dokument abgeschnitten)",
                              line=row.line, table="Handlungsfelder (Übersicht)")
    registry = KontaktRegistry()
    _link_kontakte(werkzeuge, registry, log)
    for werkzeug in werkzeuge:
        werkzeug.budget = parse_budget(werkzeug.budget_text)
        if not werkzeug.budget:
            log.append(LogEntry("Budget", "kein Budget angegeben: bleibt unbekannt", werkzeug.line,
                                werkzeug.name))
        for item in werkzeug.budget:
            if problem := out_of_range(item):
                raise SourceError(f"Budget „{item.text}“: {problem}; so groß ist kein Posten "
                                  "eines Werkstattplans", line=werkzeug.line, table=werkzeug.name)
            log.append(LogEntry("Budget", item.describe(), werkzeug.line, werkzeug.name))
    return Plan(doc, werkzeuge, registry.kontakte, log)


def _match_overview(sheets: list[Sheet], rows: list[OverviewRow]) -> dict[int, OverviewRow]:
    """Pair sheets with overview rows: same name first, then the most similar name in the
    same field of action (the plan renames some Werkzeuge between overview and sheet)."""
    matches: dict[int, OverviewRow] = {}
    taken: set[int] = set()
    for sheet in sheets:
        for row in rows:
            if id(row) not in taken and name_key(row.name) == name_key(sheet.name):
                matches[id(sheet)] = row
                taken.add(id(row))
                break
    pairs = []
    for sheet in sheets:
        if id(sheet) in matches:
            continue
        for row in rows:
            if id(row) in taken or (sheet.feld and sheet.feld != row.feld):
                continue
            ratio = difflib.SequenceMatcher(None, name_key(sheet.name), name_key(row.name)).ratio()
            if ratio >= _MIN_NAME_SIMILARITY:
                pairs.append((ratio, sheet, row))
    for _ratio, sheet, row in sorted(pairs, key=lambda p: -p[0]):
        if id(sheet) not in matches and id(row) not in taken:
            matches[id(sheet)] = row
            taken.add(id(row))
    return matches


def _werkzeug_from_sheet(sheet: Sheet, row: OverviewRow | None, position: int,
                     log: list[LogEntry]) -> Werkzeug:
    def note(bereich: str, text: str, line: int | None = None) -> None:
        log.append(LogEntry(bereich, text, line or sheet.line, sheet.name))

    feld = sheet.feld
    if row is not None:
        if strip_quotes(row.name) != sheet.name:
            note("Werkzeug", f"Übersicht (Zeile {row.line}) nennt es „{strip_quotes(row.name)}“: "
                             "dasselbe Werkzeug, Name als Alias gespeichert")
        if feld is None:
            feld = row.feld
            note("Werkzeug", f"Blatt ohne Überschrift „Handlungsfeld:“; Handlungsfeld „{feld}“ "
                             f"aus der Übersicht (Zeile {row.line})")
        elif feld != row.feld:
            note("Werkzeug", f"Blatt steht unter „{feld}“, die Übersicht unter „{row.feld}“; "
                             "das Blatt gilt")
    elif feld is None:
        heading = f" (Überschrift „{sheet.heading}“)" if sheet.heading else ""
        note("Werkzeug", f"in keinem Handlungsfeld und nicht in der Übersicht: querschnittlich"
                         f"{heading}")
    else:
        note("Werkzeug", "fehlt in der Übersicht: keine Jahre markiert")

    werkzeug = Werkzeug(sheet.name, feld, position, sheet.line, zielgruppe=sheet.zielgruppe,
                beteiligte=sheet.beteiligte, budget_text=sheet.budget,
                externe_beratung=sheet.externe_beratung, ansprechperson_text=sheet.ansprechperson,
                vor_ort_text=sheet.vor_ort, overview=row, massnahmen=sheet.massnahmen,
                notes=sheet.notes)
    if row is not None:
        werkzeug.jahre = list(row.jahre)
        alias = strip_quotes(row.name)
        if alias != sheet.name:
            werkzeug.aliases.append(alias)

    description, chancen, schwierigkeiten = [], [], []
    for paragraph in sheet.paragraphs:
        if paragraph.startswith("Chancen:"):
            chancen.append(paragraph.removeprefix("Chancen:").strip())
        elif paragraph.startswith("Hauptschwierigkeiten:"):
            schwierigkeiten.append(paragraph.removeprefix("Hauptschwierigkeiten:").strip())
        else:
            description.append(paragraph)
    werkzeug.beschreibung = "\n\n".join(description) or None
    werkzeug.chancen = "\n\n".join(chancen) or None
    werkzeug.schwierigkeiten = "\n\n".join(schwierigkeiten) or None
    if chancen or schwierigkeiten:
        note("Beschreibung", "„Chancen:“/„Hauptschwierigkeiten:“ aus dem Text in eigene Felder "
                             "übernommen")
    return werkzeug


def _link_kontakte(werkzeuge: list[Werkzeug], registry: KontaktRegistry,
                   log: list[LogEntry]) -> None:
    def add(werkzeug: Werkzeug, mentions: list[Mention], rolle: str, quelle: str,
            line: int) -> None:
        for mention in mentions:
            seen_notes = len(registry.notes)
            werkzeug.link(registry.add(mention), rolle, mention.zusatz, quelle)
            # a merged spelling is logged at the line where that spelling stands
            for message in registry.notes[seen_notes:]:
                log.append(LogEntry("Kontakt", message, line, werkzeug.name))
            if mention.deutung:
                text = f"Kontakt: {mention.deutung}"
                if not any(e.meldung == text and e.werkzeug == werkzeug.name for e in log):
                    log.append(LogEntry("Kontakt", text, line, werkzeug.name))

    for werkzeug in werkzeuge:
        row = werkzeug.overview
        sheet_people, _ = parse_kontakt_cell(werkzeug.ansprechperson_text, "ansprechperson")
        add(werkzeug, sheet_people, vocab.CONTACT_PERSON, "Blatt", werkzeug.line)
        local, places = parse_kontakt_cell(werkzeug.vor_ort_text, "vor_ort")
        add(werkzeug, local, vocab.LOCAL_CONTACT, "Blatt", werkzeug.line)
        if places:
            werkzeug.umsetzungsort = ", ".join(places)
            if local:
                log.append(LogEntry("Kontakt", f"„{werkzeug.vor_ort_text}“: Ort(e) "
                                    f"„{werkzeug.umsetzungsort}“, Kontakt(e) vor Ort: "
                                    f"{', '.join(m.name for m in local)}", werkzeug.line,
                                    werkzeug.name))
        elif row is not None and row.umsetzungsort:
            werkzeug.umsetzungsort = row.umsetzungsort
            log.append(LogEntry("Werkzeug", "kein Umsetzungsort auf dem Blatt: Angabe der "
                                f"Übersicht „{row.umsetzungsort}“ übernommen", werkzeug.line,
                                werkzeug.name))
        external, _ = parse_kontakt_cell(werkzeug.externe_beratung, "extern")
        add(werkzeug, external, vocab.EXTERNAL_ADVICE, "Blatt", werkzeug.line)
        if row is not None:
            overview_people, _ = parse_kontakt_cell(row.ansprechperson, "ansprechperson")
            add(werkzeug, overview_people, vocab.CONTACT_PERSON, "Übersicht", row.line)
    # Units named among the partners ("Beteiligte") link once every spelling is known.
    for werkzeug in werkzeuge:
        sources = [("Blatt", werkzeug.beteiligte)]
        if werkzeug.overview is not None:
            sources.append(("Übersicht", werkzeug.overview.beteiligte))
        for quelle, text in sources:
            for contact, spelling in registry.units_in(text):
                werkzeug.link(contact, vocab.PARTNER, None, quelle)
                as_written = f" als „{spelling}“" if spelling not in contact.aliases else ""
                log.append(LogEntry("Kontakt", f"„{contact.name}“ unter den Beteiligten "
                                    f"({quelle}){as_written} erkannt", werkzeug.line,
                                    werkzeug.name))
