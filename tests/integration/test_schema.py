import re

import duckdb
import pytest

from werkstatt import vocab
from werkstatt.store import schema

CONTRACT = {
    "plan": {"id", "titel", "kreis", "jahr", "stand"},
    "ziel": {"id", "plan_id", "ebene", "dimension", "text", "position"},
    "handlungsfeld": {"id", "plan_id", "name", "beschreibung", "position"},
    "werkzeug": {"id", "plan_id", "handlungsfeld_id", "name", "zielgruppe", "umsetzungsort",
                 "beteiligte", "budget_text", "externe_beratung", "beschreibung", "chancen",
                 "schwierigkeiten", "position"},
    "werkzeug_jahr": {"werkzeug_id", "jahr"},
    "massnahme": {"id", "werkzeug_id", "titel", "position"},
    "termin": {"id", "massnahme_id", "beginn", "ende", "art"},
    "kontakt": {"id", "name", "art"},
    "werkzeug_kontakt": {"werkzeug_id", "kontakt_id", "rolle"},
    "budget_posten": {"id", "werkzeug_id", "betrag_min", "betrag_max", "periode", "vk"},
}


def test_the_schema_contract_holds(plan_db):
    con = duckdb.connect(str(plan_db), read_only=True)
    for table, columns in CONTRACT.items():
        found = {c for c, in con.execute("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_name = ?", [table]).fetchall()}
        assert columns <= found, (table, columns - found)
    assert con.execute("SELECT data_type FROM information_schema.columns WHERE table_name = "
                       "'termin' AND column_name = 'beginn'").fetchone() == ("DATE",)


def test_migrations_run_once_and_keep_data(tmp_path):
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    latest = schema.migrate(con)
    con.execute("INSERT INTO plan (id, titel, kreis, jahr, stand) VALUES "
                "(1, 'T', 'K', 2019, DATE '2019-01-30')")
    assert schema.migrate(con) == latest
    assert con.execute("SELECT count(*) FROM plan").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM schema_version").fetchone() == (
        len(schema.MIGRATIONS),)


def test_a_failing_migration_leaves_no_trace(tmp_path, monkeypatch):
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    schema.migrate(con)
    version = schema.schema_version(con)
    broken = schema.MIGRATIONS + [(version + 1, "kaputt",
                                   "CREATE TABLE neu (x INTEGER); SELEKT 1;")]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with pytest.raises(duckdb.Error):
        schema.migrate(con)
    assert schema.schema_version(con) == version
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'neu'"
                       ).fetchone() == (0,)


VOCABULARY_CHECKS = {
    ("ziel", "ebene"): vocab.GOAL_LEVELS, ("ziel", "dimension"): vocab.GOAL_DIMENSIONS,
    ("termin", "art"): vocab.TERMIN_KINDS, ("kontakt", "art"): vocab.CONTACT_KINDS,
    ("werkzeug_kontakt", "rolle"): vocab.CONTACT_ROLES,
    ("budget_posten", "periode"): vocab.BUDGET_PERIODS, ("fortschritt", "status"): vocab.STATUSES,
}


def test_every_check_constraint_allows_exactly_the_vocabulary():
    con = duckdb.connect()
    schema.migrate(con)
    found = {}
    for table, expression in con.execute("SELECT table_name, expression FROM duckdb_constraints()"
                                         " WHERE constraint_type = 'CHECK'").fetchall():
        if m := re.fullmatch(r"\((\w+) IN \((.*)\)\)", expression):
            found[(table, m.group(1))] = tuple(re.findall(r"'((?:[^']|'')*)'", m.group(2)))
    for key, values in VOCABULARY_CHECKS.items():
        assert found[key] == values, key


def test_the_vocabulary_checks_read_as_the_released_migrations_did():
    # Released steps must never change: the generated text equals the SQL of the first
    # release (whitespace aside), so existing files and new ones get the same constraints.
    released = {
        1: ["CHECK (ebene IN ('übergeordnet', 'konkretisiert'))",
            "CHECK (dimension IN ('Werte/Haltung', 'Inhalt', 'Struktur', 'Methode'))",
            "CHECK (art IN ('zeitraum', 'meilenstein'))",
            "CHECK (art IN ('Person', 'Stelle', 'Extern'))",
            "CHECK (rolle IN ('Ansprechperson', 'Ansprechperson vor Ort', 'Externe Beratung', "
            "'Beteiligte'))",
            "CHECK (periode IN ('einmalig', 'jährlich', 'Projektlaufzeit'))"],
        3: ["CHECK (status IN ('offen', 'in Arbeit', 'erledigt', 'verschoben', 'entfallen'))"],
    }
    sql = {version: " ".join(text.split()) for version, _, text in schema.MIGRATIONS}
    for version, checks in released.items():
        for check in checks:
            assert check in sql[version], check


def test_an_older_file_gets_the_plans_qualifiers_back_and_keeps_its_values(tmp_path, monkeypatch):
    # a file of schema 5 held "über 100" as 100, "etwa 10 %" as 10, the forecast as Basiswert
    con = duckdb.connect(str(tmp_path / "alt.duckdb"))
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:5])
    schema.migrate(con)
    con.execute("INSERT INTO indikator (id, schluessel, name, art, basiswert, zitat, position) "
                "VALUES (1, 'kontext_herkunftsnationen', 'N', 'Kontextzahl', 100, 'z', 1), "
                "(2, 'jba_schulabgaenger_ohne_abschluss', 'S', 'Kontextzahl', 10, 'z', 2), "
                "(3, 'jba_rueckgang_schuelerzahlen', 'R', 'Kontextzahl', 25, 'z', 3), "
                "(4, 'laenderabende_anzahl', 'L', 'Zielindikator', 3, 'z', 4)")
    con.execute("INSERT INTO messwert (indikator_id, stichtag, wert, benutzer) "
                "VALUES (4, DATE '2019-05-01', 4, 'anna')")
    monkeypatch.undo()
    schema.migrate(con)
    assert con.execute("SELECT id, basiswert, basis_angabe, prognosewert, prognose_jahr "
                       "FROM indikator ORDER BY id").fetchall() == [
        (1, 100, "über", None, None), (2, 10, "etwa", None, None), (3, None, None, 25, 2020),
        (4, 3, None, None, None)]
    assert con.execute("SELECT indikator_id, wert FROM messwert").fetchall() == [(4, 4)]


def test_an_older_file_keeps_its_indicators_values_and_log_as_its_one_plans(tmp_path, monkeypatch):
    # a file of schema 21 (one plan per file): after step 30 every row is the plan's, and a
    # second plan may use the same indicator Schlüssel
    con = duckdb.connect(str(tmp_path / "alt.duckdb"))
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] < 30])
    schema.migrate(con)
    con.execute("INSERT INTO plan (id, titel, kreis, jahr, stand) VALUES "
                "(1, 'Plan', 'Kreis', 2019, DATE '2019-01-30')")
    con.execute("INSERT INTO werkzeug (id, plan_id, name, position) VALUES (1, 1, 'W', 1)")
    con.execute("INSERT INTO indikator (id, schluessel, werkzeug_id, name, art, basiswert, "
                "zitat, position) VALUES (1, 'a', 1, 'A', 'Zielindikator', 3, 'z', 1), "
                "(2, 'b', NULL, 'B', 'Kontextzahl', 5, 'z', 2)")
    con.execute("INSERT INTO messwert (indikator_id, stichtag, wert, benutzer) "
                "VALUES (1, DATE '2019-05-01', 4, 'anna')")
    con.execute("INSERT INTO import_log (bereich, werkzeug_id, zeile, meldung) "
                "VALUES ('Budget', 1, 7, 'gelesen')")
    monkeypatch.undo()
    schema.migrate(con)
    assert con.execute("SELECT id, plan_id, schluessel, basiswert FROM indikator ORDER BY id"
                       ).fetchall() == [(1, 1, "a", 3), (2, 1, "b", 5)]
    assert con.execute("SELECT indikator_id, wert, benutzer FROM messwert").fetchall() == [
        (1, 4, "anna")]
    assert con.execute("SELECT plan_id, meldung FROM import_log").fetchall() == [(1, "gelesen")]
    con.execute("INSERT INTO messwert (indikator_id, stichtag, wert, benutzer) "
                "VALUES (1, DATE '2019-06-01', 5, 'anna')")  # the id sequence goes on
    con.execute("INSERT INTO plan (id, titel, kreis, jahr, stand) VALUES "
                "(2, 'Plan', 'Kreis', 2020, DATE '2020-01-30')")
    con.execute("INSERT INTO indikator (id, plan_id, schluessel, name, art, zitat, position) "
                "VALUES (3, 2, 'a', 'A', 'Zielindikator', 'z', 1)")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO indikator (id, plan_id, schluessel, name, art, zitat, position) "
                    "VALUES (4, 2, 'a', 'A', 'Zielindikator', 'z', 2)")
