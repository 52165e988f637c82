"""The meaning of "contact" in the views: filter, roles and display agree (small frames)."""
import pandas as pd

from werkstatt.views.contacts import (
    kontakte_by_rolle,
    kontakte_by_werkzeug,
    werkzeuge_with_kontakt,
)
from werkstatt.views.filters import Filters, matching_werkzeuge
from werkstatt.views.schedule import massnahme_table

LINKS = pd.DataFrame([
    # werkzeug_id, name, art, rolle, zusatz
    (1, "Niels Buck", "Person", "Ansprechperson", None),
    (1, "Kreisverwaltung", "Stelle", "Beteiligte", None),
    (2, "Maika Hansen", "Person", "Ansprechperson vor Ort", "Nordfriesland"),
    (2, "Niels Buck", "Person", "Externe Beratung", None),
    (3, "Kreisverwaltung", "Stelle", "Beteiligte", None),
], columns=["werkzeug_id", "name", "art", "rolle", "zusatz"])
WERKZEUGE = pd.DataFrame({
    "id": [1, 2, 3], "name": ["A", "B", "C"], "handlungsfeld": ["F", "F", "Querschnitt"],
    "zielgruppe": ["Jugendliche", None, "Senioren"],
    "umsetzungsort": [None, "Heide", None], "umsetzungsort_uebersicht": [None, None, None],
    "vor_ort_text": [None, None, "Nordfriesland (Maika Hansen)"],
})


def test_the_contact_filter_matches_a_partner_named_only_among_the_beteiligte():
    assert matching_werkzeuge(WERKZEUGE, LINKS, Filters(kontakt="Kreisverwaltung")) == {1, 3}
    assert werkzeuge_with_kontakt(LINKS, "Niels Buck") == {1, 2}


def test_the_kontakte_column_names_every_contact_with_its_role_partners_last():
    assert kontakte_by_werkzeug(LINKS) == {
        1: "Niels Buck (Ansprechperson); Kreisverwaltung (Beteiligte)",
        2: "Maika Hansen (Ansprechperson vor Ort); Niels Buck (Externe Beratung)",
        3: "Kreisverwaltung (Beteiligte)"}


def test_a_contact_in_two_roles_of_one_werkzeug_is_shown_once_with_both_roles():
    links = pd.concat([LINKS, pd.DataFrame([(1, "Niels Buck", "Person", "Beteiligte", None)],
                                           columns=LINKS.columns)])
    assert kontakte_by_werkzeug(links)[1] == \
        "Niels Buck (Ansprechperson, Beteiligte); Kreisverwaltung (Beteiligte)"


def test_every_werkzeug_a_contact_filter_finds_shows_that_contact_in_its_kontakte_column():
    shown = kontakte_by_werkzeug(LINKS)
    for kontakt in LINKS["name"].unique():
        for werkzeug_id in matching_werkzeuge(WERKZEUGE, LINKS, Filters(kontakt=kontakt)):
            assert f"{kontakt} (" in shown[werkzeug_id]


def test_the_profile_groups_contacts_by_role_in_the_fixed_order():
    assert list(kontakte_by_rolle(LINKS[LINKS["werkzeug_id"] == 2])) == [
        "Ansprechperson vor Ort", "Externe Beratung"]
    assert kontakte_by_rolle(LINKS[LINKS["werkzeug_id"] == 2])["Ansprechperson vor Ort"] == \
        "Maika Hansen (Person, Nordfriesland)"


def test_the_place_filter_matches_the_local_contact_cell():
    assert matching_werkzeuge(WERKZEUGE, LINKS, Filters(ort="nordfriesland")) == {3}
    assert matching_werkzeuge(WERKZEUGE, LINKS, Filters(ort="Heide")) == {2}


def test_the_measure_table_shows_the_kontakte_of_its_werkzeug():
    schedule = pd.DataFrame({
        "massnahme_id": [10], "handlungsfeld": ["F"], "werkzeug": ["C"], "massnahme": ["M"],
        "werkzeug_id": [3], "beginn": [pd.NaT], "ende": [pd.NaT], "hinweis": [None],
        "termin_id": [None], "bezeichnung": [None], "ungefaehr": [False]})
    table = massnahme_table(schedule, kontakte_by_werkzeug(LINKS))
    assert table["Kontakte"].tolist() == ["Kreisverwaltung (Beteiligte)"]
