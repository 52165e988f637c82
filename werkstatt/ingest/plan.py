"""Assembles the plan from the document's parts: one Werkzeug per sheet, merged with its
overview row, contacts resolved into entities, budgets parsed, every interpretation logged."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from werkstatt import vocab
from werkstatt.errors import SourceError
from werkstatt.ingest.budget_text import BudgetItem, parse_budget
from werkstatt.ingest.contacts import Contact, ContactRegistry, Mention, parse_contact_cell
from werkstatt.ingest.source import (
    ContinuationNote,
    Document,
    LogEntry,
    Measure,
    OverviewRow,
    Sheet,
    load_text,
    read_document,
)
from werkstatt.text import name_key, strip_quotes

SOURCE_DOCUMENT = Path(__file__).resolve().parents[2] / "data" / "werkstattplan_2019.txt"
_MIN_NAME_SIMILARITY = 0.6  # below this an overview row and a sheet are not one Werkzeug


@dataclass
class ToolContact:
    contact: Contact
    rolle: str
    zusatz: str | None
    quellen: list[str]


@dataclass
class Tool:
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
    contacts: list[ToolContact] = field(default_factory=list)
    budget: list[BudgetItem] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    notes: list[ContinuationNote] = field(default_factory=list)

    def link(self, contact: Contact, rolle: str, zusatz: str | None, quelle: str) -> None:
        for existing in self.contacts:
            if existing.contact is contact and existing.rolle == rolle:
                if quelle not in existing.quellen:
                    existing.quellen.append(quelle)
                existing.zusatz = existing.zusatz or zusatz
                return
        self.contacts.append(ToolContact(contact, rolle, zusatz, [quelle]))


@dataclass
class Plan:
    document: Document
    tools: list[Tool]
    contacts: list[Contact]
    log: list[LogEntry]


def read_plan(path: Path | None = None) -> Plan:
    """The whole plan from a Werkstattplan document (default: the shipped 2019 plan)."""
    return assemble(read_document(load_text(path or SOURCE_DOCUMENT)))


def assemble(doc: Document) -> Plan:
    log = list(doc.log)
    field_names = {f.name for f in doc.fields}
    for sheet in doc.sheets:
        if sheet.feld and sheet.feld not in field_names:
            raise SourceError(f"Handlungsfeld „{sheet.feld}“ steht nicht in der Übersicht",
                              line=sheet.line, table=sheet.name)
    matches = _match_overview(doc.sheets, doc.overview)
    tools = []
    for position, sheet in enumerate(doc.sheets, start=1):
        row = matches.get(id(sheet))
        tools.append(_tool_from_sheet(sheet, row, position, log))
    for row in doc.overview:
        if not any(t.overview is row for t in tools):
            log.append(LogEntry("Werkzeug", f"„{row.name}“ steht nur in der Übersicht, ohne "
                                "eigenes Blatt: nur mit den Angaben der Übersicht übernommen",
                                row.line))
            tool = Tool(strip_quotes(row.name), row.feld, len(tools) + 1, row.line, overview=row,
                        umsetzungsort=row.umsetzungsort, beteiligte=row.beteiligte,
                        jahre=list(row.jahre))
            tools.append(tool)
    registry = ContactRegistry()
    _link_contacts(tools, registry, log)
    for tool in tools:
        tool.budget = parse_budget(tool.budget_text)
        if not tool.budget:
            log.append(LogEntry("Budget", "kein Budget angegeben: bleibt unbekannt", tool.line,
                                tool.name))
        for item in tool.budget:
            log.append(LogEntry("Budget", item.describe(), tool.line, tool.name))
    return Plan(doc, tools, registry.contacts, log)


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


def _tool_from_sheet(sheet: Sheet, row: OverviewRow | None, position: int,
                     log: list[LogEntry]) -> Tool:
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

    tool = Tool(sheet.name, feld, position, sheet.line, zielgruppe=sheet.zielgruppe,
                beteiligte=sheet.beteiligte, budget_text=sheet.budget,
                externe_beratung=sheet.externe_beratung, ansprechperson_text=sheet.ansprechperson,
                vor_ort_text=sheet.vor_ort, overview=row, measures=sheet.measures,
                notes=sheet.notes)
    if row is not None:
        tool.jahre = list(row.jahre)
        alias = strip_quotes(row.name)
        if alias != sheet.name:
            tool.aliases.append(alias)

    description, chancen, schwierigkeiten = [], [], []
    for paragraph in sheet.paragraphs:
        if paragraph.startswith("Chancen:"):
            chancen.append(paragraph.removeprefix("Chancen:").strip())
        elif paragraph.startswith("Hauptschwierigkeiten:"):
            schwierigkeiten.append(paragraph.removeprefix("Hauptschwierigkeiten:").strip())
        else:
            description.append(paragraph)
    tool.beschreibung = "\n\n".join(description) or None
    tool.chancen = "\n\n".join(chancen) or None
    tool.schwierigkeiten = "\n\n".join(schwierigkeiten) or None
    if chancen or schwierigkeiten:
        note("Beschreibung", "„Chancen:“/„Hauptschwierigkeiten:“ aus dem Text in eigene Felder "
                             "übernommen")
    return tool


def _link_contacts(tools: list[Tool], registry: ContactRegistry, log: list[LogEntry]) -> None:
    def add(tool: Tool, mentions: list[Mention], rolle: str, quelle: str, line: int) -> None:
        for mention in mentions:
            seen_notes = len(registry.notes)
            tool.link(registry.add(mention), rolle, mention.zusatz, quelle)
            # a merged spelling is logged at the line where that spelling stands
            for message in registry.notes[seen_notes:]:
                log.append(LogEntry("Kontakt", message, line, tool.name))
            if mention.deutung:
                text = f"Kontakt: {mention.deutung}"
                if not any(e.meldung == text and e.werkzeug == tool.name for e in log):
                    log.append(LogEntry("Kontakt", text, line, tool.name))

    for tool in tools:
        row = tool.overview
        sheet_people, _ = parse_contact_cell(tool.ansprechperson_text, "ansprechperson")
        add(tool, sheet_people, vocab.CONTACT_PERSON, "Blatt", tool.line)
        local, places = parse_contact_cell(tool.vor_ort_text, "vor_ort")
        add(tool, local, vocab.LOCAL_CONTACT, "Blatt", tool.line)
        if places:
            tool.umsetzungsort = ", ".join(places)
            if local:
                log.append(LogEntry("Kontakt", f"„{tool.vor_ort_text}“: Ort(e) "
                                    f"„{tool.umsetzungsort}“, Kontakt(e) vor Ort: "
                                    f"{', '.join(m.name for m in local)}", tool.line, tool.name))
        elif row is not None and row.umsetzungsort:
            tool.umsetzungsort = row.umsetzungsort
            log.append(LogEntry("Werkzeug", "kein Umsetzungsort auf dem Blatt: Angabe der "
                                f"Übersicht „{row.umsetzungsort}“ übernommen", tool.line,
                                tool.name))
        external, _ = parse_contact_cell(tool.externe_beratung, "extern")
        add(tool, external, vocab.EXTERNAL_ADVICE, "Blatt", tool.line)
        if row is not None:
            overview_people, _ = parse_contact_cell(row.ansprechperson, "ansprechperson")
            add(tool, overview_people, vocab.CONTACT_PERSON, "Übersicht", row.line)
    # Units named among the partners ("Beteiligte") link once every spelling is known.
    for tool in tools:
        sources = [("Blatt", tool.beteiligte)]
        if tool.overview is not None:
            sources.append(("Übersicht", tool.overview.beteiligte))
        for quelle, text in sources:
            for contact, spelling in registry.units_in(text):
                tool.link(contact, vocab.PARTNER, None, quelle)
                as_written = f" als „{spelling}“" if spelling not in contact.aliases else ""
                log.append(LogEntry("Kontakt", f"„{contact.name}“ unter den Beteiligten "
                                    f"({quelle}){as_written} erkannt", tool.line, tool.name))
