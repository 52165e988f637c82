from hypothesis import given
from hypothesis import strategies as st

from werkstatt.ingest.contacts import KontaktRegistry, Mention, parse_kontakt_cell


def names(mentions):
    return [(m.name, m.art) for m in mentions]


def test_a_unit_with_a_person_gives_both_and_links_the_person_to_the_unit():
    mentions, _ = parse_kontakt_cell("Stabsstelle „Hilfen im Übergang“, Johanna A. Baron",
                                     "ansprechperson")
    assert names(mentions) == [("Stabsstelle „Hilfen im Übergang“", "Stelle"),
                               ("Johanna A. Baron", "Person")]
    assert mentions[1].organisation == "Stabsstelle „Hilfen im Übergang“"


def test_four_names_in_one_cell_are_two_people_and_the_split_is_explained():
    mentions, _ = parse_kontakt_cell("Irina Hensler Shorena Sikharulia", "ansprechperson")
    assert names(mentions) == [("Irina Hensler", "Person"), ("Shorena Sikharulia", "Person")]
    assert "zwei Personen" in mentions[0].deutung


def test_local_contacts_per_district_keep_the_district():
    mentions, places = parse_kontakt_cell(
        "Nordfriesland (Maika Hansen) Dithmarschen (Barbara Sommer) Steinburg (Nilay Sözkösen) "
        "Pinneberg (Burkhard Stratmann)", "vor_ort")
    assert [(m.name, m.zusatz) for m in mentions] == [
        ("Maika Hansen", "Nordfriesland"), ("Barbara Sommer", "Dithmarschen"),
        ("Nilay Sözkösen", "Steinburg"), ("Burkhard Stratmann", "Pinneberg")]
    assert places == ["Nordfriesland", "Dithmarschen", "Steinburg", "Pinneberg"]


def test_a_place_column_starts_with_the_place_not_a_person():
    mentions, places = parse_kontakt_cell("Digitales Angebot, responsiv für mobile Endgeräte",
                                          "vor_ort")
    assert mentions == [] and places[0] == "Digitales Angebot"
    mentions, places = parse_kontakt_cell("Kreisgebiet, Corinna Viyo", "vor_ort")
    assert names(mentions) == [("Corinna Viyo", "Person")] and places == ["Kreisgebiet"]


def test_units_inside_a_place_cell_are_found_with_their_colon_description():
    mentions, places = parse_kontakt_cell(
        "Kreisweit Geschäftsbereich 1: Familie, Soziales, Gesundheit Stabsstelle HiÜ, "
        "Fachkräfte für Migration und Integration", "vor_ort")
    assert names(mentions) == [("Geschäftsbereich 1: Familie, Soziales, Gesundheit", "Stelle"),
                               ("Stabsstelle HiÜ", "Stelle"),
                               ("Fachkräfte für Migration und Integration", "Stelle")]
    assert places == ["Kreisweit"]


def test_outside_advisers_and_no_adviser():
    assert names(parse_kontakt_cell("pro-t-in GmbH", "extern")[0]) == [("pro-t-in GmbH", "Extern")]
    assert parse_kontakt_cell("nein", "extern") == ([], [])
    assert parse_kontakt_cell("Derzeit nicht geplant", "extern") == ([], [])


def test_representatives_of_other_counties_are_external():
    mentions, _ = parse_kontakt_cell(
        "Niels Buck, Vertreter der anderen beteiligten Kreise der Westküste", "ansprechperson")
    assert names(mentions) == [("Niels Buck", "Person"),
                               ("Vertreter der anderen beteiligten Kreise der Westküste", "Extern")]


def test_abbreviations_of_one_unit_are_one_contact():
    registry = KontaktRegistry()
    full = registry.add(Mention("Stabsstelle „Hilfen im Übergang“", "Stelle"))
    assert registry.add(Mention("Stabsstelle HiÜ", "Stelle")) is full
    assert registry.add(Mention("ST HiÜ", "Stelle")) is full
    assert full.name == "Stabsstelle „Hilfen im Übergang“"
    assert set(full.aliases) == {"Stabsstelle „Hilfen im Übergang“", "Stabsstelle HiÜ", "ST HiÜ"}
    assert len(registry.notes) == 2


def test_roman_and_arabic_numbers_and_suffixes_name_one_unit():
    registry = KontaktRegistry()
    a = registry.add(Mention("Geschäftsbereich I", "Stelle"))
    assert registry.add(Mention("Geschäftsbereich 1: Familie, Soziales, Gesundheit", "Stelle")) is a
    b = registry.add(Mention("Demografiebeauftragter", "Stelle"))
    assert registry.add(Mention("Demografiebeauftragter des Kreises", "Stelle")) is b
    assert a is not b


def test_different_people_stay_different():
    registry = KontaktRegistry()
    a = registry.add(Mention("Irina Hensler", "Person"))
    b = registry.add(Mention("Shorena Sikharulia", "Person"))
    assert a is not b and len(registry.kontakte) == 2


def test_units_are_found_among_partners_by_any_spelling():
    registry = KontaktRegistry()
    registry.add(Mention("Demografiebeauftragter", "Stelle"))
    found = registry.units_in("Kreis Dithmarschen (Träger) Demografiebeauftragter "
                              "(Organisation/Koordination)")
    assert [c.name for c, _ in found] == ["Demografiebeauftragter"]
    assert registry.units_in("Gleichstellungsbeauftragte Vereine") == []


@given(st.text(max_size=120), st.sampled_from(["ansprechperson", "vor_ort", "extern"]))
def test_any_cell_parses_without_error_and_names_come_from_the_cell(text, column):
    mentions, places = parse_kontakt_cell(text, column)
    flat = " ".join(text.split())
    for mention in mentions:
        assert mention.name and mention.art in {"Person", "Stelle", "Extern"}
        assert all(word in flat for word in mention.name.split())


def test_a_short_form_names_a_one_word_unit_among_partners():
    registry = KontaktRegistry()
    registry.add(Mention("Jugendberufsagentur", "Stelle"))
    registry.add(Mention("Kreisverwaltung", "Stelle"))
    found = registry.units_in("Agentur für Arbeit, Jobcenter, JBA Gemeinden und Kommunen")
    assert [(c.name, spelling) for c, spelling in found] == [("Jugendberufsagentur", "JBA")]
    assert registry.units_in("AG JBSH, IHK, HWK") == []
