"""The change history in words a reader understands (issue 15 §7)."""
from datetime import datetime

import pandas as pd

from werkstatt.store.transaction import as_json
from werkstatt.views.changes import Names, describe, fundstelle, readable

NAMES = Names(massnahmen={7: "Kampagne zur geschlechtsoffenen Berufswahl"},
              werkzeuge={2: "Rückenwind – Jugendmobilität Westküste"},
              indikatoren={9: "Anbieter in der Praxispool-Datenbank"})


def entry(table, action, record_id=None, old=None, new=None, user="anna") -> dict:
    """One aenderung row as store.transaction.audit writes it."""
    return {"zeitpunkt": pd.Timestamp(datetime(2019, 9, 3, 14, 5)), "benutzer": user,
            "tabelle": table, "datensatz_id": record_id, "aktion": action,
            "alt": as_json(old), "neu": as_json(new)}


def test_a_status_change_reads_as_a_sentence_with_the_measures_title():
    text = describe(entry("fortschritt", "Status", 7,
                          {"status": "offen", "kommentar": None, "version": 0},
                          {"status": "in Arbeit", "kommentar": "läuft", "version": 1,
                           "quelle": "Excel-Import"}), NAMES)
    assert text == ("Status von „Kampagne zur geschlechtsoffenen Berufswahl“: offen → in Arbeit; "
                    "Kommentar: „läuft“ (Excel-Import)")


def test_termine_are_written_as_months_and_days_never_as_iso_dates():
    old = {"massnahme_id": 7, "beginn": "2019-04-01", "ende": "2019-04-30", "art": "zeitraum",
           "version": 1}
    new = {"beginn": "2019-09-01", "ende": "2019-09-30", "art": "meilenstein"}
    assert describe(entry("termin", "geändert", 3, old, new), NAMES) == (
        "Termin von „Kampagne zur geschlechtsoffenen Berufswahl“: Apr 2019 → Sep 2019; "
        "Art: Zeitraum → Meilenstein")
    assert describe(entry("termin", "gelöscht", 3, old), NAMES) == (
        "Termin von „Kampagne zur geschlechtsoffenen Berufswahl“ gelöscht: Apr 2019")


def test_field_edits_name_the_record_and_each_changed_field_in_german():
    text = describe(entry("werkzeug", "geändert", 2, {"zielgruppe": None},
                          {"zielgruppe": "Jugendliche"}), NAMES)
    assert text == ("Werkzeug „Rückenwind – Jugendmobilität Westküste“ geändert: "
                    "Zielgruppe: – → „Jugendliche“")
    text = describe(entry("indikator", "geändert", 9, {"zielwert": None, "ziel_stichtag": None},
                          {"zielwert": 12.5, "ziel_stichtag": "2020-12-31"}), NAMES)
    assert text == ("Indikator „Anbieter in der Praxispool-Datenbank“ geändert: Zielwert: – → "
                    "12,5; Zieltermin: – → 31.12.2020")


def test_logins_and_unknown_areas_stay_readable():
    assert describe(entry("anmeldung", "Anmeldung fehlgeschlagen"), NAMES) == \
        "Anmeldung fehlgeschlagen"
    table = readable(pd.DataFrame([entry("anmeldung", "Anmeldung"),
                                   entry("neue_tabelle", "geändert", 4, {"x": 1}, {"x": 2})]),
                     NAMES)
    assert list(table.columns) == ["Zeitpunkt", "Benutzer", "Bereich", "Änderung"]
    assert list(table["Änderung"]) == ["Anmeldung", "neue_tabelle Nr. 4 geändert: x: 1 → 2"]
    assert table["Zeitpunkt"].iloc[0] == "03.09.2019 14:05:00"


def test_a_fact_of_the_plan_is_found_by_its_section_not_by_a_line_number():
    assert fundstelle("Praxispool") == "Werkstattplan, Abschnitt „Praxispool“"
    assert fundstelle(None, "Teilhabe in Dithmarschen") == \
        "Werkstattplan, Handlungsfeld „Teilhabe in Dithmarschen“"
    assert fundstelle(None) == "Werkstattplan, Übersicht und Einleitung"
