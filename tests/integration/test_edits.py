"""Plan edits: measures, Termine, Werkzeug fields and targets; versioned, logged, recoverable."""
from datetime import date

import pytest

from werkstatt.commands import edits
from werkstatt.errors import ConflictError, ValidationError
from werkstatt.views import queries


def test_a_termin_added_to_a_measure_of_the_beschluss_needs_a_grund(con):
    with pytest.raises(ValidationError, match="Grund"):
        edits.add_termin(con, 1, "2019-05-01", "2019-05-31", "meilenstein", user="chef")
    edits.add_termin(con, 1, "2019-05-01", "2019-05-31", "meilenstein", user="chef",
                     grund="Nachtermin vereinbart")
    assert con.execute("SELECT aktion, grund FROM verschiebung").fetchall() == [
        ("Termin angelegt", "Nachtermin vereinbart")]


def test_a_new_measure_with_a_termin_appears_in_the_schedule(con):
    mid = edits.add_massnahme(con, 3, "  Neue   Kampagne ", user="chef")
    edits.add_termin(con, mid, "2019-05-01", "2019-06-30", "zeitraum", user="chef")
    rows = queries.schedule(con)
    row = rows[rows["massnahme_id"] == mid].iloc[0]
    assert row["massnahme"] == "Neue Kampagne" and row["werkzeug"] == "Jugendberufsagentur"
    assert (row["beginn"].date(), row["ende"].date()) == (date(2019, 5, 1), date(2019, 6, 30))


def test_removing_a_measure_hides_it_and_restoring_brings_it_back(con):
    edits.set_removed(con, 2, True, user="chef", grund="doppelt geplant")
    assert 2 not in set(queries.schedule(con)["massnahme_id"])
    assert list(queries.removed_massnahmen(con)["id"]) == [2]
    edits.set_removed(con, 2, False, user="chef")
    assert 2 in set(queries.schedule(con)["massnahme_id"])
    actions = [a for a, in con.execute("SELECT aktion FROM aenderung ORDER BY id").fetchall()]
    assert actions == ["entfernt", "wiederhergestellt"]


def test_changing_and_deleting_a_termin_keeps_the_old_values_in_the_history(con):
    termin = con.execute("SELECT id FROM termin WHERE rohmarke = '[Progress bar from 1 to 7]'"
                         ).fetchone()[0]
    edits.change_termin(con, termin, date(2019, 2, 1), date(2019, 8, 31), "zeitraum", user="chef",
                        grund="später fertig")
    assert con.execute("SELECT beginn, ende FROM termin WHERE id = ?", [termin]).fetchone() == (
        date(2019, 2, 1), date(2019, 8, 31))
    edits.delete_termin(con, termin, user="chef", grund="entfällt")
    assert con.execute("SELECT count(*) FROM termin WHERE id = ?", [termin]).fetchone() == (0,)
    old = con.execute("SELECT alt FROM aenderung WHERE aktion = 'gelöscht'").fetchone()[0]
    assert '"beginn": "2019-02-01"' in old


@pytest.mark.parametrize("args, message", [
    (("2019-05-01", "2019-04-01", "zeitraum"), "vor dem Beginn"),
    (("2031-05-01", "2031-05-02", "zeitraum"), "außerhalb des Plans"),
    (("2019-05-01", "2019-05-02", "irgendwas"), "Art des Termins"),
    (("kein datum", "2019-05-02", "zeitraum"), "kein Datum"),
])
def test_bad_termine_are_refused(con, args, message):
    before = con.execute("SELECT count(*) FROM termin").fetchone()
    with pytest.raises(ValidationError, match=message):
        edits.add_termin(con, 1, *args, user="chef")
    assert con.execute("SELECT count(*) FROM termin").fetchone() == before


def test_tool_fields_change_with_a_version_and_a_stale_form_is_refused(con):
    assert edits.update_werkzeug(con, 1, {"zielgruppe": "Alle Altersgruppen"}, user="chef",
                             expected_version=1) == 2
    with pytest.raises(ConflictError, match="inzwischen von anderer Seite geändert") as err:
        edits.update_werkzeug(con, 1, {"zielgruppe": "Kinder"}, user="anna", expected_version=1)
    assert err.value.current["zielgruppe"] == "Alle Altersgruppen"
    assert con.execute("SELECT zielgruppe FROM werkzeug WHERE id = 1").fetchone() == (
        "Alle Altersgruppen",)


def test_unknown_tool_fields_are_refused(con):
    with pytest.raises(ValidationError, match="nicht ändern"):
        edits.update_werkzeug(con, 1, {"name": "Neu"}, user="chef")


def test_indicator_targets_are_editable_and_logged(con):
    assert edits.update_indikator(con, 1, user="chef", zielwert="1.000", ziel_stichtag="31.12.2019",
                                  expected_version=1) == 2
    assert con.execute("SELECT zielwert, ziel_stichtag FROM indikator WHERE id = 1").fetchone() == (
        1000.0, date(2019, 12, 31))
    with pytest.raises(ValidationError, match="keine Zahl"):
        edits.update_indikator(con, 1, user="chef", zielwert="viel")


def test_a_new_basiswert_drops_the_plans_qualifier_and_a_new_target_keeps_it(con):
    (ind, version), = con.execute("SELECT id, version FROM indikator "
                                  "WHERE schluessel = 'kontext_herkunftsnationen'").fetchall()
    edits.update_indikator(con, ind, user="chef", basiswert="100", zielwert="120",
                           expected_version=version)
    assert con.execute("SELECT basis_angabe FROM indikator WHERE id = ?", [ind]).fetchone() == (
        "über",)
    edits.update_indikator(con, ind, user="chef", basiswert="130", zielwert="120")
    assert con.execute("SELECT basiswert, basis_angabe FROM indikator WHERE id = ?",
                       [ind]).fetchone() == (130, None)


def test_measure_titles_must_not_be_empty(con):
    with pytest.raises(ValidationError, match="leer"):
        edits.add_massnahme(con, 1, "   ", user="chef")
    with pytest.raises(ValidationError, match="Werkzeug"):
        edits.add_massnahme(con, 999, "Titel", user="chef")


def test_a_stale_termin_form_is_refused_and_a_deleted_id_is_never_reused(con):
    termin = con.execute("SELECT id FROM termin WHERE rohmarke = '[Progress bar from 1 to 7]'"
                         ).fetchone()[0]
    assert edits.change_termin(con, termin, "2019-02-01", "2019-07-31", "zeitraum", user="chef",
                               expected_version=1, grund="später") == 2
    with pytest.raises(ConflictError, match="01.02.2019"):
        edits.delete_termin(con, termin, user="anna", expected_version=1, grund="weg")
    last = con.execute("SELECT max(id) FROM termin").fetchone()[0]
    edits.delete_termin(con, last, user="chef", expected_version=1, grund="weg")
    new = edits.add_termin(con, 1, "2019-05-01", "2019-05-31", "meilenstein", user="chef",
                           grund="zusätzlicher Termin")
    assert new == last + 1


def test_a_termin_change_against_a_stale_version_is_refused_and_writes_nothing(con):
    termin = con.execute("SELECT id FROM termin WHERE rohmarke = '[Progress bar from 1 to 7]'"
                         ).fetchone()[0]
    edits.change_termin(con, termin, "2019-02-01", "2019-07-31", "zeitraum", user="chef",
                        expected_version=1, grund="Grund von chef")
    before = con.execute("SELECT beginn, ende, art, version FROM termin WHERE id = ?",
                         [termin]).fetchone()
    changes = con.execute("SELECT count(*) FROM aenderung").fetchone()
    with pytest.raises(ConflictError, match="01.02.2019") as refused:
        edits.change_termin(con, termin, "2019-03-01", "2019-09-30", "meilenstein", user="bert",
                            expected_version=1, grund="Grund von bert")  # opened before chef's
    assert refused.value.current == {"Beginn": date(2019, 2, 1), "Ende": date(2019, 7, 31),
                                     "Art": "zeitraum", "Grund": "Grund von chef (chef)"}
    assert con.execute("SELECT beginn, ende, art, version FROM termin WHERE id = ?",
                       [termin]).fetchone() == before
    assert con.execute("SELECT count(*) FROM aenderung").fetchone() == changes
