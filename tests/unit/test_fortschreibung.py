"""The Fortschreibung proposal (issue 19, part 2): each rule on the small plan, the admin's
decisions, and the 2019 plan carried into 2020."""
from __future__ import annotations

import duckdb
import pytest

from werkstatt import vocab
from werkstatt.errors import ValidationError
from werkstatt.views.fortschreibung import decision, fortschreibung
from werkstatt.views.plan_data import PlanData

# the small plan (tests/conftest.py): Werkzeug A (id 1) with measures 1 and 2 (both erledigt),
# Werkzeug B (id 2) with measure 3 (in Arbeit, December 2019); both marked for 2019 only


def set_status(con, massnahme_id: int, status: str, kommentar: str | None = None) -> None:
    con.execute("INSERT INTO fortschritt (massnahme_id, status, kommentar, benutzer, erfasst_am, "
                "version) SELECT ?, ?, ?, 'anna', now(), coalesce(max(version), 0) + 1 "
                "FROM fortschritt WHERE massnahme_id = ?",
                [massnahme_id, status, kommentar, massnahme_id])


def proposal(con, nach: int = 2020, decisions=None):
    return fortschreibung(PlanData.of(con), nach, decisions)


def measure(result, massnahme_id: int):
    return next(m for m in result.massnahmen if m.massnahme_id == massnahme_id)


def tool(result, werkzeug_id: int):
    return next(w for w in result.werkzeuge if w.werkzeug_id == werkzeug_id)


def test_an_erledigt_measure_is_abgeschlossen_even_in_a_werkzeug_marked_for_the_new_year(
        small_plan):
    small_plan.execute("INSERT INTO werkzeug_jahr VALUES (1, 2020)")
    result = proposal(small_plan)
    assert measure(result, 1).vorschlag == vocab.COMPLETED
    assert measure(result, 1).grund is None
    assert tool(result, 1).fortgefuehrt  # marked in the overview, though nothing is carried


def test_an_open_measure_of_a_werkzeug_not_marked_is_dropped_with_the_werkzeug_reason(small_plan):
    result = proposal(small_plan, 2021)
    third = measure(result, 3)
    assert (third.vorschlag, third.grund) == (vocab.DROP, "Werkzeug 2021 nicht fortgeführt")
    assert not tool(result, 2).fortgefuehrt and not tool(result, 2).markiert


def test_an_open_measure_of_a_werkzeug_marked_for_the_new_year_is_carried(small_plan):
    small_plan.execute("INSERT INTO werkzeug_jahr VALUES (2, 2020)")
    result = proposal(small_plan)
    assert measure(result, 3).vorschlag == vocab.CARRY
    assert tool(result, 2).markiert and tool(result, 2).fortgefuehrt


def test_a_fortfuehrung_row_is_carried_and_carries_its_werkzeug(small_plan):
    small_plan.execute("UPDATE massnahme SET fortfuehrung = true WHERE id = 3")
    result = proposal(small_plan)
    assert measure(result, 3).vorschlag == vocab.CARRY
    assert measure(result, 3).fortfuehrung
    assert not tool(result, 2).markiert and tool(result, 2).fortgefuehrt


def test_a_measure_with_months_in_the_new_year_is_carried_with_those_months(small_plan):
    small_plan.execute("UPDATE termin SET ende = DATE '2020-02-29' WHERE massnahme_id = 3")
    result = proposal(small_plan)
    third = measure(result, 3)
    assert third.vorschlag == vocab.CARRY
    assert [m.month for m in third.monate_im_zieljahr] == [1, 2]
    assert proposal(small_plan, 2021).massnahmen[2].vorschlag == vocab.DROP  # none in 2021


@pytest.mark.parametrize("status", [vocab.OPEN, vocab.IN_PROGRESS, vocab.POSTPONED])
def test_every_status_that_is_not_closed_counts_as_open(small_plan, status):
    set_status(small_plan, 3, status)
    small_plan.execute("INSERT INTO werkzeug_jahr VALUES (2, 2020)")
    assert measure(proposal(small_plan), 3).vorschlag == vocab.CARRY


def test_an_entfallen_measure_keeps_its_reason_even_as_a_fortfuehrung_row(small_plan):
    set_status(small_plan, 3, vocab.DROPPED, "Träger hat\nabgesagt")
    small_plan.execute("UPDATE massnahme SET fortfuehrung = true WHERE id = 3")
    small_plan.execute("INSERT INTO werkzeug_jahr VALUES (2, 2020)")
    third = measure(proposal(small_plan), 3)
    assert (third.vorschlag, third.grund) == (vocab.DROP, "Träger hat abgesagt")


def test_an_entfallen_measure_without_a_recorded_reason_says_so(small_plan):
    set_status(small_plan, 3, vocab.DROPPED)
    assert measure(proposal(small_plan), 3).grund == vocab.DROPPED_WITHOUT_REASON


def test_the_admin_decision_replaces_the_proposal_and_carries_the_werkzeug(small_plan):
    result = proposal(small_plan, decisions={3: decision("Übernehmen"),
                                             1: decision("entfällt", "doppelt")})
    third, first = measure(result, 3), measure(result, 1)
    assert (third.vorschlag, third.entscheidung, third.geaendert) == (
        vocab.DROP, vocab.CARRY, True)
    assert tool(result, 2).fortgefuehrt
    assert (first.entscheidung, first.grund) == (vocab.DROP, "doppelt")
    assert [m.massnahme_id for m in result.uebergang.uebernommen] == [3]
    assert [m.massnahme_id for m in result.uebergang.entfallen] == [1]
    assert [m.massnahme_id for m in result.uebergang.abgeschlossen] == [2]


def test_a_decision_equal_to_the_proposal_is_not_a_change(small_plan):
    result = proposal(small_plan, decisions={1: decision(vocab.COMPLETED)})
    assert not measure(result, 1).geaendert


@pytest.mark.parametrize(("word", "grund", "says"), [
    ("weiter", None, "Unbekannte Entscheidung „weiter“"),
    ("entfällt", "  ", "„entfällt“ braucht einen Grund"),
    ("entfällt", "x" * (vocab.MAX_REASON + 1), f"höchstens {vocab.MAX_REASON}"),
])
def test_a_bad_decision_is_refused_in_german(word, grund, says):
    with pytest.raises(ValidationError, match=says):
        decision(word, grund)


@pytest.mark.parametrize(("nach", "says"), [
    (2019, "Das Zieljahr 2019 muss nach dem Planjahr 2019 liegen"),
    (2018, "Das Zieljahr 2018 muss nach dem Planjahr 2019 liegen"),
    (10000, "Das Zieljahr 10000 ist kein gültiges Jahr"), ("2020", "„2020“ ist kein Jahr"),
    (True, "kein Jahr")])
def test_a_target_year_not_after_the_plan_year_is_refused_in_german(small_plan, nach, says):
    with pytest.raises(ValidationError, match=says):
        proposal(small_plan, nach)


def test_a_decision_on_a_measure_the_plan_lacks_is_refused(small_plan):
    with pytest.raises(ValidationError, match="ID 99 gibt es im Plan nicht"):
        proposal(small_plan, decisions={99: decision(vocab.CARRY)})


# --- the 2019 plan ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def plan_2019(plan_db):
    con = duckdb.connect(str(plan_db), read_only=True)
    yield con
    con.close()


def test_every_measure_of_the_2019_plan_gets_exactly_one_decision(plan_2019):
    result = proposal(plan_2019)
    ids = [m.massnahme_id for m in result.massnahmen]
    (count,) = plan_2019.execute("SELECT count(*) FROM massnahme WHERE entfernt_am IS NULL"
                                 ).fetchone()
    assert len(ids) == len(set(ids)) == count
    passage = result.uebergang
    assert sorted(m.massnahme_id for m in (*passage.uebernommen, *passage.abgeschlossen,
                                           *passage.entfallen)) == sorted(ids)


def test_the_2019_plan_carries_what_the_overview_and_its_fortfuehrung_rows_say(plan_2019):
    # computed from the tables apart from the view: an unfinished measure goes on when its
    # Werkzeug has an X in the overview's 2020 column, or it is a Fortführung row, or its
    # months reach into 2020 (the plan has no such Termin; the rule is tested above)
    carried = {i for (i,) in plan_2019.execute("""
        SELECT m.id FROM massnahme m WHERE m.entfernt_am IS NULL AND (m.fortfuehrung
            OR m.werkzeug_id IN (SELECT werkzeug_id FROM werkzeug_jahr WHERE jahr = 2020)
            OR m.id IN (SELECT massnahme_id FROM termin WHERE year(ende) >= 2020))""").fetchall()}
    marked = {i for (i,) in plan_2019.execute(
        "SELECT werkzeug_id FROM werkzeug_jahr WHERE jahr = 2020").fetchall()}
    result = proposal(plan_2019)  # freshly built: no status recorded, every measure open
    assert {m.massnahme_id for m in result.uebergang.uebernommen} == carried
    assert all(m.grund == "Werkzeug 2020 nicht fortgeführt" for m in result.uebergang.entfallen)
    assert not result.uebergang.abgeschlossen
    assert {w.werkzeug_id for w in result.werkzeuge if w.markiert} == marked
    # the Seniorenkonferenz is not marked for 2020, but its italic row "Evaluierung und
    # Fortführung 2020" has months: it is carried, and with it its Werkzeug
    senioren = next(w for w in result.werkzeuge if "Seniorenkonferenz" in w.name)
    assert not senioren.markiert and senioren.fortgefuehrt
    assert [m.titel for m in senioren.massnahmen if m.vorschlag == vocab.CARRY] == [
        "Evaluierung und Fortführung 2020"]
