import duckdb

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
    assert con.execute("SELECT count(*) FROM schema_version").fetchone() == (len(schema.MIGRATIONS),)


def test_a_failing_migration_leaves_no_trace(tmp_path, monkeypatch):
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    schema.migrate(con)
    version = schema.schema_version(con)
    broken = schema.MIGRATIONS + [(version + 1, "kaputt", "CREATE TABLE neu (x INTEGER); SELEKT 1;")]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    try:
        schema.migrate(con)
    except duckdb.Error:
        pass
    assert schema.schema_version(con) == version
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'neu'"
                       ).fetchone() == (0,)
