"""The shipped 2019 plan, imported and checked against facts read from the document by hand."""
from datetime import date
from decimal import Decimal

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(plan_db):
    con = duckdb.connect(str(plan_db), read_only=True)
    yield con
    con.close()


def one(con, sql, *params):
    return con.execute(sql, params).fetchone()


def test_the_plan_row_carries_title_and_stand(con):
    assert one(con, "SELECT titel, jahr, stand FROM plan") == (
        "Werkstattplan Kreis Dithmarschen 2019", 2019, date(2019, 1, 30))


def test_goal_catalogue_has_both_levels_and_all_four_dimensions(con):
    counts = dict(((e, d), n) for e, d, n in con.execute(
        "SELECT ebene, dimension, count(*) FROM ziel GROUP BY ALL").fetchall())
    assert counts == {("übergeordnet", "Werte/Haltung"): 1, ("übergeordnet", "Inhalt"): 2,
                      ("übergeordnet", "Struktur"): 4, ("übergeordnet", "Methode"): 2,
                      ("konkretisiert", "Inhalt"): 5, ("konkretisiert", "Struktur"): 6,
                      ("konkretisiert", "Methode"): 9}
    assert one(con, "SELECT position FROM ziel WHERE text = 'Bildungsmonitoring'") == (8,)


def test_two_fields_twelve_tools_one_cross_cutting(con):
    assert con.execute("SELECT name FROM handlungsfeld ORDER BY position").fetchall() == [
        ("Bildungskette mit Übergängen",), ("Teilhabe in Dithmarschen",)]
    per_field = con.execute("SELECT h.name, count(*) FROM werkzeug w LEFT JOIN handlungsfeld h "
                            "ON h.id = w.handlungsfeld_id GROUP BY ALL").fetchall()
    assert dict(per_field) == {"Bildungskette mit Übergängen": 4, "Teilhabe in Dithmarschen": 7,
                               None: 1}
    assert one(con, "SELECT name FROM werkzeug WHERE handlungsfeld_id IS NULL") == (
        "Kommunikationskonzept Werkstattplan 2019",)


def test_laenderabende_get_their_field_from_the_overview(con):
    assert one(con, "SELECT h.name FROM werkzeug w JOIN handlungsfeld h ON h.id = "
                    "w.handlungsfeld_id WHERE w.name = 'Länderabende im Kreis Dithmarschen'") == (
        "Teilhabe in Dithmarschen",)


def test_renamed_tools_are_one_tool_with_an_alias(con):
    assert one(con, "SELECT w.name FROM werkzeug_alias a JOIN werkzeug w ON w.id = a.werkzeug_id "
                    "WHERE a.alias = 'Einbeziehung von Städten und Ämtern in die Gestaltung der "
                    "Bildungslandschaft'") == (
        "Einbeziehung von Städten und Ämtern in den Demografieprozess",)
    assert one(con, "SELECT count(*) FROM werkzeug WHERE name LIKE 'Einbeziehung%'") == (1,)


def test_years_from_the_overview(con):
    years = dict(con.execute("SELECT w.name, list(j.jahr ORDER BY j.jahr) FROM werkzeug w "
                             "JOIN werkzeug_jahr j ON j.werkzeug_id = w.id GROUP BY ALL"
                             ).fetchall())
    assert years["Jugendberufsagentur"] == [2019, 2020]
    assert years["Migranten- und Integrationsbeirat Kreis Dithmarschen"] == [2020]
    assert years["Praxispool"] == [2019]
    assert "Kommunikationskonzept Werkstattplan 2019" not in years


def test_chances_and_difficulties_leave_the_description(con):
    beschreibung, chancen, schwierigkeiten = one(
        con, "SELECT beschreibung, chancen, schwierigkeiten FROM werkzeug "
             "WHERE name = 'Migranten- und Integrationsbeirat Kreis Dithmarschen'")
    assert chancen.startswith("Partizipation von Menschen mit Migrationshintergrund")
    assert schwierigkeiten.startswith("Werbung um ehrenamtliche Beiräte")
    assert "Chancen:" not in beschreibung and "Hauptschwierigkeiten" not in beschreibung
    text, = one(con, "SELECT beschreibung FROM werkzeug WHERE name LIKE 'Integration zum Thema%'")
    assert text.startswith("Flächendeckende Initiierung von Amtsentwicklungskonzepten")


def test_no_markup_reaches_the_database(con):
    for table, column in [("werkzeug", "beschreibung"), ("handlungsfeld", "beschreibung"),
                          ("massnahme", "titel"), ("werkzeug_hinweis", "text")]:
        assert one(con, f"SELECT count(*) FROM {table} WHERE {column} LIKE '%<%'") == (0,)
    assert "\n\n" in one(con, "SELECT beschreibung FROM werkzeug WHERE name = "
                              "'Länderabende im Kreis Dithmarschen'")[0]


def test_every_measure_row_is_kept_including_those_without_dates(con):
    assert one(con, "SELECT count(*) FROM massnahme") == (57,)
    undated = one(con, "SELECT count(*) FROM massnahme m WHERE NOT EXISTS "
                       "(SELECT 1 FROM termin t WHERE t.massnahme_id = m.id)")
    assert undated == (14,)  # 2 Praxispool, 2 Rückenwind, 1 Amt, 2 Beirat, 1 Länder, 6 Komm.
    assert one(con, "SELECT hinweis FROM massnahme WHERE titel = "
                    "'Präsentation in der Sankelmarkrunde'") == ("Termin steht noch nicht fest",)


def test_an_italic_row_without_marks_stays_a_note_on_its_tool(con):
    assert con.execute("SELECT w.name, h.text, h.monate FROM werkzeug_hinweis h "
                       "JOIN werkzeug w ON w.id = h.werkzeug_id ORDER BY h.id").fetchall() == [
        ("Quartiersentwicklung: Wesselburen - Hier beginnt Europa / Europa începe aici/",
         "Fortführung 2020", None)]


def test_an_italic_row_with_marks_is_a_continuation_measure_with_its_termine(con):
    tool, fortfuehrung = one(con, "SELECT w.name, m.fortfuehrung FROM massnahme m JOIN werkzeug w "
                                  "ON w.id = m.werkzeug_id "
                                  "WHERE m.titel = 'Evaluierung und Fortführung 2020'")
    assert tool == "Dithmarscher Seniorenkonferenz" and fortfuehrung is True
    # X in November and December: one span over both months
    assert [(b, e) for b, e, *_ in termine(con, "Evaluierung und Fortführung 2020")] == [
        (date(2019, 11, 1), date(2019, 12, 31))]
    assert one(con, "SELECT count(*) FROM massnahme WHERE fortfuehrung") == (1,)
    assert one(con, "SELECT count(*) FROM import_log WHERE meldung LIKE "
                    "'%„Evaluierung und Fortführung 2020“ mit Monatsmarkierung als Maßnahme "
                    "zur Fortführung%'") == (1,)


def termine(con, title):
    return con.execute("SELECT beginn, ende, art, ungefaehr, rohmarke, bezeichnung FROM termin t "
                       "JOIN massnahme m ON m.id = t.massnahme_id WHERE m.titel = ? "
                       "ORDER BY beginn", [title]).fetchall()


def test_dates_as_read_from_the_month_grids(con):
    assert termine(con, "Prozessabläufe optimieren") == [
        (date(2019, 1, 1), date(2019, 7, 31), "zeitraum", False, "[Progress bar from 1 to 7]",
         None)]
    marketing = termine(con, "Marketingmaßnahmen zur Bekanntmachung des Angebots JBA")
    assert [(b, e) for b, e, *_ in marketing] == [(date(2019, 1, 1), date(2019, 4, 30)),
                                                 (date(2019, 9, 1), date(2019, 11, 30))]
    assert termine(con, "Pflege der Datenbank")[0][5] == "Projektende"
    assert termine(con, "Pflege der Datenbank")[0][0] == date(2019, 10, 1)
    evaluation = termine(con, "Evaluation durch Abgleich mit Zielindikatoren als Kennzahlen zu "
                              "verteilten Talentekompassen, Anbieter in der Datenbank und Aufrufe "
                              "der Homepage")
    assert evaluation[0][:3] == (date(2019, 9, 1), date(2019, 9, 30), "meilenstein")
    assert termine(con, "Veranstaltung 06.10.2019")[0][:3] == (date(2019, 10, 6), date(2019, 10, 6),
                                                              "meilenstein")
    assert len(termine(con, "Vorbereitungstreffen mit pro-t-in GmbH und Netzwerkpartnern")) == 3


def test_bars_of_lost_length_are_flagged_approximate(con):
    approximate = con.execute("SELECT m.titel, t.rohmarke FROM termin t JOIN massnahme m ON "
                              "m.id = t.massnahme_id WHERE t.ungefaehr ORDER BY m.id").fetchall()
    assert [t for t, _ in approximate] == [
        "Umsetzung der Ziele des Verlängerungsantrags", "Netzwerkpflege mit den Anbietern",
        "Datenpflege", "Planung der Veranstaltung und Gewinnung von Kooperationspartnern",
        "Erstellung eines Werkzeugs durch Herrn Zeitler", "Initiierung einer Projektstelle",
        "Vorbereitungsphase"]
    assert approximate[3][1] == "—————"


def contacts_of(con, tool):
    return set(con.execute(
        "SELECT k.name, wk.rolle FROM werkzeug_kontakt wk JOIN kontakt k ON k.id = wk.kontakt_id "
        "JOIN werkzeug w ON w.id = wk.werkzeug_id WHERE w.name = ?", [tool]).fetchall())


def test_contacts_are_entities_with_roles(con):
    assert contacts_of(con, "Länderabende im Kreis Dithmarschen") >= {
        ("Irina Hensler", "Ansprechperson"), ("Shorena Sikharulia", "Ansprechperson"),
        ("Koordinierungsstelle für Migration und Integration", "Ansprechperson")}
    assert ("Barbara Sommer", "Ansprechperson vor Ort") in contacts_of(
        con, "Rückenwind – Jugendmobilität Westküste")
    assert ("pro-t-in GmbH", "Externe Beratung") in contacts_of(con,
                                                                "Dithmarscher Seniorenkonferenz")
    assert one(con, "SELECT art FROM kontakt WHERE name = 'pro-t-in GmbH'") == ("Extern",)


def test_one_unit_under_several_spellings_is_one_contact(con):
    unit, = one(con, "SELECT id FROM kontakt WHERE name = 'Stabsstelle „Hilfen im Übergang“'")
    aliases = {a for a, in con.execute("SELECT alias FROM kontakt_alias WHERE kontakt_id = ?",
                                       [unit]).fetchall()}
    assert {"ST HiÜ", "Stabsstelle HiÜ"} <= aliases
    assert ("Stabsstelle „Hilfen im Übergang“", "Ansprechperson") in contacts_of(
        con, "Kommunikationskonzept Werkstattplan 2019")
    assert one(con, "SELECT count(*) FROM kontakt WHERE name LIKE '%HiÜ%'") == (0,)


def test_overview_and_sheet_contacts_both_count(con):
    wesselburen = contacts_of(con, "Quartiersentwicklung: Wesselburen - Hier beginnt Europa / "
                                   "Europa începe aici/")
    assert {("Niels Buck", "Ansprechperson"),
            ("Stabsstelle „Hilfen im Übergang“", "Ansprechperson")} <= wesselburen
    tools = {t for t, in con.execute(
        "SELECT w.name FROM werkzeug w JOIN werkzeug_kontakt wk ON wk.werkzeug_id = w.id "
        "JOIN kontakt k ON k.id = wk.kontakt_id WHERE k.name = 'Niels Buck'").fetchall()}
    assert len(tools) == 2


def budget(con, tool):
    return con.execute("SELECT betrag_min, betrag_max, periode, vk FROM budget_posten b "
                       "JOIN werkzeug w ON w.id = b.werkzeug_id WHERE w.name = ? ORDER BY b.id",
                       [tool]).fetchall()


def test_budgets_parse_what_is_stated_and_keep_the_text(con):
    assert budget(con, "Praxispool") == [(Decimal("210165.00"), Decimal("210165.00"), None, None)]
    assert budget(con, "Jugendberufsagentur") == [(Decimal("25000"), Decimal("25000"), "jährlich",
                                                   None)]
    assert budget(con, "Migranten- und Integrationsbeirat Kreis Dithmarschen") == [
        (None, None, None, Decimal("0.5")), (Decimal("2000"), Decimal("2000"), "jährlich", None)]
    assert budget(con, "Verstetigung des interkulturellen Festes (IKF)") == [
        (Decimal("1000"), Decimal("3000"), None, None)]
    assert one(con, "SELECT budget_text FROM werkzeug WHERE name = 'Rückenwind – Jugendmobilität "
                    "Westküste'") == ("Ca. 800.000,-- Euro",)


def test_unknown_budgets_stay_null(con):
    assert budget(con, "Digitale Informationen über Sprach- und Bildungsangebote (Schwerpunkt: "
                       "Neuzugewanderte)") == [(None, None, None, None)]
    assert budget(con, "Länderabende im Kreis Dithmarschen") == []
    assert one(con, "SELECT budget_text FROM werkzeug WHERE name = "
                    "'Länderabende im Kreis Dithmarschen'") == (None,)
    assert one(con, "SELECT count(*) FROM budget_posten WHERE betrag_min = 0 OR betrag_max = 0"
               ) == (0,)


def test_the_import_log_records_each_interpretation(con):
    messages = [m for m, in con.execute("SELECT meldung FROM import_log").fetchall()]
    assert any("als zwei Personen gelesen" in m for m in messages)
    assert any("Länge in der Vorlage verloren" in m for m in messages)
    assert any("Name als Alias gespeichert" in m for m in messages)
    assert any("„ST HiÜ“ als dieselbe Stelle" in m for m in messages)
    assert any("Betrag 1.000,00\xa0€ – 3.000,00\xa0€" in m for m in messages)  # German numbers
    assert any("querschnittlich" in m for m in messages)


def test_the_sentence_announcing_the_goal_catalogue_stays_in_the_introduction(con):
    (einleitung,) = one(con, "SELECT einleitung FROM plan")
    assert einleitung.endswith("Dem Werkstattplan vorangestellt wird ein Zielkatalog mit "
                               "übergreifenden Zielen und daraus abgeleiteten konkretisierten "
                               "Zielen.")
    assert one(con, "SELECT count(*) FROM ziel") == (29,)


def test_a_merged_spelling_is_logged_at_the_line_where_it_stands(con):
    assert con.execute("SELECT zeile FROM import_log WHERE meldung LIKE "
                       "'„Geschäftsbereich I“ als dieselbe Stelle%'").fetchall() == [(52,)]


def test_the_short_form_jba_among_rueckenwinds_partners_links_the_jugendberufsagentur(con):
    links = con.execute(
        "SELECT w.name FROM werkzeug_kontakt wk JOIN kontakt k ON k.id = wk.kontakt_id "
        "JOIN werkzeug w ON w.id = wk.werkzeug_id WHERE k.name = 'Jugendberufsagentur' "
        "AND wk.rolle = 'Beteiligte' ORDER BY w.name").fetchall()
    assert links == [("Praxispool",), ("Rückenwind – Jugendmobilität Westküste",)]
    assert one(con, "SELECT count(*) FROM import_log WHERE meldung LIKE "
                    "'%„Jugendberufsagentur“ unter den Beteiligten (Blatt) als „JBA“ erkannt'"
               ) == (1,)


def test_the_exact_date_read_from_a_title_is_in_the_import_log(con):
    assert one(con, "SELECT zeile FROM import_log WHERE meldung LIKE "
                    "'„Veranstaltung 06.10.2019“: genaues Datum 06.10.2019 aus dem Titel%'"
               ) == (215,)
