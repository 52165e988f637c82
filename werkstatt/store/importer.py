"""Writes a read plan into a DuckDB file (schema from schema.py), atomically."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from werkstatt.errors import StoreError
from werkstatt.ingest.indicators import Indicator, read_indicators, store_indicators
from werkstatt.ingest.plan import SOURCE_DOCUMENT, Plan, read_plan
from werkstatt.ingest.source import load_text
from werkstatt.store import schema


@dataclass
class BuildResult:
    path: Path
    backup: Path | None
    plan: Plan


def build_database(db_path: Path | str, source_path: Path | None = None, *,
                   force: bool = True) -> BuildResult:
    """Build `db_path` from the document; refuses to replace an existing file unless `force`,
    and then backs it up first. The document is read completely before anything is written."""
    db_path = Path(db_path)
    plan = read_plan(source_path)
    # The curated indicators quote the shipped plan; another document brings none of them.
    indicators = read_indicators(load_text(SOURCE_DOCUMENT)) if source_path is None else []
    backup = None
    if db_path.exists():
        if not force:
            raise StoreError(f"Die Datenbank {db_path} existiert bereits. Mit --force wird sie "
                             "neu aufgebaut (vorher wird eine Sicherung angelegt).")
        backup = schema.copy_aside(db_path)
    schema.build_atomically(db_path, lambda con: write_plan(con, plan, indicators))
    return BuildResult(db_path, backup, plan)


def ensure_database(db_path: Path | str) -> Path:
    """The dashboard's start: build the file from the shipped plan if it does not exist yet,
    and bring an existing file's schema up to date."""
    db_path = Path(db_path)
    if not db_path.exists():
        build_database(db_path, force=False)
    else:
        con = schema.connect(db_path)
        try:
            schema.migrate(con)
            # a file from before the indicator table existed gets the curated list once
            if con.execute("SELECT count(*) FROM indikator").fetchone()[0] == 0:
                store_indicators(con, read_indicators(load_text(SOURCE_DOCUMENT)))
        finally:
            con.close()
    return db_path


def write_plan(con: duckdb.DuckDBPyConnection, plan: Plan,
               indicators: list[Indicator] = ()) -> None:
    doc = plan.document
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT INTO plan VALUES (1, ?, ?, ?, ?, ?, ?)",
                [doc.titel, doc.kreis, doc.jahr, doc.stand, doc.einleitung or None,
                 "werkstattplan_2019.txt"])
    con.executemany("INSERT INTO ziel VALUES (?, 1, ?, ?, ?, ?)",
                    [[i, g.ebene, g.dimension, g.text, g.position]
                     for i, g in enumerate(doc.goals, start=1)])
    field_ids = {f.name: i for i, f in enumerate(doc.fields, start=1)}
    con.executemany("INSERT INTO handlungsfeld VALUES (?, 1, ?, ?, ?)",
                    [[field_ids[f.name], f.name, f.beschreibung, f.position] for f in doc.fields])
    contact_ids = {id(c): i for i, c in enumerate(plan.contacts, start=1)}
    con.executemany("INSERT INTO kontakt VALUES (?, ?, ?, ?)", [
        [contact_ids[id(c)], c.name, c.art,
         contact_ids[id(c.organisation)] if c.organisation else None] for c in plan.contacts])
    con.executemany("INSERT INTO kontakt_alias VALUES (?, ?)", [
        [contact_ids[id(c)], alias] for c in plan.contacts for alias in c.aliases])

    tool_ids = {t.name: i for i, t in enumerate(plan.tools, start=1)}
    rows = {name: [] for name in ("werkzeug", "alias", "jahr", "hinweis", "massnahme", "termin",
                                  "kontakt", "budget")}
    measure_id = termin_id = posten_id = hinweis_id = 0
    for tool in plan.tools:
        tid = tool_ids[tool.name]
        ov = tool.overview
        rows["werkzeug"].append([
            tid, field_ids.get(tool.feld), tool.name, tool.zielgruppe, tool.umsetzungsort,
            tool.beteiligte, tool.budget_text, tool.externe_beratung, tool.beschreibung,
            tool.chancen, tool.schwierigkeiten, tool.position, tool.ansprechperson_text,
            tool.vor_ort_text, ov.ansprechperson if ov else None, ov.umsetzungsort if ov else None,
            ov.beteiligte if ov else None, tool.line])
        rows["alias"] += [[tid, alias, "Übersicht"] for alias in tool.aliases]
        rows["jahr"] += [[tid, year] for year in tool.jahre]
        for note in tool.notes:
            hinweis_id += 1
            # a note has no months: an italic row with marks became a measure
            rows["hinweis"].append([hinweis_id, tid, note.text, None, note.position])
        for measure in tool.measures:
            measure_id += 1
            rows["massnahme"].append([measure_id, tid, measure.titel, measure.position,
                                      measure.hinweis, measure.line, measure.fortfuehrung])
            for mark in measure.marks:
                termin_id += 1
                rows["termin"].append([termin_id, measure_id, mark.beginn, mark.ende, mark.art,
                                       mark.bezeichnung, mark.ungefaehr, mark.rohmarke,
                                       mark.deutung])
        for link in tool.contacts:
            rows["kontakt"].append([tid, contact_ids[id(link.contact)], link.rolle, link.zusatz,
                                    ", ".join(link.quellen)])
        for item in tool.budget:
            posten_id += 1
            rows["budget"].append([posten_id, tid, item.betrag_min, item.betrag_max, item.periode,
                                   item.vk, item.art, item.ungefaehr, item.text])
    statements = {
        "werkzeug": "INSERT INTO werkzeug (id, plan_id, handlungsfeld_id, name, zielgruppe, "
                    "umsetzungsort, beteiligte, budget_text, externe_beratung, beschreibung, "
                    "chancen, schwierigkeiten, position, ansprechperson_text, vor_ort_text, "
                    "ansprechperson_uebersicht, umsetzungsort_uebersicht, beteiligte_uebersicht, "
                    "zeile) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "alias": "INSERT INTO werkzeug_alias VALUES (?, ?, ?)",
        "jahr": "INSERT INTO werkzeug_jahr VALUES (?, ?)",
        "hinweis": "INSERT INTO werkzeug_hinweis VALUES (?, ?, ?, ?, ?)",
        "massnahme": "INSERT INTO massnahme (id, werkzeug_id, titel, position, hinweis, zeile, "
                     "fortfuehrung) VALUES (?, ?, ?, ?, ?, ?, ?)",
        "termin": "INSERT INTO termin (id, massnahme_id, beginn, ende, art, bezeichnung, ungefaehr, "
                  "rohmarke, deutung) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "kontakt": "INSERT INTO werkzeug_kontakt VALUES (?, ?, ?, ?, ?)",
        "budget": "INSERT INTO budget_posten VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    }
    for name, sql in statements.items():
        if rows[name]:
            con.executemany(sql, rows[name])
    if plan.log:
        con.executemany(
            "INSERT INTO import_log (bereich, werkzeug_id, zeile, meldung) VALUES (?, ?, ?, ?)",
            [[e.bereich, tool_ids.get(e.werkzeug), e.zeile, e.meldung] for e in plan.log])
    store_indicators(con, list(indicators))
    con.execute("COMMIT")
