"""Writes a read plan into a DuckDB file (schema from schema.py), atomically."""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from werkstatt.errors import SourceError, StoreError
from werkstatt.ingest.contacts import Kontakt
from werkstatt.ingest.indicators import Indikator, read_indikatoren, store_indikatoren
from werkstatt.ingest.plan import SOURCE_DOCUMENT, Plan, Werkzeug, read_plan
from werkstatt.ingest.source import Document, load_text
from werkstatt.store import connection, files, identity, schema
from werkstatt.store.baseline import write_beschluss


@dataclass
class BuildResult:
    path: Path
    backup: Path | None
    plan: Plan


def curated_indicators(plan: Plan, source_path: Path | None) -> list[Indikator]:
    """The curated indicators (data/indikatoren.csv) quote the shipped plan: they come with it
    and with a copy of it (plan-export's .txt: the same county and year, every quote in its
    text); another document brings none of them."""
    if source_path is None:
        return read_indikatoren(load_text(SOURCE_DOCUMENT))
    shipped = read_plan().document
    if (plan.document.kreis, plan.document.jahr) != (shipped.kreis, shipped.jahr):
        return []
    try:
        return read_indikatoren(load_text(source_path))
    except SourceError:  # a quote not in it: another text of that plan, no curated values
        return []


def build_database(db_path: Path | str, source_path: Path | None = None, *,
                   force: bool = True) -> BuildResult:
    """Build `db_path` from the document; refuses to replace an existing file unless `force`,
    and then backs it up first. The document is read completely before anything is written."""
    db_path = Path(db_path)
    plan = read_plan(source_path)
    indicators = curated_indicators(plan, source_path)
    backup = None
    if db_path.exists():
        if not force:
            raise StoreError(f"Die Datenbank {db_path} existiert bereits. Mit --force wird sie "
                             "neu aufgebaut (vorher wird eine Sicherung angelegt).")
        backup = files.copy_aside(db_path)
    try:
        files.build_atomically(db_path, lambda con: write_plan(con, plan, indicators))
    except BaseException:
        if backup:  # nothing was replaced: the safety copy would only be a stray file
            backup.unlink()
        raise
    return BuildResult(db_path, backup, plan)


def add_plan(db_path: Path | str, source_path: Path | None = None) -> BuildResult:
    """Add the document's plan to the existing database `db_path`, in one transaction; a plan
    of the same county and year already there is refused (German, nothing written). The
    document is read completely before the file is opened."""
    db_path = Path(db_path)
    plan = read_plan(source_path)
    if not db_path.exists():
        raise StoreError(f"Die Datenbank {db_path} gibt es nicht; --hinzufuegen ergänzt eine "
                         "vorhandene (ohne --hinzufuegen baut init eine neue).")
    doc = plan.document
    con = connection.connect(db_path)
    try:
        connection.check_readable(con, db_path)
        schema.migrate(con)
        (there,) = schema.one_row(con, "SELECT count(*) FROM plan WHERE jahr = ? AND "
                                       "lower(kreis) = lower(?)", [doc.jahr, doc.kreis])
        if there:
            raise StoreError(f"Den Plan {doc.jahr} ({doc.kreis}) enthält die Datenbank schon; "
                             "es wurde nichts geändert.")
        indicators = curated_indicators(plan, source_path)
        write_plan(con, plan, indicators)
    finally:
        con.close()
    return BuildResult(db_path, None, plan)


def ensure_database(db_path: Path | str) -> Path:
    """The dashboard's start: build the file from the shipped plan at a first start (no file,
    no backup of it), and bring an existing file's schema up to date. A missing file whose
    backups exist is refused (DatabaseGoneError): restoring is a decision, not a default."""
    db_path = Path(db_path)
    if not db_path.exists():
        identity.refuse_missing_with_backups(db_path)
        build_database(db_path, force=False)
    else:
        con = connection.connect(db_path)
        try:
            connection.check_readable(con, db_path)
            schema.migrate(con)
            # a file from before the indicator table existed gets the curated list once
            if schema.one_row(con, "SELECT count(*) FROM indikator") == (0,):
                (oldest,) = schema.one_row(con, "SELECT min(id) FROM plan")
                store_indikatoren(con, read_indikatoren(load_text(SOURCE_DOCUMENT)), oldest)
        finally:
            con.close()
    return db_path


def write_plan(con: duckdb.DuckDBPyConnection, plan: Plan,
               indicators: Sequence[Indikator] = ()) -> int:
    """Insert the whole plan in one transaction: head and goals, contacts, the Werkzeuge with
    everything that hangs off them, the import log, the curated indicators. Ids continue after
    the file's highest (a file may hold other plans); returns the new plan's id."""
    con.execute("BEGIN TRANSACTION")
    try:
        plan_id = _write(con, plan, indicators)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return plan_id


def _write(con: duckdb.DuckDBPyConnection, plan: Plan, indicators: Sequence[Indikator]) -> int:
    plan_id, handlungsfeld_ids = _write_head(con, plan.document)
    kontakt_ids = _write_kontakte(con, plan.kontakte)
    first = _next_id(con, "werkzeug")
    werkzeug_ids = {w.name: i for i, w in enumerate(plan.werkzeuge, start=first)}
    rows = _werkzeug_rows(con, plan.werkzeuge, werkzeug_ids, handlungsfeld_ids, kontakt_ids)
    for name, sql in _INSERTS.items():
        if rows[name]:
            con.executemany(sql, [[plan_id, *row] if name == "werkzeug" else row
                                  for row in rows[name]])
    if plan.log:
        con.executemany(
            "INSERT INTO import_log (bereich, werkzeug_id, zeile, meldung, plan_id) "
            "VALUES (?, ?, ?, ?, ?)",
            [[e.bereich, werkzeug_ids.get(e.werkzeug or ""), e.zeile, e.meldung, plan_id]
             for e in plan.log])
    store_indikatoren(con, list(indicators), plan_id)
    write_beschluss(con, plan_id)  # the plan as adopted, kept apart from every later edit
    return plan_id


def _next_id(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return schema.one_row(con, f"SELECT coalesce(max(id), 0) + 1 FROM {table}")[0]


def _write_head(con: duckdb.DuckDBPyConnection, doc: Document) -> tuple[int, dict[str, int]]:
    """The plan row, the goal catalogue and the fields of action; returns the plan's id and
    {field name: id}."""
    plan_id = _next_id(con, "plan")
    con.execute("INSERT INTO plan (id, titel, kreis, jahr, stand, einleitung, quelle) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [plan_id, doc.titel, doc.kreis, doc.jahr, doc.stand, doc.einleitung or None,
                 "werkstattplan_2019.txt"])
    con.executemany("INSERT INTO ziel VALUES (?, ?, ?, ?, ?, ?)",
                    [[i, plan_id, g.ebene, g.dimension, g.text, g.position]
                     for i, g in enumerate(doc.ziele, start=_next_id(con, "ziel"))])
    handlungsfeld_ids = {f.name: i for i, f in enumerate(doc.handlungsfelder,
                                                          start=_next_id(con, "handlungsfeld"))}
    con.executemany("INSERT INTO handlungsfeld VALUES (?, ?, ?, ?, ?)",
                    [[handlungsfeld_ids[f.name], plan_id, f.name, f.beschreibung, f.position]
                     for f in doc.handlungsfelder])
    return plan_id, handlungsfeld_ids


def _write_kontakte(con: duckdb.DuckDBPyConnection, kontakte: list[Kontakt]) -> dict[int, int]:
    """Contacts and their spellings; returns {id(contact object): kontakt id}. A contact the
    file already knows by name (of another plan) is that one, with its new spellings added."""
    known = dict(con.execute("SELECT name, id FROM kontakt").fetchall())
    fresh = [c for c in kontakte if c.name not in known]
    kontakt_ids = {id(c): known[c.name] for c in kontakte if c.name in known}
    kontakt_ids.update({id(c): i for i, c in enumerate(fresh, start=_next_id(con, "kontakt"))})
    if fresh:
        con.executemany("INSERT INTO kontakt VALUES (?, ?, ?, ?)", [
            [kontakt_ids[id(c)], c.name, c.art,
             kontakt_ids[id(c.organisation)] if c.organisation else None] for c in fresh])
    spellings = set(con.execute("SELECT kontakt_id, alias FROM kontakt_alias").fetchall())
    aliases = {(kontakt_ids[id(c)], alias) for c in kontakte for alias in c.aliases}
    if aliases - spellings:
        con.executemany("INSERT INTO kontakt_alias VALUES (?, ?)",
                        [list(pair) for pair in sorted(aliases - spellings)])
    return kontakt_ids


def _werkzeug_rows(con: duckdb.DuckDBPyConnection, werkzeuge: list[Werkzeug],
                   werkzeug_ids: dict[str, int],
                   handlungsfeld_ids: dict[str, int],
                   kontakt_ids: dict[int, int]) -> dict[str, list[list]]:
    """Rows for every table that hangs off a Werkzeug, keyed like _INSERTS; ids count up
    across the file."""
    rows: dict[str, list[list]] = {name: [] for name in _INSERTS}
    tables = {"hinweis": "werkzeug_hinweis", "massnahme": "massnahme", "termin": "termin",
              "budget": "budget_posten"}
    next_id = {name: itertools.count(_next_id(con, table)) for name, table in tables.items()}
    for werkzeug in werkzeuge:
        wid = werkzeug_ids[werkzeug.name]
        rows["werkzeug"].append(_werkzeug_row(werkzeug, wid, handlungsfeld_ids))
        rows["alias"] += [[wid, alias, "Übersicht"] for alias in werkzeug.aliases]
        rows["jahr"] += [[wid, year] for year in werkzeug.jahre]
        # a note has no months: an italic row with marks became a measure
        rows["hinweis"] += [[next(next_id["hinweis"]), wid, note.text, None, note.position]
                            for note in werkzeug.notes]
        for measure in werkzeug.massnahmen:
            massnahme_id = next(next_id["massnahme"])
            rows["massnahme"].append([massnahme_id, wid, measure.titel, measure.position,
                                      measure.hinweis, measure.line, measure.fortfuehrung])
            rows["termin"] += [[next(next_id["termin"]), massnahme_id, m.beginn, m.ende, m.art,
                                m.bezeichnung, m.ungefaehr, m.rohmarke, m.deutung]
                               for m in measure.marks]
        rows["kontakt"] += [[wid, kontakt_ids[id(link.contact)], link.rolle, link.zusatz,
                             ", ".join(link.quellen)] for link in werkzeug.kontakte]
        rows["budget"] += [[next(next_id["budget"]), wid, item.betrag_min, item.betrag_max,
                            item.periode, item.vk, item.art, item.ungefaehr, item.text]
                           for item in werkzeug.budget]
    return rows


def _werkzeug_row(werkzeug: Werkzeug, wid: int, handlungsfeld_ids: dict[str, int]) -> list:
    ov = werkzeug.overview
    return [wid, handlungsfeld_ids.get(werkzeug.feld or ""), werkzeug.name,
            werkzeug.zielgruppe, werkzeug.umsetzungsort, werkzeug.beteiligte,
            werkzeug.budget_text, werkzeug.externe_beratung, werkzeug.beschreibung,
            werkzeug.chancen, werkzeug.schwierigkeiten, werkzeug.position,
            werkzeug.ansprechperson_text, werkzeug.vor_ort_text,
            ov.ansprechperson if ov else None, ov.umsetzungsort if ov else None,
            ov.beteiligte if ov else None, werkzeug.line]


_INSERTS = {
    "werkzeug": "INSERT INTO werkzeug (plan_id, id, handlungsfeld_id, name, zielgruppe, "
                "umsetzungsort, beteiligte, budget_text, externe_beratung, beschreibung, "
                "chancen, schwierigkeiten, position, ansprechperson_text, vor_ort_text, "
                "ansprechperson_uebersicht, umsetzungsort_uebersicht, beteiligte_uebersicht, "
                "zeile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
