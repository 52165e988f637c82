"""The plan as a document again: everything the Werkstattplan document says, read from the
database, for the .txt (the importer's layout) and the .docx renderer.

Each measure's Termine become the cells of the month grid the importer reads (X, a progress
bar, a lost bar, a label); the grid is read back with the importer's own rule
(ingest.monthgrid.read_marks). A Termin the grid cannot hold exactly (another year, an
exact day whose date is not in the title), or an Umsetzungsort changed in the dashboard (the
document has no column of its own for it), is listed in `hinweise`, never silently changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from werkstatt import vocab
from werkstatt.dates import month_end
from werkstatt.errors import SourceError
from werkstatt.ingest.contacts import parse_kontakt_cell
from werkstatt.ingest.monthgrid import EXACT_DATE, read_marks
from werkstatt.views import queries
from werkstatt.views.plan_data import PlanData

MONTHS = tuple(range(1, 13))
_GRID_COLUMNS = {month: month for month in MONTHS}  # cell index -> month (index 0: the title)
_X_RUN = re.compile(r"^X( X)*$")
_BAR = re.compile(r"^\[Progress bar from (\d{1,2}) to (\d{1,2})\]$", re.IGNORECASE)


@dataclass(frozen=True)
class Massnahme:
    titel: str
    hinweis: str | None
    fortfuehrung: bool
    zellen: tuple[tuple[int, str], ...]  # (month, cell text) as the importer reads them
    monate: frozenset[int]  # every month a Termin of the plan year touches (Word's X marks)
    bezeichnungen: tuple[tuple[int, str], ...]  # (month, label) of labelled marks

    def zelle(self, month: int) -> str:
        return dict(self.zellen).get(month, "")


@dataclass(frozen=True)
class Werkzeug:
    name: str
    handlungsfeld: str | None  # None: cross-cutting, not in the overview
    uebersicht_name: str  # how the overview names it (the alias where it differs)
    zielgruppe: str | None
    ansprechperson: str | None
    vor_ort: str | None  # "Umsetzungsort und Ansprechperson vor Ort" as the sheet says it
    beteiligte: str | None
    budget: str | None
    externe_beratung: str | None
    beschreibung: str | None
    chancen: str | None
    schwierigkeiten: str | None
    ansprechperson_uebersicht: str | None
    umsetzungsort_uebersicht: str | None
    beteiligte_uebersicht: str | None
    jahre: frozenset[int]
    massnahmen: tuple[Massnahme, ...]
    notizen: tuple[str, ...]  # italic rows without months ("Fortführung 2020")


@dataclass(frozen=True)
class Ziel:
    ebene: str
    dimension: str
    text: str


@dataclass(frozen=True)
class Handlungsfeld:
    name: str
    beschreibung: str | None
    werkzeuge: tuple[Werkzeug, ...]


@dataclass(frozen=True)
class PlanDocument:
    titel: str
    kreis: str
    jahr: int
    stand: date
    einleitung: str | None
    ziele: tuple[Ziel, ...]
    handlungsfelder: tuple[Handlungsfeld, ...]
    werkzeuge: tuple[Werkzeug, ...]  # in the document's order (the sheets)
    jahre: tuple[int, ...]  # the overview's year columns
    hinweise: tuple[str, ...]  # what the text cannot hold exactly (German sentences)

    def ziele_der_ebene(self, ebene: str) -> tuple[Ziel, ...]:
        return tuple(z for z in self.ziele if z.ebene == ebene)


def plan_document(plan: PlanData) -> PlanDocument:
    """The whole plan (filters do not apply: the document is the plan)."""
    return plan.derived(("plan_document",), lambda: _build(plan))


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) or not str(value).strip() else str(value)


def _build(plan: PlanData) -> PlanDocument:
    info = plan.info
    jahr = int(info["jahr"])
    notes = plan.table(queries.werkzeug_hinweise)
    hinweise: list[str] = []
    tools = []
    table = plan.werkzeuge.sort_values("position")
    overview_names = _overview_names(table, hinweise)
    # plain rows, grouped once: pandas per measure costs seconds on a large plan
    by_measure: dict[int, dict[tuple[int, int], list[dict]]] = {}
    for record in plan.schedule.to_dict("records"):
        key = (int(record["position"]), int(record["massnahme_id"]))
        by_measure.setdefault(int(record["werkzeug_id"]), {}).setdefault(key, []).append(record)
    for row in table.itertuples(index=False):
        groups = by_measure.get(int(row.id), {})
        measures = tuple(_massnahme(groups[key], jahr, hinweise) for key in sorted(groups))
        if _text(row.umsetzungsort) != _derived_place(row):
            hinweise.append(f"„{row.name}“: der im Dashboard geänderte Umsetzungsort "
                            f"„{row.umsetzungsort or ''}“ hat im Dokument keine eigene Spalte "
                            "(das Einlesen nimmt ihn aus „Umsetzungsort und Ansprechperson vor "
                            "Ort“) und fehlt.")
        tools.append(Werkzeug(
            name=row.name,
            handlungsfeld=None if pd.isna(row.handlungsfeld_id) else row.handlungsfeld,
            uebersicht_name=overview_names[row.id],
            zielgruppe=_text(row.zielgruppe), ansprechperson=_text(row.ansprechperson_text),
            vor_ort=_text(row.vor_ort_text), beteiligte=_text(row.beteiligte),
            budget=_text(row.budget_text), externe_beratung=_text(row.externe_beratung),
            beschreibung=_text(row.beschreibung), chancen=_text(row.chancen),
            schwierigkeiten=_text(row.schwierigkeiten),
            ansprechperson_uebersicht=_text(row.ansprechperson_uebersicht),
            umsetzungsort_uebersicht=_text(row.umsetzungsort_uebersicht),
            beteiligte_uebersicht=_text(row.beteiligte_uebersicht),
            jahre=frozenset(int(y) for y in (_text(row.jahre) or "").split(", ") if y),
            massnahmen=measures,
            notizen=tuple(notes[notes["werkzeug_id"] == row.id]["text"])))
    fields = tuple(Handlungsfeld(f.name, _text(f.beschreibung),
                                 tuple(t for t in tools if t.handlungsfeld == f.name))
                   for f in plan.handlungsfelder.itertuples(index=False))
    goals = tuple(Ziel(g.ebene, g.dimension, g.text)
                  for g in plan.ziele.itertuples(index=False))
    years = sorted({jahr, *(y for t in tools for y in t.jahre)})
    return PlanDocument(info["titel"], info["kreis"], jahr, info["stand"],
                        _text(info["einleitung"]), goals, fields, tuple(tools), tuple(years),
                        tuple(hinweise))


def _overview_names(table: pd.DataFrame, hinweise: list[str]) -> dict[int, str]:
    """How the overview names each Werkzeug: its alias where it has one, unless an earlier
    Werkzeug took that alias or another one is called so (the importer refuses a name twice
    in the overview)."""
    sheet_names = set(table["name"])
    used: set[str] = set()
    names = {}
    for row in table.itertuples(index=False):
        wanted = (_text(row.aliase) or row.name).split("; ")[0]
        if wanted != row.name and (wanted in used or wanted in sheet_names):
            hinweise.append(f"„{row.name}“: der Name in der Übersicht „{wanted}“ gehört "
                            "auch einem anderen Werkzeug; im Text steht der Name des Blatts.")
            wanted = row.name
        names[row.id] = wanted
        used.add(wanted)
    return names


def _derived_place(row) -> str | None:
    """The Umsetzungsort the importer takes from the document's cells (ingest.plan)."""
    _, places = parse_kontakt_cell(_text(row.vor_ort_text), "vor_ort")
    return ", ".join(places) if places else _text(row.umsetzungsort_uebersicht)


def _massnahme(rows: list[dict], jahr: int, hinweise: list[str]) -> Massnahme:
    """One measure from its schedule rows (one per Termin; one without dates if it has none)."""
    first = rows[0]
    titel = str(first["massnahme"])
    termine = sorted(((pd.Timestamp(r["beginn"]).date(), pd.Timestamp(r["ende"]).date(), r)
                      for r in rows if not pd.isna(r["beginn"])), key=lambda t: t[:2])
    cells: dict[int, str] = {}
    months: set[int] = set()
    labels: list[tuple[int, str]] = []
    in_year = []
    for beginn, ende, t in termine:
        if beginn.year != jahr or ende.year != jahr:
            hinweise.append(f"„{titel}“: Termin {beginn:%d.%m.%Y}–{ende:%d.%m.%Y} liegt nicht in "
                            f"{jahr} und fehlt im Monatsraster.")
            continue
        months.update(range(beginn.month, ende.month + 1))
        label = _text(t["bezeichnung"])
        if label:
            labels.append((beginn.month, label))
        _place(cells, beginn, ende, t["art"], label, _text(t["rohmarke"]) or "", titel,
               bool(t["ungefaehr"]))
        in_year.append((beginn, ende, t["art"]))
    if not _reads_back(cells, jahr, titel, in_year):
        hinweise.append(f"„{titel}“: die Termine lassen sich im Monatsraster nur monatsgenau "
                        "wiedergeben.")
    continued = bool(first["fortfuehrung"])
    if continued and not cells:  # an italic row without marks is read as a note
        hinweise.append(f"„{titel}“: eine Fortführung ohne Monat steht im Text als gewöhnliche "
                        "Maßnahme.")
    elif continued and _text(first["hinweis"]):  # an italic row has no room for a note
        hinweise.append(f"„{titel}“: der Hinweis „{first['hinweis']}“ einer Fortführung "
                        "fehlt im Text.")
    return Massnahme(titel, _text(first["hinweis"]), continued,
                     tuple(sorted(cells.items())), frozenset(months), tuple(labels))


def _place(cells: dict[int, str], beginn: date, ende: date, art: str, label: str | None,
           raw: str, titel: str, approximate: bool) -> None:
    """The cell(s) the importer reads as this Termin: its own raw mark where that still says
    the same, else the plainest mark for its months."""
    first, last = beginn.month, ende.month
    whole_months = beginn.day == 1 and ende == month_end(ende)
    if not whole_months:  # an exact day: the importer takes it from a date in the title
        in_title = EXACT_DATE.search(titel)
        if in_title and raw == in_title.group(0):
            return  # the title alone carries it (no mark in that month)
        _put(cells, first, "X")
        return
    if label:
        _put(cells, first, label)
    elif approximate:
        _put(cells, first, raw)  # a lost bar ("█████"): its length is its interpretation
    elif first == last and art == vocab.MILESTONE:
        _put(cells, first, "X")
    elif raw and _X_RUN.match(raw) and raw.count("X") == last - first + 1:
        for month in range(first, last + 1):
            _put(cells, month, "X")
    else:
        bar = _BAR.match(raw)
        text = raw if bar and (int(bar[1]), int(bar[2])) == (first, last) else \
            f"[Progress bar from {first} to {last}]"
        free = next((m for m in range(first, last + 1) if m not in cells), first)
        _put(cells, free, text)


def _put(cells: dict[int, str], month: int, text: str) -> None:
    cells.setdefault(month, text)  # a taken cell keeps its mark; the read-back check notes it


def _reads_back(cells: dict[int, str], jahr: int, titel: str,
                wanted: list[tuple[date, date, str]]) -> bool:
    row = [titel] + [cells.get(month, "") for month in MONTHS]
    try:
        marks = read_marks(row, _GRID_COLUMNS, jahr, titel, line=0, table="")
    except SourceError:
        return False
    return sorted((m.beginn, m.ende, m.art) for m in marks) == sorted(wanted)
