"""DuckDB storage: schema migrations, connections and the atomic build of a plan file."""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb

from werkstatt.errors import StoreError

# Each step runs once, in order, inside its own transaction; never edit a released step,
# append a new one, so that an existing file keeps its data when the code moves on.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "Planstruktur laut Schema-Vertrag", """
CREATE SEQUENCE seq_import_log;
CREATE TABLE plan (
    id INTEGER PRIMARY KEY, titel TEXT NOT NULL, kreis TEXT NOT NULL, jahr INTEGER NOT NULL,
    stand DATE NOT NULL, einleitung TEXT, quelle TEXT
);
CREATE TABLE ziel (
    id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES plan(id),
    ebene TEXT NOT NULL CHECK (ebene IN ('übergeordnet', 'konkretisiert')),
    dimension TEXT NOT NULL CHECK (dimension IN ('Werte/Haltung', 'Inhalt', 'Struktur', 'Methode')),
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
    art TEXT NOT NULL CHECK (art IN ('zeitraum', 'meilenstein')),
    bezeichnung TEXT, ungefaehr BOOLEAN NOT NULL DEFAULT false,
    rohmarke TEXT NOT NULL, deutung TEXT NOT NULL,
    CHECK (beginn <= ende)
);
CREATE TABLE kontakt (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    art TEXT NOT NULL CHECK (art IN ('Person', 'Stelle', 'Extern')),
    organisation_id INTEGER
);
CREATE TABLE kontakt_alias (kontakt_id INTEGER NOT NULL REFERENCES kontakt(id), alias TEXT NOT NULL);
CREATE TABLE werkzeug_kontakt (
    werkzeug_id INTEGER NOT NULL REFERENCES werkzeug(id),
    kontakt_id INTEGER NOT NULL REFERENCES kontakt(id),
    rolle TEXT NOT NULL CHECK (rolle IN ('Ansprechperson', 'Ansprechperson vor Ort',
                                         'Externe Beratung', 'Beteiligte')),
    zusatz TEXT, quelle TEXT NOT NULL,
    PRIMARY KEY (werkzeug_id, kontakt_id, rolle)
);
CREATE TABLE budget_posten (
    id INTEGER PRIMARY KEY, werkzeug_id INTEGER NOT NULL REFERENCES werkzeug(id),
    betrag_min DECIMAL(12, 2), betrag_max DECIMAL(12, 2),
    periode TEXT CHECK (periode IN ('einmalig', 'jährlich', 'Projektlaufzeit')),
    vk DECIMAL(6, 2), art TEXT NOT NULL, ungefaehr BOOLEAN NOT NULL DEFAULT false,
    text TEXT NOT NULL,
    CHECK (betrag_min IS NULL OR betrag_max IS NULL OR betrag_min <= betrag_max)
);
CREATE TABLE import_log (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_import_log'),
    bereich TEXT NOT NULL, werkzeug_id INTEGER, zeile INTEGER, meldung TEXT NOT NULL
);
"""),
    (2, "Indikatoren und Messwerte", """
CREATE SEQUENCE seq_messwert;
CREATE TABLE indikator (
    id INTEGER PRIMARY KEY, schluessel TEXT NOT NULL UNIQUE,
    werkzeug_id INTEGER REFERENCES werkzeug(id), handlungsfeld_id INTEGER REFERENCES handlungsfeld(id),
    name TEXT NOT NULL, art TEXT NOT NULL CHECK (art IN ('Zielindikator', 'Kontextzahl')),
    einheit TEXT, basiswert DOUBLE, basis_stichtag DATE, zielwert DOUBLE, ziel_stichtag DATE,
    richtung TEXT CHECK (richtung IN ('steigend', 'fallend')),
    zitat TEXT NOT NULL, zeile INTEGER, bemerkung TEXT, position INTEGER NOT NULL
);
CREATE TABLE messwert (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_messwert'),
    indikator_id INTEGER NOT NULL REFERENCES indikator(id), stichtag DATE NOT NULL,
    wert DOUBLE NOT NULL, kommentar TEXT, benutzer TEXT NOT NULL,
    erfasst_am TIMESTAMP NOT NULL DEFAULT current_timestamp
);
"""),
    (3, "Fortschritt, Änderungsprotokoll, Versionen und Entfernen von Maßnahmen", """
CREATE SEQUENCE seq_fortschritt;
CREATE SEQUENCE seq_aenderung;
CREATE TABLE fortschritt (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_fortschritt'),
    massnahme_id INTEGER NOT NULL REFERENCES massnahme(id),
    status TEXT NOT NULL CHECK (status IN ('offen', 'in Arbeit', 'erledigt', 'verschoben',
                                           'entfallen')),
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
]


def default_db_path() -> Path:
    """The database file the dashboard uses: WERKSTATT_DB or data/werkstattplan.duckdb."""
    return Path(os.environ.get("WERKSTATT_DB", "data/werkstattplan.duckdb"))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every pending migration, each atomically; returns the resulting version."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, beschreibung TEXT, angewendet_am TIMESTAMP)"
    )
    current = schema_version(con)
    for version, description, sql in MIGRATIONS:
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_timestamp)", [version, description]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise StoreError(
            f"Die Datenbank {path} lässt sich nicht öffnen (wird sie von einem anderen Prozess "
            f"benutzt?): {exc}"
        ) from exc


def copy_aside(path: Path) -> Path:
    """Copy a closed database file next to it, timestamped (the safety copy before init
    --force; the backups of a live database are werkstatt.backup's EXPORT DATABASE)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.sicherung-{stamp}")
    # Folding the WAL into the file first makes the single-file copy complete.
    con = connect(path)
    con.execute("CHECKPOINT")
    con.close()
    shutil.copy2(path, target)
    return target


def build_atomically(path: Path, fill, migrate_first: bool = True) -> None:
    """Create a fresh database at `path` via a temporary file that replaces it only on success.

    `fill(con)` writes the content (after the migrations, unless migrate_first is False);
    any exception leaves `path` untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".neu", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(str(tmp))
        try:
            if migrate_first:
                migrate(con)
            fill(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            wal.unlink()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
