"""The comparison with the Beschluss, Termintreue and the Plancheck on a small plan (in memory)."""
from __future__ import annotations

from datetime import date

import pytest

from werkstatt.commands import edits
from werkstatt.views import baseline as bl
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData
from werkstatt.views.plancheck import RULES, plancheck
from werkstatt.views.termintreue import termintreue
from werkstatt.views.vergleich import vergleich

END_OF_YEAR = Filters(stichtag=date(2019, 12, 31))


def views_of(con):
    plan = PlanData.of(con)
    beschluss = bl.baseline_of(plan, "beschluss")
    return plan, beschluss


def test_an_unchanged_plan_differs_from_its_beschluss_nowhere(small_plan):
    plan, beschluss = views_of(small_plan)
    found = vergleich(plan, END_OF_YEAR, beschluss)
    assert found.legend == "seit Beschluss: 0 neu, 0 entfallen, 0 verschoben"
    assert found.changed.empty and found.ghost.empty
    assert list(found.table().columns[3:6]) == ["laut Beschluss", "jetzt", "Verschiebung (Monate)"]


def test_a_termin_moved_two_months_later_shows_plus_two_by_its_end_month_and_its_reason(
        small_plan):
    edits.change_termin(small_plan, 2, "2019-07-01", "2019-08-31", "zeitraum", user="chef",
                        grund="Raum erst im Juli frei")
    plan, beschluss = views_of(small_plan)
    found = vergleich(plan, END_OF_YEAR, beschluss)
    row = found.table(only_changed=True).iloc[0]
    assert (row["Maßnahme"], row["laut Beschluss"], row["jetzt"]) == (
        "Workshop", "Mai 2019 – Jun 2019", "Jul 2019 – Aug 2019")
    assert row["Verschiebung (Monate)"] == "+2"
    assert row["Grund"] == "1× verschoben, zuletzt: Raum erst im Juli frei"
    assert found.verschoben == 1 and list(found.ghost["massnahme_id"]) == [2]


def test_a_termin_moved_earlier_counts_negative_and_two_moves_say_so(small_plan):
    edits.change_termin(small_plan, 3, "2019-11-01", "2019-11-30", "meilenstein", user="chef",
                        grund="erst früher")
    edits.change_termin(small_plan, 3, "2019-10-01", "2019-10-31", "meilenstein", user="chef",
                        grund="noch früher")
    plan, beschluss = views_of(small_plan)
    row = vergleich(plan, END_OF_YEAR, beschluss).table(only_changed=True).iloc[0]
    assert row["Verschiebung (Monate)"] == "−2"
    assert row["Grund"] == "2× verschoben, zuletzt: noch früher"


def test_a_new_and_a_removed_measure_are_marked_and_counted(small_plan):
    new = edits.add_massnahme(small_plan, 1, "Neu dazu", user="chef")
    edits.add_termin(small_plan, new, "2019-09-01", "2019-09-30", "meilenstein", user="chef")
    edits.set_removed(small_plan, 3, True, user="chef", grund="Mittel gestrichen")
    plan, beschluss = views_of(small_plan)
    found = vergleich(plan, END_OF_YEAR, beschluss)
    changes = dict(zip(found.rows["Maßnahme"], found.rows["Änderung"], strict=True))
    assert changes == {"Auftakt": "", "Workshop": "", "Neu dazu": "neu", "Bericht": "entfallen"}
    assert found.legend == "seit Beschluss: 1 neu, 1 entfallen, 0 verschoben"
    removed = found.rows[found.rows["Maßnahme"] == "Bericht"].iloc[0]
    assert removed["Grund"] == "entfernt: Mittel gestrichen"


def test_termintreue_with_nothing_due_says_so_instead_of_zero_percent(small_plan):
    plan, beschluss = views_of(small_plan)
    found = termintreue(plan, Filters(stichtag=date(2019, 1, 31)), beschluss)
    assert found.gesamt.text == "noch nichts fällig"
    assert found.table()["Termintreue"].tolist() == ["noch nichts fällig"]


def test_termintreue_with_everything_due_counts_the_erledigte(small_plan):
    plan, beschluss = views_of(small_plan)
    found = termintreue(plan, END_OF_YEAR, beschluss)
    assert found.gesamt.text == "2 von 3 (67 %)"
    assert found.je_feld == (("Feld A", found.gesamt),)


def test_moving_a_termin_never_changes_termintreue(small_plan):
    july = Filters(stichtag=date(2019, 7, 1))
    before = termintreue(*views_of(small_plan)[:1], july, views_of(small_plan)[1]).gesamt
    edits.change_termin(small_plan, 2, "2019-09-01", "2019-09-30", "zeitraum", user="chef",
                        grund="später")  # moved beyond the Stichtag: still due by the Beschluss
    plan, beschluss = views_of(small_plan)
    after = termintreue(plan, july, beschluss).gesamt
    assert before == after and after.text == "2 von 2 (100 %)"


def test_termintreue_leaves_out_measures_entfallen_or_removed_and_lists_them(small_plan):
    small_plan.execute("INSERT INTO fortschritt (massnahme_id, status, benutzer, erfasst_am, "
                       "version) VALUES (3, 'entfallen', 'anna', now(), 2)")
    edits.set_removed(small_plan, 2, True, user="chef", grund="doppelt")
    plan, beschluss = views_of(small_plan)
    found = termintreue(plan, END_OF_YEAR, beschluss)
    assert found.gesamt.text == "1 von 1 (100 %)"
    assert dict(zip(found.ausgenommen["Maßnahme"], found.ausgenommen["warum"], strict=True)) == {
        "Workshop": "entfernt", "Bericht": "entfallen"}


def test_the_small_plan_has_no_finding(small_plan):
    assert plancheck(PlanData.of(small_plan), END_OF_YEAR).findings == ()


BREAKS = {
    "werkzeug_ohne_massnahme": "UPDATE massnahme SET entfernt_am = now() WHERE id = 3",
    "werkzeug_ohne_kontakt": "DELETE FROM werkzeug_kontakt WHERE werkzeug_id = 2",
    "werkzeug_ohne_indikator": "DELETE FROM indikator WHERE id = 2",
    "massnahme_ohne_termin_ohne_status": "INSERT INTO massnahme (id, werkzeug_id, titel, "
                                         "position, version) VALUES (4, 1, 'Ohne', 3, 1)",
    "massnahme_ueberfaellig": "UPDATE termin SET beginn = DATE '2019-10-01', ende = "
                              "DATE '2019-10-31' WHERE id = 3",
    "massnahme_ohne_aktualisierung": "UPDATE fortschritt SET erfasst_am = TIMESTAMP "
                                     "'2019-08-01 09:00' WHERE massnahme_id = 3",
    "termin_ausserhalb_planjahr": "INSERT INTO termin (id, massnahme_id, beginn, ende, art, "
                                  "rohmarke, deutung) VALUES (4, 3, DATE '2020-03-01', "
                                  "DATE '2020-03-31', 'meilenstein', '', 'test')",
    "zielindikator_ohne_ziel": "UPDATE indikator SET zielwert = NULL WHERE id = 1",
    "zielindikator_ohne_basis": "UPDATE indikator SET basiswert = NULL WHERE id = 1",
    "budget_nicht_beziffert": "DELETE FROM budget_posten WHERE werkzeug_id = 2",
    "ziel_ohne_werkzeug": "DELETE FROM ziel_werkzeug",
    "uebersicht_weicht_ab": "INSERT INTO import_log (bereich, werkzeug_id, zeile, meldung) "
                            "VALUES ('Werkzeug', 1, 3, 'Übersicht (Zeile 3) nennt es „A“')",
}


def test_every_rule_is_broken_by_exactly_one_test_case():
    assert set(BREAKS) == set(RULES)


@pytest.mark.parametrize("rule", list(BREAKS))
def test_a_plan_broken_once_gives_exactly_one_finding_of_that_rule(small_plan, rule):
    small_plan.execute(BREAKS[rule])
    found = plancheck(PlanData.of(small_plan), END_OF_YEAR)
    assert [f.regel for f in found.findings] == [rule]
    assert found.counts()[rule] == 1 and sum(found.counts().values()) == 1
    finding = found.findings[0].as_json()
    assert set(finding) == {"regel", "text", "werkzeug", "massnahme", "indikator", "ziel"}
    assert any(finding[key] is not None for key in ("werkzeug", "massnahme", "indikator", "ziel"))
