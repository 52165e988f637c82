"""DuckDB storage: schema migrations, connections and the atomic build of a plan file."""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb

from werkstatt import vocab
from werkstatt.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseMissingError,
    DiskFullError,
    NotDuckDBError,
    NoWriteAccessError,
    StoreError,
)


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
]


def default_db_path() -> Path:
    """The database file the dashboard uses: WERKSTATT_DB or data/werkstattplan.duckdb."""
    return Path(os.environ.get("WERKSTATT_DB", "data/werkstattplan.duckdb"))


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
                "INSERT INTO schema_version VALUES (?, ?, current_timestamp)",
                [version, description]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    # a file built before the Beschluss was kept gets it from its import state, once
    from werkstatt.store.baseline import ensure_beschluss  # baseline reads this module
    ensure_beschluss(con)
    return current


# Only the json, parquet and icu extensions exist offline; a foreign file (SQLite, …) must be
# refused instead of making DuckDB download a reader for it.
CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False, "autoload_known_extensions": False}
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB file


def connect(path: Path | str, read_only: bool = False, *,
            create: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to an existing DuckDB file (or a new one with `create`); every failure is a
    StoreError that says what is wrong: missing, not DuckDB, damaged, busy, full disk, no rights."""
    path = Path(path)
    if not path.exists() and not create:
        raise DatabaseMissingError(f"Die Datenbank {path} gibt es nicht. Pfad prüfen oder erst "
                                   "„python -m werkstatt init“ ausführen.")
    if path.is_dir():
        raise NotDuckDBError(f"{path} ist ein Ordner, keine Datenbankdatei.")
    if path.exists() and path.stat().st_size > 0:
        _check_is_duckdb(path)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
        # SET, not connect(config=…): DuckDB refuses a second connection to one file with a
        # different config, and the pages and tests also open the file without one
        for name, value in CONFIG.items():
            con.execute(f"SET {name} = {str(value).lower()}")
        return con
    except (duckdb.Error, OSError) as exc:
        raise store_error(exc, path) from exc


def check_readable(con: duckdb.DuckDBPyConnection, path: Path | str) -> None:
    """Read every table once (milliseconds for a plan): a file cut short opens fine and fails
    only on the first query of a lost block, i.e. on some page, later."""
    try:
        tables = con.execute("SELECT table_name FROM information_schema.tables "
                             "WHERE table_type = 'BASE TABLE'").fetchall()
        for (table,) in tables:
            con.execute(f'SELECT * FROM "{table}"').fetchall()
    except duckdb.Error as exc:
        raise store_error(exc, path) from exc


def _check_is_duckdb(path: Path) -> None:
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError as exc:
        raise store_error(exc, path) from exc
    if head[8:12] != _DUCKDB_MAGIC:
        kind = " (eine SQLite-Datenbank)" if head.startswith(b"SQLite format 3") else ""
        raise NotDuckDBError(f"{path} ist keine DuckDB-Datei{kind}. Bitte die Datei des "
                             "Werkstattplans angeben (Standard: data/werkstattplan.duckdb).")


def store_error(exc: BaseException, path: Path | str) -> StoreError:
    """The German StoreError for a failed DuckDB or file operation on `path`."""
    code = exc.errno if isinstance(exc, OSError) else None
    text = str(exc).lower()
    if code in (errno.ENOSPC, errno.EDQUOT) or "no space left" in text or "disk quota" in text:
        return DiskFullError(f"Datenträger voll: {path} lässt sich nicht schreiben. Bitte Platz "
                             "schaffen; es wurde nichts geändert.")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "permission denied" in text \
            or "read-only file system" in text:
        return NoWriteAccessError(f"Keine Schreibrechte für {path} oder seinen Ordner. Bitte die "
                                  "Rechte des Datenordners prüfen; es wurde nichts geändert.")
    if "could not set lock" in text or "conflicting lock" in text:
        return DatabaseBusyError(f"Die Datenbank {path} wird von einem anderen Prozess benutzt "
                                 "(läuft das Dashboard?). Bitte später erneut versuchen oder das "
                                 "Dashboard beenden.")
    if "not a valid duckdb" in text:
        return NotDuckDBError(f"{path} ist keine DuckDB-Datei.")
    if any(sign in text for sign in _DAMAGE_SIGNS):
        return DatabaseDamagedError(f"Die Datenbank {path} ist beschädigt (Datei abgeschnitten "
                                    "oder verändert). Bitte aus einer Sicherung wiederherstellen: "
                                    "„python -m werkstatt restore“.")
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreError(f"Die Datenbank {path} lässt sich nicht verwenden: {first_line}")


_DAMAGE_SIGNS = ("could not read enough bytes", "checksum", "corrupt", "serializ",
                 "internal error")


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".neu", dir=path.parent)
    except OSError as exc:
        raise store_error(exc, path) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = connect(tmp, create=True)
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
    except (duckdb.IOException, OSError) as exc:  # full disk, no rights: the old file stays
        raise store_error(exc, path) from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
