"""Several plans in one database (issue 19 §1): init --hinzufuegen, each plan read apart, and
--plan JAHR on the commands that read or write a plan."""
from __future__ import annotations

import json

import duckdb

from tests.conftest import copy_database, plan_2020_document
from tests.integration.test_backup import werkstatt
from tests.integration.test_excel_cli import as_anna
from tests.integration.test_excel_termine import moved_to_november, september_measure
from werkstatt.commands import excel_import
from werkstatt.outputs.excel import export_workbook
from werkstatt.views.plan_data import PlanData
from werkstatt.views.selection import strict_filters


def counts(db) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in (
            "plan", "werkzeug", "massnahme", "termin", "kontakt", "indikator", "stand",
            "import_log"))
    finally:
        con.close()


def test_init_hinzufuegen_adds_the_2020_plan_beside_the_2019_one(tmp_path):
    db = tmp_path / "plan.duckdb"
    assert werkstatt("init", "--db", db, "--quiet")[0] == 0
    before = counts(db)
    code, out, err = werkstatt("init", "--db", db, "--hinzufuegen", "--quiet", "--source",
                               plan_2020_document(tmp_path / "plan2020.txt"))
    assert code == 0, err
    assert "Plan 2020 zur Datenbank" in out and "12 Werkzeuge, 57 Maßnahmen" in out
    after = counts(db)
    # twice the Werkzeuge, measures and Termine; the contacts are the same people
    assert after[:4] == (2, 24, 114, 2 * before[3]) and after[4] == before[4]
    assert after[6] == 2  # each plan its own Beschluss


def test_a_plan_of_the_same_county_and_year_is_refused_and_nothing_is_written(tmp_path):
    db = tmp_path / "plan.duckdb"
    werkstatt("init", "--db", db, "--quiet")
    before = counts(db)
    code, _, err = werkstatt("init", "--db", db, "--hinzufuegen", "--quiet")
    assert code == 1
    assert "Den Plan 2019 (Kreis Dithmarschen) enthält die Datenbank schon" in err
    assert "Traceback" not in err and counts(db) == before
    code, _, err = werkstatt("init", "--db", tmp_path / "fehlt.duckdb", "--hinzufuegen")
    assert code == 1 and "gibt es nicht" in err


def test_each_plan_reads_only_its_own_rows_and_the_newest_is_the_default(two_plans_db):
    con = duckdb.connect(str(two_plans_db), read_only=True)
    try:
        ids = dict(con.execute("SELECT jahr, id FROM plan").fetchall())
        newest, old = PlanData.of(con), PlanData.of(con, ids[2019])
        assert newest.info["jahr"] == 2020 and old.info["jahr"] == 2019
        for plan, jahr in ((newest, 2020), (old, 2019)):
            tools = set(plan.werkzeuge["id"])
            assert set(con.execute("SELECT id FROM werkzeug WHERE plan_id = ?",
                                   [ids[jahr]]).fetchall()) == {(t,) for t in tools}
            assert set(plan.schedule["werkzeug_id"]) <= tools
            assert set(plan.budget_items["werkzeug_id"]) <= tools
            assert set(plan.werkzeug_kontakte["werkzeug_id"]) <= tools
            assert plan.schedule["beginn"].dropna().dt.year.min() == jahr
            assert plan.choices().monate[0].year == jahr
        # the curated indicators quote the shipped 2019 plan: the other document has none
        assert len(old.indikatoren) == 12 and newest.indikatoren.empty
        assert set(old.handlungsfelder["id"]).isdisjoint(newest.handlungsfelder["id"])
    finally:
        con.close()


def test_plan_selects_the_plan_of_every_reading_command_and_an_unknown_year_is_refused(
        two_plans_db, tmp_path):
    db = copy_database(two_plans_db, tmp_path)
    code, out, err = werkstatt("indikatoren", "--db", db, "--plan", "2019", "--format", "json")
    assert code == 0, err
    assert len(json.loads(out)["indikatoren"]) == 12
    code, out, _ = werkstatt("indikatoren", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)["indikatoren"] == []  # the newest: 2020
    code, _, err = werkstatt("pruefen", "--db", db, "--plan", "2031")
    assert code == 2 and "Einen Plan 2031 gibt es in der Datenbank nicht (vorhanden: 2019, " \
                         "2020)" in err
    out_file = tmp_path / "plan.txt"
    code, _, err = werkstatt("plan-export", "--db", db, "--plan", "2019", "--out", out_file)
    assert code == 0, err
    assert out_file.read_text(encoding="utf-8").lstrip().startswith(
        "Werkstattplan Kreis Dithmarschen 2019")
    code, out, _ = werkstatt("import-log", "--db", db, "--plan", "2020")
    assert code == 0 and "Importprotokoll" in out


def test_stand_anlegen_freezes_only_the_chosen_plan(two_plans_db, tmp_path):
    db = copy_database(two_plans_db, tmp_path)
    code, _, err = werkstatt("stand", "anlegen", "--db", db, "--plan", "2019", "--name",
                             "Sachstand Juni", "--user", "chef")
    assert code == 0, err
    con = duckdb.connect(str(db), read_only=True)
    try:
        (stand_id, plan_jahr), = con.execute(
            "SELECT s.id, p.jahr FROM stand s JOIN plan p ON p.id = s.plan_id "
            "WHERE s.name = 'Sachstand Juni'").fetchall()
        assert plan_jahr == 2019
        assert con.execute(
            "SELECT DISTINCT w.plan_id FROM stand_massnahme s JOIN werkzeug w "
            "ON w.id = s.werkzeug_id WHERE s.stand_id = ?", [stand_id]).fetchall() == [(1,)]
    finally:
        con.close()
    # the same name in the other plan is another Stand
    assert werkstatt("stand", "anlegen", "--db", db, "--plan", "2020", "--name",
                     "Sachstand Juni", "--user", "chef")[0] == 0


def test_an_excel_file_of_the_older_plan_moves_its_months_beside_the_newer_plan(
        two_plans_db, tmp_path):
    db = copy_database(two_plans_db, tmp_path)
    con = duckdb.connect(str(db))
    try:
        plan = PlanData.of(con, 1)
        data = export_workbook(plan, strict_filters(plan, stichtag="2019-12-31"))
        mid, title = september_measure(con)
        moved = moved_to_november(data, mid, "Referentin erst im November")
        changes = excel_import.read_changes(con, moved, may_change_termine=True, plan_id=1)
        preview = excel_import.preview_table(changes).set_index("Maßnahme")
        assert (preview.loc[title, "Monate bisher"], preview.loc[title, "Monate neu"]) == (
            "Sep 2019", "Nov 2019")
    finally:
        con.close()
    filled = tmp_path / "fortschritt.xlsx"
    filled.write_bytes(moved)
    code, out, err = werkstatt("excel", "import", filled, "--db", db, *as_anna(tmp_path),
                               "--plan", "2019")
    assert code == 0, err
    assert "Nov 2019" in out
