"""The plan's schema: numbered migrations, each applied once and atomically.

Connections and their German errors are in connection.py, whole-file replacement in files.py."""
from __future__ import annotations

import duckdb

from werkstatt import vocab
from werkstatt.errors import StoreError


def _one_of(values: tuple[str, ...]) -> str:
    """SQL list for a CHECK (x IN (…)) from a vocabulary tuple."""
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


# Each step runs once, in order, inside its own transaction; never edit a released step,
# append a new one, so that an existing file keeps its data when the code moves on.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "Planstruktur laut Schema-Vertrag", f"""
CREATE SEQUENCE seq_import_log;
CREATE TABLE plan (
    id INTEGER PRIMARY KEY, titel TEXT NOT NULL, kreis TEXT NOT NULL, jahr INTEGER NOT NULL,
    stand DATE NOT NULL, einleitung TEXT, quelle TEXT
);
CREATE TABLE ziel (
    id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES plan(id),
    ebene TEXT NOT NULL CHECK (ebene IN ({_one_of(vocab.GOAL_LEVELS)})),
    dimension TEXT NOT NULL CHECK (dimension IN ({_one_of(vocab.GOAL_DIMENSIONS)})),
    text TEXT NOT NULL, position INTEGER NOT NULL
);
CREATE TABLE handlungsfeld (
    id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES plan(id),
    name TEXT NOT NULL, beschreibung TEXT, position INTEGER NOT NULL
);
CREATE TABLE werkzeug (
    id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES plan(id),
    handlungsfeld_id INTEGER REFERENCES handlungsfeld(id),
    name TEXT NOT NULL, zielgruppe TEXT, umsetzungsort TEXT, beteiligte TEXT, budget_text TEXT,
    externe_beratung TEXT, beschreibung TEXT, chancen TEXT, schwierigkeiten TEXT,
    position INTEGER NOT NULL,
    ansprechperson_text TEXT, vor_ort_text TEXT,
    ansprechperson_uebersicht TEXT, umsetzungsort_uebersicht TEXT, beteiligte_uebersicht TEXT,
    zeile INTEGER
);
CREATE TABLE werkzeug_alias (
    werkzeug_id INTEGER NOT NULL REFERENCES werkzeug(id), alias TEXT NOT NULL, quelle TEXT NOT NULL
);
CREATE TABLE werkzeug_jahr (
    werkzeug_id INTEGER NOT NULL REFERENCES werkzeug(id), jahr INTEGER NOT NULL,
    PRIMARY KEY (werkzeug_id, jahr)
);
CREATE TABLE werkzeug_hinweis (
    id INTEGER PRIMARY KEY, werkzeug_id INTEGER NOT NULL REFERENCES werkzeug(id),
    text TEXT NOT NULL, monate TEXT, position INTEGER NOT NULL
);
CREATE TABLE massnahme (
    id INTEGER PRIMARY KEY, werkzeug_id INTEGER NOT NULL REFERENCES werkzeug(id),
    titel TEXT NOT NULL, position INTEGER NOT NULL, hinweis TEXT, zeile INTEGER
);
CREATE TABLE termin (
    id INTEGER PRIMARY KEY, massnahme_id INTEGER NOT NULL REFERENCES massnahme(id),
    beginn DATE NOT NULL, ende DATE NOT NULL,
    art TEXT NOT NULL CHECK (art IN ({_one_of(vocab.TERMIN_KINDS)})),
    bezeichnung TEXT, ungefaehr BOOLEAN NOT NULL DEFAULT false,
    rohmarke TEXT NOT NULL, deutung TEXT NOT NULL,
    CHECK (beginn <= ende)
);
CREATE TABLE kontakt (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    art TEXT NOT NULL CHECK (art IN ({_one_of(vocab.CONTACT_KINDS)})),
    organisation_id INTEGER
);
CREATE TABLE kontakt_alias (kontakt_id INTEGER NOT NULL REFERENCES kontakt(id), alias TEXT NOT NULL);
CREATE TABLE werkzeug_kontakt (
    werkzeug_id INTEGER NOT NULL REFERENCES werkzeug(id),
    kontakt_id INTEGER NOT NULL REFERENCES kontakt(id),
    rolle TEXT NOT NULL CHECK (rolle IN ({_one_of(vocab.CONTACT_ROLES)})),
    zusatz TEXT, quelle TEXT NOT NULL,
    PRIMARY KEY (werkzeug_id, kontakt_id, rolle)
);
CREATE TABLE budget_posten (
    id INTEGER PRIMARY KEY, werkzeug_id INTEGER NOT NULL REFERENCES werkzeug(id),
    betrag_min DECIMAL(12, 2), betrag_max DECIMAL(12, 2),
    periode TEXT CHECK (periode IN ({_one_of(vocab.BUDGET_PERIODS)})),
    vk DECIMAL(6, 2), art TEXT NOT NULL, ungefaehr BOOLEAN NOT NULL DEFAULT false,
    text TEXT NOT NULL,
    CHECK (betrag_min IS NULL OR betrag_max IS NULL OR betrag_min <= betrag_max)
);
CREATE TABLE import_log (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_import_log'),
    bereich TEXT NOT NULL, werkzeug_id INTEGER, zeile INTEGER, meldung TEXT NOT NULL
);
"""),
    (2, "Indikatoren und Messwerte", f"""
CREATE SEQUENCE seq_messwert;
CREATE TABLE indikator (
    id INTEGER PRIMARY KEY, schluessel TEXT NOT NULL UNIQUE,
    werkzeug_id INTEGER REFERENCES werkzeug(id), handlungsfeld_id INTEGER REFERENCES handlungsfeld(id),
    name TEXT NOT NULL, art TEXT NOT NULL CHECK (art IN ({_one_of(vocab.INDICATOR_KINDS)})),
    einheit TEXT, basiswert DOUBLE, basis_stichtag DATE, zielwert DOUBLE, ziel_stichtag DATE,
    richtung TEXT CHECK (richtung IN ({_one_of(vocab.DIRECTIONS)})),
    zitat TEXT NOT NULL, zeile INTEGER, bemerkung TEXT, position INTEGER NOT NULL
);
CREATE TABLE messwert (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_messwert'),
    indikator_id INTEGER NOT NULL REFERENCES indikator(id), stichtag DATE NOT NULL,
    wert DOUBLE NOT NULL, kommentar TEXT, benutzer TEXT NOT NULL,
    erfasst_am TIMESTAMP NOT NULL DEFAULT current_timestamp
);
"""),
    (3, "Fortschritt, Änderungsprotokoll, Versionen und Entfernen von Maßnahmen", f"""
CREATE SEQUENCE seq_fortschritt;
CREATE SEQUENCE seq_aenderung;
CREATE TABLE fortschritt (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_fortschritt'),
    massnahme_id INTEGER NOT NULL REFERENCES massnahme(id),
    status TEXT NOT NULL CHECK (status IN ({_one_of(vocab.STATUSES)})),
    kommentar TEXT, benutzer TEXT NOT NULL, erfasst_am TIMESTAMP NOT NULL,
    version INTEGER NOT NULL, UNIQUE (massnahme_id, version)
);
CREATE TABLE aenderung (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_aenderung'),
    zeitpunkt TIMESTAMP NOT NULL, benutzer TEXT NOT NULL, tabelle TEXT NOT NULL,
    datensatz_id INTEGER, aktion TEXT NOT NULL, alt TEXT, neu TEXT
);
ALTER TABLE massnahme ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE massnahme ADD COLUMN entfernt_am TIMESTAMP;
ALTER TABLE werkzeug ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE indikator ADD COLUMN version INTEGER DEFAULT 1;
"""),
    (4, "Versionen der Termine", """
ALTER TABLE termin ADD COLUMN version INTEGER DEFAULT 1;
"""),
    (5, "Maßnahmen zur Fortführung (kursive Zeilen mit Monatsmarkierung)", """
ALTER TABLE massnahme ADD COLUMN fortfuehrung BOOLEAN DEFAULT false;
"""),
    # A file built before this step holds "über 100" as 100, "etwa 10 %" as 10 and the forecast
    # "Rückgang um 25 Prozent bis 2020" as a Basiswert: those three rows get the plan's
    # wording back, unless an admin has changed the value since. (DuckDB cannot add a column
    # with a CHECK; basis_angabe is checked against vocab.VALUE_QUALIFIERS when read in.)
    (6, "Genauigkeit der Basiswerte (über, etwa) und Prognosen der Indikatoren", f"""
ALTER TABLE indikator ADD COLUMN basis_angabe TEXT;
ALTER TABLE indikator ADD COLUMN prognosewert DOUBLE;
ALTER TABLE indikator ADD COLUMN prognose_jahr INTEGER;
UPDATE indikator SET basis_angabe = '{vocab.ABOVE}' WHERE schluessel = 'kontext_herkunftsnationen' AND basiswert = 100;
UPDATE indikator SET basis_angabe = '{vocab.ABOUT}' WHERE schluessel = 'jba_schulabgaenger_ohne_abschluss' AND basiswert = 10;
UPDATE indikator SET prognosewert = basiswert, prognose_jahr = 2020, basiswert = NULL
 WHERE schluessel = 'jba_rueckgang_schuelerzahlen' AND basiswert = 25 AND basis_stichtag IS NULL;
"""),
    # Steps 10-19: the plan over time (issue 17). Plain tables without foreign keys or
    # sequences (ids are max + 1): a backup loaded as data restores them as they are.
    (10, "Beschluss und Stände, Gründe für Terminänderungen, Ziele je Werkzeug", f"""
CREATE TABLE stand (
    id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL,
    art TEXT NOT NULL CHECK (art IN ({_one_of(vocab.STAND_KINDS)})),
    name TEXT NOT NULL, datum DATE NOT NULL, drucksache TEXT,
    angelegt_am TIMESTAMP NOT NULL, angelegt_von TEXT NOT NULL, herkunft TEXT NOT NULL
);
CREATE TABLE stand_massnahme (
    stand_id INTEGER NOT NULL, massnahme_id INTEGER NOT NULL, werkzeug_id INTEGER NOT NULL,
    titel TEXT NOT NULL, position INTEGER NOT NULL, fortfuehrung BOOLEAN NOT NULL,
    status TEXT NOT NULL, termine_bekannt BOOLEAN NOT NULL,
    PRIMARY KEY (stand_id, massnahme_id)
);
CREATE TABLE stand_termin (
    stand_id INTEGER NOT NULL, termin_id INTEGER NOT NULL, massnahme_id INTEGER NOT NULL,
    beginn DATE NOT NULL, ende DATE NOT NULL, art TEXT NOT NULL, bezeichnung TEXT,
    ungefaehr BOOLEAN NOT NULL, PRIMARY KEY (stand_id, termin_id)
);
CREATE TABLE stand_budget (
    stand_id INTEGER NOT NULL, budget_posten_id INTEGER NOT NULL, werkzeug_id INTEGER NOT NULL,
    betrag_min DECIMAL(12, 2), betrag_max DECIMAL(12, 2), periode TEXT, vk DECIMAL(6, 2),
    ungefaehr BOOLEAN NOT NULL, text TEXT NOT NULL, PRIMARY KEY (stand_id, budget_posten_id)
);
CREATE TABLE stand_indikator (
    stand_id INTEGER NOT NULL, indikator_id INTEGER NOT NULL, basiswert DOUBLE,
    basis_stichtag DATE, zielwert DOUBLE, ziel_stichtag DATE,
    PRIMARY KEY (stand_id, indikator_id)
);
CREATE TABLE verschiebung (
    id INTEGER PRIMARY KEY, massnahme_id INTEGER NOT NULL, termin_id INTEGER,
    aktion TEXT NOT NULL CHECK (aktion IN ({_one_of(vocab.SHIFT_ACTIONS)})),
    alt TEXT, neu TEXT, grund TEXT NOT NULL, benutzer TEXT NOT NULL,
    zeitpunkt TIMESTAMP NOT NULL
);
CREATE TABLE ziel_werkzeug (
    ziel_id INTEGER NOT NULL, werkzeug_id INTEGER NOT NULL, PRIMARY KEY (ziel_id, werkzeug_id)
);
"""),
    # Budget notes of the import log written before read "Betrag 210165.00–210165.00 €":
    # rewritten from their budget item as ingest.budget_text.BudgetItem.describe writes them
    # now (German numbers; "ca." amounts in whole euros). A note already in that form stays.
    (20, "Importprotokoll: Beträge im deutschen Format", """
CREATE OR REPLACE TEMP MACRO werkstatt_euro(x) AS
    translate(format('{:,.2f}', x::DOUBLE), ',.', '.,') || chr(160) || '€';
CREATE OR REPLACE TEMP MACRO werkstatt_ganz(x) AS
    translate(format('{:,.0f}', round(x)::DOUBLE), ',.', '.,') || chr(160) || '€';
CREATE OR REPLACE TEMP MACRO werkstatt_ganz_ohne(x) AS
    translate(format('{:,.0f}', round(x)::DOUBLE), ',.', '.,');
CREATE OR REPLACE TEMP MACRO werkstatt_zahl(x) AS
    regexp_replace(translate(format('{:,.2f}', x::DOUBLE), ',.', '.,'), ',?0+$', '');
CREATE OR REPLACE TEMP MACRO werkstatt_betrag(lo, hi, ca) AS CASE
    WHEN lo IS NULL AND hi IS NULL THEN 'kein Betrag genannt'
    WHEN ca AND lo = hi THEN 'Betrag ca. ' || werkstatt_ganz(lo)
    WHEN ca AND lo IS NOT NULL AND hi IS NOT NULL
        THEN 'Betrag ca. ' || werkstatt_ganz_ohne(lo) || ' – ' || werkstatt_ganz(hi)
    WHEN ca AND hi IS NOT NULL THEN 'Betrag bis ca. ' || werkstatt_ganz(hi)
    WHEN ca THEN 'Betrag ab ca. ' || werkstatt_ganz(lo)
    WHEN lo = hi THEN 'Betrag ' || werkstatt_euro(lo)
    WHEN lo IS NOT NULL AND hi IS NOT NULL
        THEN 'Betrag ' || werkstatt_euro(lo) || ' – ' || werkstatt_euro(hi)
    WHEN hi IS NOT NULL THEN 'Betrag bis ' || werkstatt_euro(hi)
    ELSE 'Betrag ab ' || werkstatt_euro(lo) END;
UPDATE import_log SET meldung = (
    SELECT first('„' || b.text || '“ → ' || b.art || ', '
                 || werkstatt_betrag(b.betrag_min, b.betrag_max, b.ungefaehr)
                 || coalesce(', ' || werkstatt_zahl(b.vk) || ' VK', '')
                 || coalesce(', ' || b.periode, '')
                 || CASE WHEN b.ungefaehr AND b.betrag_min IS NULL AND b.betrag_max IS NULL
                         THEN ', ungefähr' ELSE '' END)
    FROM budget_posten b
    WHERE b.werkzeug_id = import_log.werkzeug_id
      AND starts_with(import_log.meldung, '„' || b.text || '“ → ' || b.art || ', '))
WHERE bereich = 'Budget' AND EXISTS (
    SELECT 1 FROM budget_posten b WHERE b.werkzeug_id = import_log.werkzeug_id
      AND starts_with(import_log.meldung, '„' || b.text || '“ → ' || b.art || ', '));
DROP MACRO werkstatt_betrag;
DROP MACRO werkstatt_zahl;
DROP MACRO werkstatt_ganz_ohne;
DROP MACRO werkstatt_ganz;
DROP MACRO werkstatt_euro;
"""),
    (21, "Angemeldet bleiben: Anmeldesitzungen (nur der Hash des Tokens)", """
CREATE TABLE anmeldesitzung (
    token_hash TEXT PRIMARY KEY,           -- SHA-256 of the cookie's random token
    benutzer TEXT NOT NULL,
    passwort_kennung TEXT NOT NULL,        -- SHA-256 of the password hash at login
    angelegt_am TIMESTAMP NOT NULL, gueltig_bis TIMESTAMP NOT NULL,
    beendet_am TIMESTAMP                   -- logout
);
"""),
    # Steps 30-39: several plans in one database (issue 19). Until now a file held one plan,
    # so every existing row belongs to it (the lowest plan id; 1, the id every build gave it,
    # for an indicator in a file without a plan). DuckDB can neither drop a UNIQUE constraint
    # nor rename a table others reference: indikator (and messwert, which references it) is
    # rebuilt under its own name, its Schlüssel now unique per plan.
    (30, "Mehrere Pläne: Indikatoren und Importprotokoll je Plan, Vorgänger", f"""
CREATE TEMP TABLE alt_indikator AS SELECT * FROM indikator;
CREATE TEMP TABLE alt_messwert AS SELECT * FROM messwert;
DROP TABLE messwert;
DROP TABLE indikator;
CREATE TABLE indikator (
    id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL, schluessel TEXT NOT NULL,
    werkzeug_id INTEGER REFERENCES werkzeug(id), handlungsfeld_id INTEGER REFERENCES handlungsfeld(id),
    name TEXT NOT NULL, art TEXT NOT NULL CHECK (art IN ({_one_of(vocab.INDICATOR_KINDS)})),
    einheit TEXT, basiswert DOUBLE, basis_stichtag DATE, zielwert DOUBLE, ziel_stichtag DATE,
    richtung TEXT CHECK (richtung IN ({_one_of(vocab.DIRECTIONS)})),
    zitat TEXT NOT NULL, zeile INTEGER, bemerkung TEXT, position INTEGER NOT NULL,
    version INTEGER DEFAULT 1, basis_angabe TEXT, prognosewert DOUBLE, prognose_jahr INTEGER,
    vorgaenger_id INTEGER,
    UNIQUE (plan_id, schluessel)
);
INSERT INTO indikator BY NAME
SELECT i.*, coalesce(w.plan_id, h.plan_id, (SELECT min(id) FROM plan), 1) AS plan_id
FROM alt_indikator i LEFT JOIN werkzeug w ON w.id = i.werkzeug_id
LEFT JOIN handlungsfeld h ON h.id = i.handlungsfeld_id;
CREATE TABLE messwert (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_messwert'),
    indikator_id INTEGER NOT NULL REFERENCES indikator(id), stichtag DATE NOT NULL,
    wert DOUBLE NOT NULL, kommentar TEXT, benutzer TEXT NOT NULL,
    erfasst_am TIMESTAMP NOT NULL DEFAULT current_timestamp
);
INSERT INTO messwert BY NAME SELECT * FROM alt_messwert;
DROP TABLE alt_messwert;
DROP TABLE alt_indikator;
ALTER TABLE import_log ADD COLUMN plan_id INTEGER;
UPDATE import_log SET plan_id = (SELECT min(id) FROM plan);
ALTER TABLE plan ADD COLUMN vorgaenger_id INTEGER;
ALTER TABLE werkzeug ADD COLUMN vorgaenger_id INTEGER;
ALTER TABLE massnahme ADD COLUMN vorgaenger_id INTEGER;
"""),
    # every plan has its Beschluss as Stand 0: a Stand is named by its plan and its id
    (31, "Beschluss und Stände je Plan", f"""
CREATE TEMP TABLE alt_stand AS SELECT * FROM stand;
DROP TABLE stand;
CREATE TABLE stand (
    id INTEGER NOT NULL, plan_id INTEGER NOT NULL,
    art TEXT NOT NULL CHECK (art IN ({_one_of(vocab.STAND_KINDS)})),
    name TEXT NOT NULL, datum DATE NOT NULL, drucksache TEXT,
    angelegt_am TIMESTAMP NOT NULL, angelegt_von TEXT NOT NULL, herkunft TEXT NOT NULL,
    PRIMARY KEY (plan_id, id)
);
INSERT INTO stand BY NAME SELECT * FROM alt_stand;
DROP TABLE alt_stand;
"""),
    # the decisions a Fortschreibung was applied with, so its Übergang is read, not recomputed
    (40, "Fortschreibung: die Entscheidungen je Maßnahme beim Anlegen", """
CREATE TABLE fortschreibung (
    plan_id INTEGER NOT NULL, massnahme_id INTEGER NOT NULL, vorschlag TEXT NOT NULL,
    entscheidung TEXT NOT NULL, grund TEXT, neue_massnahme_id INTEGER,
    PRIMARY KEY (plan_id, massnahme_id)
);
"""),
]


BESCHLUSS_STEP = 10  # the migration that adds the tables of the Beschluss and the Stände


def one_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple:
    """The single row of a query that always returns one (an aggregate, RETURNING)."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise StoreError(f"Die Abfrage lieferte keine Zeile: {sql[:80]}")
    return row


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    (exists,) = one_row(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
    if not exists:
        return 0
    return one_row(con, "SELECT coalesce(max(version), 0) FROM schema_version")[0]


def latest_version() -> int:
    return MIGRATIONS[-1][0]


def migrate(con: duckdb.DuckDBPyConnection, up_to: int | None = None) -> int:
    """Apply every pending migration (up to version `up_to`, e.g. a backup's), each
    atomically; returns the resulting version."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, beschreibung TEXT, angewendet_am TIMESTAMP)"
    )
    current = schema_version(con)
    for version, description, sql in MIGRATIONS:
        if version <= current or (up_to is not None and version > up_to):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_timestamp)",
                [version, description]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    # a file built before the Beschluss was kept gets it from its import state, once (a
    # schema made only up to an earlier step, e.g. a backup's, has no table for it yet)
    if current >= BESCHLUSS_STEP:
        from werkstatt.store.baseline import ensure_beschluss  # baseline reads this module
        ensure_beschluss(con)
    return current
