"""The Beschluss is kept as adopted, Stände are frozen copies, and every shift has a Grund."""
from __future__ import annotations

from datetime import date

import pytest

from werkstatt.commands import edits, staende
from werkstatt.errors import ConflictError, ValidationError
from werkstatt.store import backup, connection, schema
from werkstatt.store.baseline import RECONSTRUCTED, ensure_beschluss
from werkstatt.vocab import BESCHLUSS_ID

STAND_TABLES = ("stand_massnahme", "stand_termin", "stand_budget", "stand_indikator")


def stand_rows(con, stand_id: int = BESCHLUSS_ID) -> dict[str, list]:
    return {table: con.execute(f"SELECT * EXCLUDE (stand_id) FROM {table} WHERE stand_id = ? "
                               "ORDER BY ALL", [stand_id]).fetchall() for table in STAND_TABLES}


def edit_everything(con) -> None:
    """Every kind of plan edit the dashboard offers, each once."""
    termine = [t for (t,) in con.execute("SELECT id FROM termin ORDER BY id").fetchall()]
    edits.change_termin(con, termine[0], "2019-11-01", "2019-11-30", "meilenstein", user="chef",
                        grund="Referentin erst im November")
    edits.delete_termin(con, termine[1], user="chef", grund="fällt weg")
    edits.rename_massnahme(con, 5, "Neuer Titel", user="chef")
    edits.set_removed(con, 6, True, user="chef", grund="Mittel gestrichen")
    new = edits.add_massnahme(con, 1, "Ganz neu", user="chef")
    edits.add_termin(con, new, "2019-05-01", "2019-05-31", "meilenstein", user="chef")
    edits.update_indikator(con, 1, user="chef", zielwert="42", basiswert="7")


def test_the_import_keeps_the_plan_as_adopted_in_the_beschluss(con):
    assert con.execute("SELECT id, art, name, datum FROM stand").fetchall() == [
        (0, "Beschluss", "Beschluss vom 30.01.2019", date(2019, 1, 30))]
    rows = stand_rows(con)
    measures, termine = con.execute("SELECT (SELECT count(*) FROM massnahme), "
                                    "(SELECT count(*) FROM termin)").fetchone()
    assert (len(rows["stand_massnahme"]), len(rows["stand_termin"])) == (measures, termine)
    assert len(rows["stand_budget"]) == 13 and len(rows["stand_indikator"]) == 12


def test_no_edit_changes_the_beschluss(con):
    before = stand_rows(con)
    edit_everything(con)
    assert stand_rows(con) == before


def test_a_file_built_before_the_beschluss_gets_it_back_from_its_import_state(con):
    adopted = stand_rows(con)
    edit_everything(con)
    for table in ("stand", *STAND_TABLES):  # as a file from before issue 17
        con.execute(f"DELETE FROM {table}")
    assert ensure_beschluss(con)
    assert stand_rows(con) == adopted
    assert con.execute("SELECT herkunft FROM stand").fetchone() == (RECONSTRUCTED,)
    assert not ensure_beschluss(con)  # once


def test_a_termin_changed_without_history_keeps_its_measure_with_unknown_months(con):
    con.execute("UPDATE termin SET beginn = DATE '2019-12-01', ende = DATE '2019-12-31', "
                "deutung = 'im Dashboard von x geändert' WHERE id = 1")
    (mid,) = con.execute("SELECT massnahme_id FROM termin WHERE id = 1").fetchone()
    for table in ("stand", *STAND_TABLES):
        con.execute(f"DELETE FROM {table}")
    schema.migrate(con)  # the dashboard's start does this
    assert con.execute("SELECT termine_bekannt FROM stand_massnahme WHERE massnahme_id = ?",
                       [mid]).fetchone() == (False,)
    assert con.execute("SELECT count(*) FROM stand_termin WHERE massnahme_id = ?",
                       [mid]).fetchone() == (0,)


@pytest.mark.parametrize("grund", [None, "", "   "])
def test_moving_a_termin_without_a_grund_is_refused_and_nothing_is_written(con, grund):
    before = con.execute("SELECT * FROM termin WHERE id = 1").fetchall()
    with pytest.raises(ValidationError, match="Grund"):
        edits.change_termin(con, 1, "2019-11-01", "2019-11-30", "meilenstein", user="chef",
                            grund=grund)
    with pytest.raises(ValidationError, match="Grund"):
        edits.delete_termin(con, 1, user="chef", grund=grund)
    with pytest.raises(ValidationError, match="Grund"):
        edits.set_removed(con, 1, True, user="chef", grund=grund)
    assert con.execute("SELECT * FROM termin WHERE id = 1").fetchall() == before
    assert con.execute("SELECT count(*) FROM verschiebung").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM massnahme WHERE entfernt_am IS NOT NULL"
                       ).fetchone() == (0,)


def test_a_grund_longer_than_500_characters_is_refused(con):
    with pytest.raises(ValidationError, match="höchstens 500"):
        edits.change_termin(con, 1, "2019-11-01", "2019-11-30", "meilenstein", user="chef",
                            grund="x" * 501)


def test_a_moved_termin_keeps_its_grund_with_old_and_new_months(con):
    edits.change_termin(con, 1, "2019-11-01", "2019-11-30", "meilenstein", user="chef",
                        grund="  Saal   belegt ")
    row = con.execute("SELECT aktion, grund, benutzer, alt, neu FROM verschiebung").fetchone()
    assert row[:3] == ("Termin geändert", "Saal belegt", "chef")
    assert '"beginn": "2019-11-01"' in row[4]


def test_a_stale_termin_change_is_refused_naming_the_newer_months_and_the_colleagues_grund(con):
    edits.change_termin(con, 1, "2019-11-01", "2019-11-30", "meilenstein", user="chef",
                        grund="Grund von chef", expected_version=1)
    with pytest.raises(ConflictError) as refused:
        edits.change_termin(con, 1, "2019-12-01", "2019-12-31", "meilenstein", user="bert",
                            grund="Grund von bert", expected_version=1)
    assert "01.11.2019" in str(refused.value) and "Grund von chef (chef)" in str(refused.value)
    assert con.execute("SELECT grund FROM verschiebung").fetchall() == [("Grund von chef",)]


def test_a_named_stand_is_a_frozen_copy_of_the_plan_as_it_is_now(con):
    edit_everything(con)
    stand_id = staende.create_stand(con, "Sachstand Juni 2019", user="chef",
                                    drucksache="DS 19/123", today=date(2019, 6, 30))
    frozen = stand_rows(con, stand_id)
    assert ("Ganz neu" in [r[2] for r in frozen["stand_massnahme"]])
    assert 6 not in [r[0] for r in frozen["stand_massnahme"]]  # removed before the freeze
    edits.change_termin(con, 3, "2019-12-01", "2019-12-31", "meilenstein", user="chef",
                        grund="später")
    assert stand_rows(con, stand_id) == frozen
    with pytest.raises(ValidationError, match="gibt es schon"):
        staende.create_stand(con, "sachstand juni 2019", user="chef")


def test_stande_and_reasons_survive_backup_and_restore(db, tmp_path):
    con = connection.connect(db)
    edits.change_termin(con, 1, "2019-11-01", "2019-11-30", "meilenstein", user="chef",
                        grund="Saal belegt")
    staende.create_stand(con, "Sachstand Juni 2019", user="chef")
    edits.set_werkzeug_ziele(con, 1, [10, 11], user="chef")
    tables = ("stand", *STAND_TABLES, "verschiebung", "ziel_werkzeug")
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    saved = backup.backup(con, tmp_path / "sicherungen")
    con.close()
    backup.restore(db, saved)
    con = connection.connect(db)
    try:
        assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in tables} == before
    finally:
        con.close()


def test_linking_goals_to_a_werkzeug_is_logged_and_versioned(con):
    version = edits.set_werkzeug_ziele(con, 1, [10, 11], user="chef", expected_version=1)
    assert con.execute("SELECT ziel_id FROM ziel_werkzeug WHERE werkzeug_id = 1 ORDER BY 1"
                       ).fetchall() == [(10,), (11,)]
    assert con.execute("SELECT aktion, neu FROM aenderung WHERE tabelle = 'ziel_werkzeug'"
                       ).fetchone() == ("geändert", '{"ziele": [10, 11]}')
    with pytest.raises(ConflictError):
        edits.set_werkzeug_ziele(con, 1, [12], user="bert", expected_version=1)
    with pytest.raises(ValidationError, match="konkretisierten"):
        edits.set_werkzeug_ziele(con, 1, [1], user="chef", expected_version=version)
