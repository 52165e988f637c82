"""The curated indicator list (data/indikatoren.csv): read, checked against the plan, stored.

Every row quotes the plan sentence it comes from; a quote that is not in the document, or a
Werkzeug the plan does not have, stops the import, so no indicator can drift from the plan.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from werkstatt import vocab
from werkstatt.errors import SourceError
from werkstatt.text import collapse, plain_text

INDICATOR_FILE = Path(__file__).resolve().parents[2] / "data" / "indikatoren.csv"
COLUMNS = ["schluessel", "handlungsfeld", "werkzeug", "name", "art", "einheit", "basiswert",
           "basis_angabe", "basis_stichtag", "zielwert", "ziel_stichtag", "prognosewert",
           "prognose_jahr", "richtung", "zitat", "zeile", "bemerkung"]


@dataclass(frozen=True)
class Indikator:
    schluessel: str
    handlungsfeld: str | None
    werkzeug: str | None
    name: str
    art: str
    einheit: str | None
    basiswert: float | None
    basis_angabe: str | None  # "über 100", "etwa 10 %": how exactly the plan states it
    basis_stichtag: date | None
    zielwert: float | None
    ziel_stichtag: date | None
    prognosewert: float | None  # a forecast of the plan ("Rückgang um 25 % bis 2020"): no Basis
    prognose_jahr: int | None
    richtung: str | None
    zitat: str
    zeile: int | None
    bemerkung: str | None


def read_indikatoren(source_text: str, path: Path = INDICATOR_FILE) -> list[Indikator]:
    plain_document = collapse(plain_text(source_text))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise SourceError(
                f"Spalten von {path.name} sind {reader.fieldnames}, erwartet {COLUMNS}")
        rows = list(reader)
    result = []
    for number, row in enumerate(rows, start=2):
        quote = collapse(row["zitat"])
        if not quote or quote not in plain_document:
            raise SourceError(f"Zitat von „{row['schluessel']}“ steht so nicht im Werkstattplan",
                              line=number, table=path.name)
        try:
            result.append(Indikator(
                row["schluessel"], row["handlungsfeld"] or None, row["werkzeug"] or None,
                row["name"], _kind(row["art"]),
                row["einheit"] or None, _number(row["basiswert"]),
                _one_of(row["basis_angabe"], vocab.VALUE_QUALIFIERS, "Basis-Angabe"),
                _date(row["basis_stichtag"]), _number(row["zielwert"]), _date(row["ziel_stichtag"]),
                _number(row["prognosewert"]),
                int(row["prognose_jahr"]) if row["prognose_jahr"] else None,
                _one_of(row["richtung"], vocab.DIRECTIONS, "Richtung"), quote,
                int(row["zeile"]) if row["zeile"] else None, row["bemerkung"] or None))
        except ValueError as exc:
            raise SourceError(f"ungültiger Wert: {exc}", line=number, table=path.name) from None
    return result


def store_indikatoren(con: duckdb.DuckDBPyConnection, indicators: list[Indikator],
                      plan_id: int) -> None:
    """The indicators of the plan `plan_id`, their Werkzeuge and fields named as in it."""
    tools = dict(con.execute("SELECT name, id FROM werkzeug WHERE plan_id = ?",
                             [plan_id]).fetchall())
    tools.update(con.execute("SELECT a.alias, a.werkzeug_id FROM werkzeug_alias a JOIN werkzeug "
                             "w ON w.id = a.werkzeug_id WHERE w.plan_id = ?", [plan_id]).fetchall())
    fields = dict(con.execute("SELECT name, id FROM handlungsfeld WHERE plan_id = ?",
                              [plan_id]).fetchall())
    (first,) = con.execute("SELECT coalesce(max(id), 0) FROM indikator").fetchone() or (0,)
    rows = []
    for position, ind in enumerate(indicators, start=1):
        if ind.werkzeug and ind.werkzeug not in tools:
            raise SourceError(f"Indikator „{ind.schluessel}“ nennt das unbekannte Werkzeug "
                              f"„{ind.werkzeug}“", table=INDICATOR_FILE.name)
        if ind.handlungsfeld and ind.handlungsfeld not in fields:
            raise SourceError(f"Indikator „{ind.schluessel}“ nennt das unbekannte Handlungsfeld "
                              f"„{ind.handlungsfeld}“", table=INDICATOR_FILE.name)
        rows.append([first + position, plan_id, ind.schluessel, tools.get(ind.werkzeug),
                     fields.get(ind.handlungsfeld), ind.name, ind.art, ind.einheit, ind.basiswert,
                     ind.basis_angabe, ind.basis_stichtag, ind.zielwert, ind.ziel_stichtag,
                     ind.prognosewert, ind.prognose_jahr, ind.richtung, ind.zitat, ind.zeile,
                     ind.bemerkung, position])
    if rows:
        con.executemany(
            "INSERT INTO indikator (id, plan_id, schluessel, werkzeug_id, handlungsfeld_id, name, "
            "art, einheit, basiswert, basis_angabe, basis_stichtag, zielwert, ziel_stichtag, "
            "prognosewert, prognose_jahr, richtung, zitat, zeile, bemerkung, position) "
            "VALUES (" + ", ".join("?" * 20) + ")", rows)


def _kind(text: str) -> str:
    if text not in vocab.INDICATOR_KINDS:
        raise ValueError(f"Art „{text}“ (möglich: {', '.join(vocab.INDICATOR_KINDS)})")
    return text


def _one_of(text: str, allowed: tuple[str, ...], label: str) -> str | None:
    if text and text not in allowed:
        raise ValueError(f"{label} „{text}“ (möglich: {', '.join(allowed)} oder leer)")
    return text or None


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None
