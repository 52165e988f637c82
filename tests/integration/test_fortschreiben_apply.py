"""Applying the Fortschreibung (issue 19 §2): the 2020 plan in one transaction, the 2019 plan
read-only afterwards, twice refused, a failure midway leaves no half plan."""
from __future__ import annotations

from datetime import date

import docx
import duckdb
import pytest

from tests.conftest import copy_database
from tests.integration.excel_helpers import edited, export
from tests.integration.test_backup import werkstatt
from werkstatt import vocab
from werkstatt.commands import edits, excel_import, fortschreiben, messwerte_import, progress
from werkstatt.errors import ConflictError, ReadOnlyPlanError, ValidationError
from werkstatt.outputs import fortschreibung as rendered
from werkstatt.views import changes, fortschreibung, queries
from werkstatt.views.plan_data import PlanData

PROFILE = ("name, handlungsfeld_id IS NULL, zielgruppe, umsetzungsort, beteiligte, budget_text, "
           "externe_beratung, beschreibung, chancen, schwierigkeiten, position, "
           "ansprechperson_text, vor_ort_text")


@pytest.fixture
def con(plan_db, tmp_path):
    connection = duckdb.connect(str(copy_database(plan_db, tmp_path)))
    yield connection
    connection.close()


def proposal(con) -> fortschreibung.Fortschreibung:
    return fortschreibung.fortschreibung(PlanData.of(con, 1), 2020, {})


def one(con, sql: str, params=()) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def test_the_new_plan_carries_every_decided_werkzeug_and_measure_with_its_predecessor(con):
    carried = {t.werkzeug_id for t in proposal(con).werkzeuge if t.fortgefuehrt}
    indicator = next(iid for iid, tool in one(
        con, "SELECT id, werkzeug_id FROM indikator WHERE art = ? ORDER BY id",
        [vocab.TARGET_INDICATOR]) if tool in carried)
    progress.record_value(con, indicator, date(2019, 3, 31), 4, user="anna")
    progress.record_value(con, indicator, date(2019, 9, 30), 6, user="anna")
    view = proposal(con)
    new = fortschreiben.apply(con, view, 1, user="chef", today=date(2019, 12, 20))
    assert one(con, "SELECT jahr, titel, vorgaenger_id, stand FROM plan WHERE id = ?", [new]) == [
        (2020, "Werkstattplan Kreis Dithmarschen 2020", 1, date(2019, 12, 20))]
    pairs = dict(one(con, "SELECT vorgaenger_id, id FROM werkzeug WHERE plan_id = ?", [new]))
    assert set(pairs) == carried
    for old_id, new_id in pairs.items():
        assert one(con, f"SELECT {PROFILE} FROM werkzeug WHERE id = ?", [old_id]) == \
            one(con, f"SELECT {PROFILE} FROM werkzeug WHERE id = ?", [new_id])
        for sql in ("SELECT kontakt_id, rolle, zusatz FROM werkzeug_kontakt WHERE werkzeug_id = ? "
                    "ORDER BY ALL",
                    "SELECT betrag_min, betrag_max, periode, vk, art, text FROM budget_posten "
                    "WHERE werkzeug_id = ? ORDER BY ALL"):
            assert one(con, sql, [old_id]) == one(con, sql, [new_id])
    measures = one(con, "SELECT m.vorgaenger_id, m.titel FROM massnahme m JOIN werkzeug w ON "
                        "w.id = m.werkzeug_id WHERE w.plan_id = ? ORDER BY ALL", [new])
    assert measures == sorted((m.massnahme_id, m.titel) for m in view.uebergang.uebernommen)
    # the 2019 document marks no month of 2020: every carried measure is without Termin
    assert one(con, "SELECT count(*) FROM termin t JOIN massnahme m ON m.id = t.massnahme_id "
                    "JOIN werkzeug w ON w.id = m.werkzeug_id WHERE w.plan_id = ?", [new]) == [(0,)]
    assert PlanData.of(con, new).schedule["termin_id"].isna().all()
    # the latest measured value is the new Basiswert, with its day
    assert one(con, "SELECT basiswert, basis_stichtag FROM indikator WHERE vorgaenger_id = ?",
               [indicator]) == [(6, date(2019, 9, 30))]
    assert one(con, "SELECT count(*) FROM stand WHERE plan_id = ?", [new]) == [(1,)]


def document_termin(con, termin_id: int, measure: int, beginn: date, ende: date) -> None:
    """A Termin as the adopted document had it: in the plan and in its Beschluss (Stand 0)."""
    con.execute("INSERT INTO termin (id, massnahme_id, beginn, ende, art, ungefaehr, rohmarke, "
                "deutung) VALUES (?, ?, ?, ?, 'zeitraum', false, 'X', 'X')",
                [termin_id, measure, beginn, ende])
    con.execute("INSERT INTO stand_termin VALUES (0, ?, ?, ?, ?, 'zeitraum', NULL, false)",
                [termin_id, measure, beginn, ende])


def new_months(con, new: int, measure: int) -> list[tuple]:
    return one(con, "SELECT t.beginn, t.ende FROM termin t JOIN massnahme m ON m.id = "
                    "t.massnahme_id JOIN werkzeug w ON w.id = m.werkzeug_id WHERE w.plan_id = ? "
                    "AND m.vorgaenger_id = ? ORDER BY ALL", [new, measure])


def test_a_carried_measure_gets_the_documents_months_in_the_new_year_not_its_current_ones(con):
    first, second = (m.massnahme_id for m in proposal(con).uebergang.uebernommen[:2])
    document_termin(con, 9998, first, date(2019, 11, 1), date(2020, 2, 29))
    document_termin(con, 9999, second, date(2019, 10, 1), date(2019, 11, 30))
    # both moved after the Beschluss: the first out of 2020, the second into it
    edits.change_termin(con, 9998, date(2019, 11, 1), date(2019, 12, 31), "zeitraum",
                        user="chef", grund="vorgezogen")
    edits.change_termin(con, 9999, date(2020, 5, 1), date(2020, 6, 30), "zeitraum",
                        user="chef", grund="verschoben")
    new = fortschreiben.apply(con, proposal(con), 1, user="chef")
    assert new_months(con, new, first) == [(date(2020, 1, 1), date(2020, 2, 29))]
    assert new_months(con, new, second) == []  # no month of 2020 in the document: ohne Termin


def test_the_old_plan_is_read_only_for_status_messwert_termin_and_files(con):
    fortschreiben.apply(con, proposal(con), 1, user="chef")
    before = one(con, "SELECT (SELECT count(*) FROM fortschritt), (SELECT count(*) FROM "
                      "messwert), (SELECT count(*) FROM termin), (SELECT count(*) FROM aenderung)")
    (termin, measure, version), = one(con, "SELECT id, massnahme_id, version FROM termin "
                                           "ORDER BY id LIMIT 1")
    indicator = one(con, "SELECT id FROM indikator WHERE plan_id = 1 AND art = ? LIMIT 1",
                    [vocab.TARGET_INDICATOR])[0][0]
    writes = [
        lambda: progress.record_status(con, measure, vocab.DONE, user="anna"),
        lambda: progress.record_value(con, indicator, date(2019, 6, 30), 3, user="anna"),
        lambda: edits.delete_termin(con, termin, user="chef", expected_version=version,
                                    grund="verschoben"),
        lambda: messwerte_import.apply_entries(con, messwerte_import.read_entries(
            con, f"Indikator;Stichtag;Wert\n{indicator};30.06.2019;3\n".encode(), "m.csv",
            plan_id=1), user="anna"),
    ]
    for write in writes:
        with pytest.raises(ReadOnlyPlanError, match="Der Plan 2019 ist in den Plan 2020 "
                                                    "fortgeschrieben"):
            write()
    assert one(con, "SELECT (SELECT count(*) FROM fortschritt), (SELECT count(*) FROM "
                    "messwert), (SELECT count(*) FROM termin), (SELECT count(*) FROM aenderung)"
               ) == before


def test_fortschreiben_twice_into_the_same_year_is_refused(con):
    fortschreiben.apply(con, proposal(con), 1, user="chef")
    plans = one(con, "SELECT count(*) FROM plan")
    with pytest.raises(ValidationError):
        fortschreiben.apply(con, proposal(con), 1, user="chef")
    assert one(con, "SELECT count(*) FROM plan") == plans


def test_a_failure_midway_leaves_no_half_plan(con, monkeypatch):
    counts = "SELECT (SELECT count(*) FROM plan), (SELECT count(*) FROM werkzeug), " \
             "(SELECT count(*) FROM massnahme), (SELECT count(*) FROM ziel)"
    before = one(con, counts)

    def broken(*args):
        raise RuntimeError("Festplatte voll")

    monkeypatch.setattr(fortschreiben, "_copy_indicators", broken)  # after every other copy
    with pytest.raises(RuntimeError):
        fortschreiben.apply(con, proposal(con), 1, user="chef")
    assert one(con, counts) == before
    progress.record_status(con, 1, vocab.DONE, user="anna")  # the old plan is still writable


def test_the_command_applies_once_and_refuses_the_second_time(plan_db, tmp_path):
    db = copy_database(plan_db, tmp_path)
    code, out, err = werkstatt("fortschreiben", "--db", db, "--nach", "2020", "--apply",
                               "--user", "chef")
    assert code == 0, err
    assert "Plan 2020 angelegt" in out and "kann nur noch gelesen werden" in out
    code, _, err = werkstatt("fortschreiben", "--db", db, "--von", "2019", "--nach", "2020",
                             "--apply", "--user", "chef")
    assert code == 1 and "Der Plan 2019 ist in den Plan 2020 fortgeschrieben" in err
    assert "Traceback" not in err


def test_an_excel_file_of_the_old_plan_is_refused_after_the_fortschreibung(con):
    filled = edited(export(con), {1: {"Status": vocab.DONE}})  # exported before
    fortschreiben.apply(con, proposal(con), 1, user="chef")
    changes = excel_import.read_changes(con, filled)
    with pytest.raises(ReadOnlyPlanError, match="Der Plan 2019 ist in den Plan 2020"):
        excel_import.apply_changes(con, changes, user="anna")
    assert one(con, "SELECT count(*) FROM fortschritt") == [(0,)]


def test_a_carried_measures_verlauf_shows_its_2019_entries_before_the_2020_ones(con):
    measure = proposal(con).uebergang.uebernommen[0].massnahme_id
    progress.record_status(con, measure, vocab.IN_PROGRESS, user="anna", comment="2019 begonnen")
    new = fortschreiben.apply(con, proposal(con), 1, user="chef")
    (successor,), = one(con, "SELECT m.id FROM massnahme m JOIN werkzeug w ON w.id = "
                             "m.werkzeug_id WHERE w.plan_id = ? AND m.vorgaenger_id = ?",
                        [new, measure])
    progress.record_status(con, successor, vocab.DONE, user="anna", comment="2020 fertig")
    history = queries.status_history(con, successor)
    assert list(zip(history["plan"], history["status"], history["kommentar"],
                    strict=True)) == [(2019, vocab.IN_PROGRESS, "2019 begonnen"),
                                      (2020, vocab.DONE, "2020 fertig")]


def test_a_measure_added_to_the_new_plan_is_neu_in_the_uebergang(con):
    new = fortschreiben.apply(con, proposal(con), 1, user="chef")
    (tool, name), = one(con, "SELECT id, name FROM werkzeug WHERE plan_id = ? ORDER BY id "
                             "LIMIT 1", [new])
    edits.add_massnahme(con, tool, "Neue Aktion 2020", user="chef")
    passage = proposal(con).uebergang
    assert passage.neu == (("Neue Aktion 2020", name),)
    assert "  - neu: Neue Aktion 2020" in rendered.as_text(proposal(con))
    assert fortschreibung.fortschreibung(PlanData.of(con, 1), 2021).uebergang.neu == ()


def test_the_sachstandsbericht_of_the_carried_plan_has_the_uebergang(con, tmp_path):
    view = proposal(con)
    fortschreiben.apply(con, view, 1, user="chef")
    con.close()
    db = next(tmp_path.glob("*.duckdb"))
    out = tmp_path / "bericht.docx"
    code, _, err = werkstatt("bericht", "--db", db, "--plan", "2019", "--stichtag",
                             "2019-12-31", "--out", out)
    assert code == 0, err
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Übergang 2019 → 2020" in headings
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    carried = {r[2] for r in rows if r and r[0] == "übernommen"}
    assert carried == {m.titel for m in view.uebergang.uebernommen}
    code, _, err = werkstatt("bericht", "--db", db, "--stichtag", "2020-06-30", "--out",
                             tmp_path / "bericht2020.docx")
    assert code == 0, err  # the new plan's report: the same Übergang, its predecessor -> it
    document = docx.Document(str(tmp_path / "bericht2020.docx"))
    assert "Übergang 2019 → 2020" in [
        p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    new_rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert sorted(r for r in new_rows if r and r[0] in ("übernommen", "abgeschlossen",
                                                         "entfallen")) == sorted(
        r for r in rows if r and r[0] in ("übernommen", "abgeschlossen", "entfallen"))


DRAFT_FACTS = {  # per Werkzeug in order (positions of a draft keep the gaps of dropped rows)
    "werkzeug": "SELECT w.name, h.name, w.zielgruppe, w.umsetzungsort, w.beteiligte, "
                "w.budget_text, w.externe_beratung, w.beschreibung, w.chancen, "
                "w.schwierigkeiten FROM werkzeug w LEFT JOIN handlungsfeld h "
                "ON h.id = w.handlungsfeld_id WHERE w.plan_id = ? ORDER BY w.position",
    "massnahme": "SELECT w.name, list(m.titel ORDER BY m.position) FROM massnahme m "
                 "JOIN werkzeug w ON w.id = m.werkzeug_id WHERE w.plan_id = ? "
                 "GROUP BY w.name ORDER BY w.name",
    "kontakt": "SELECT w.name, k.name, l.rolle FROM werkzeug_kontakt l JOIN werkzeug w ON "
               "w.id = l.werkzeug_id JOIN kontakt k ON k.id = l.kontakt_id "
               "WHERE w.plan_id = ? ORDER BY ALL",
    "budget": "SELECT w.name, b.betrag_min, b.betrag_max, b.periode, b.vk, b.text "
              "FROM budget_posten b JOIN werkzeug w ON w.id = b.werkzeug_id "
              "WHERE w.plan_id = ? ORDER BY ALL",
}


def draft_facts(path, plan_id: int) -> dict[str, list[tuple]]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return {name: connection.execute(sql, [plan_id]).fetchall()
                for name, sql in DRAFT_FACTS.items()}
    finally:
        connection.close()


def test_the_drafted_2020_plan_round_trips_through_its_text(con, tmp_path):
    new = fortschreiben.apply(con, proposal(con), 1, user="chef")
    con.close()
    db = next(tmp_path.glob("*.duckdb"))
    out = tmp_path / "plan2020.txt"
    code, _, err = werkstatt("plan-export", "--db", db, "--plan", "2020", "--out", out)
    assert code == 0, err
    assert out.read_text(encoding="utf-8").lstrip().startswith(
        "Werkstattplan Kreis Dithmarschen 2020")
    rebuilt = tmp_path / "wieder.duckdb"
    code, _, err = werkstatt("init", "--db", rebuilt, "--source", out, "--quiet")
    assert code == 0, err
    before, after = draft_facts(db, new), draft_facts(rebuilt, 1)
    for name in DRAFT_FACTS:
        assert before[name], name  # a table without rows would prove nothing
        assert after[name] == before[name], name


def test_the_change_log_names_the_plan_of_every_row(con):
    (termin, version), = one(con, "SELECT id, version FROM termin ORDER BY id LIMIT 1")
    edits.delete_termin(con, termin, user="chef", expected_version=version, grund="entfällt")
    new = fortschreiben.apply(con, proposal(con), 1, user="chef")
    (successor,), = one(con, "SELECT m.id FROM massnahme m JOIN werkzeug w ON w.id = "
                             "m.werkzeug_id WHERE w.plan_id = ? ORDER BY m.id LIMIT 1", [new])
    progress.record_status(con, successor, vocab.DONE, user="anna")
    log = queries.changes(con)
    table = changes.readable(log, changes.names_of(PlanData.of(con)))
    by_area = dict(zip(log["tabelle"], table["Plan"], strict=True))
    assert by_area == {"fortschritt": "2020", "plan": "2020", "termin": "2019"}


def test_the_uebergang_of_a_carried_plan_shows_the_decisions_applied_not_todays_rules(
        con, tmp_path):
    changed = proposal(con).uebergang.uebernommen[0]
    decided = {changed.massnahme_id: fortschreibung.decision(vocab.DROP, "Mittel gestrichen")}
    fortschreiben.apply(con, fortschreibung.fortschreibung(PlanData.of(con, 1), 2020, decided),
                        1, user="chef")
    assert one(con, "SELECT vorschlag, entscheidung, grund, neue_massnahme_id FROM "
                    "fortschreibung WHERE massnahme_id = ?", [changed.massnahme_id]) == [
        (vocab.CARRY, vocab.DROP, "Mittel gestrichen", None)]
    with pytest.raises(ReadOnlyPlanError):  # today's status cannot move it afterwards
        progress.record_status(con, changed.massnahme_id, vocab.DONE, user="anna")
    stored = proposal(con)  # read without the decisions: they come from the database
    dropped = {m.massnahme_id: m for m in stored.uebergang.entfallen}
    assert dropped[changed.massnahme_id].grund == "Mittel gestrichen"
    assert dropped[changed.massnahme_id].geaendert
    assert changed.massnahme_id not in {m.massnahme_id for m in stored.uebergang.uebernommen}
    assert "Mittel gestrichen" in rendered.as_text(stored)
    con.close()
    out = tmp_path / "bericht.docx"
    code, _, err = werkstatt("bericht", "--db", next(tmp_path.glob("*.duckdb")), "--plan",
                             "2019", "--stichtag", "2019-12-31", "--out", out)
    assert code == 0, err
    rows = [[c.text for c in row.cells] for table in docx.Document(str(out)).tables
            for row in table.rows]
    assert ["entfallen", changed.titel, "Mittel gestrichen"] in [
        [r[0], r[2], r[3]] for r in rows if len(r) == 4]


def test_a_proposal_shown_before_a_colleagues_save_is_refused_and_nothing_is_written(con):
    """The page passes the data version its proposal was computed at: a status saved meanwhile
    (which may change the proposal) refuses the apply; the same proposal at the current version
    applies."""
    seen = changes.data_version(con)
    view = proposal(con)
    carried = view.uebergang.uebernommen[0]
    progress.record_status(con, carried.massnahme_id, vocab.DONE, user="anna")
    plans_before = one(con, "SELECT count(*) FROM plan")
    with pytest.raises(ConflictError, match="geändert, seit dieser Vorschlag gezeigt wurde"):
        fortschreiben.apply(con, view, 1, user="chef", seen_version=seen)
    assert one(con, "SELECT count(*) FROM plan") == plans_before
    fresh = proposal(con)
    assert fresh.massnahmen != view.massnahmen  # the colleague's status changed the proposal
    fortschreiben.apply(con, fresh, 1, user="chef", seen_version=changes.data_version(con))
    assert one(con, "SELECT count(*) FROM plan WHERE jahr = 2020") == [(1,)]
