"""Download file names: ASCII, readable, from the filter values."""
from werkstatt.outputs.filenames import ascii_slug, download_name


def test_umlauts_are_spelled_out_and_quotes_and_commas_dropped():
    assert ascii_slug("Stabsstelle „Hilfen im Übergang“, Johanna A. Baron") == \
        "stabsstelle-hilfen-im-uebergang-johanna"  # 40 characters at most


def test_accents_lose_their_marks_and_other_scripts_vanish():
    assert ascii_slug("Shorena Sikharulia – Géorgie ქართ") == "shorena-sikharulia-georgie"


def test_a_file_name_joins_the_parts_and_skips_empty_ones():
    assert download_name("fortschritt", "2019-09", "", "Niels Buck", extension="xlsx") == \
        "werkstattplan-fortschritt-2019-09-niels-buck.xlsx"
    assert download_name("termine", "ქართ", extension="ics") == "werkstattplan-termine.ics"
    assert download_name("termine", "x" * 100, extension="ics").isascii()


def test_a_views_file_name_says_what_month_field_contact_and_stichtag_it_shows():
    from datetime import date

    from werkstatt.outputs.filenames import view_name
    from werkstatt.views.filters import Filters

    chosen = Filters(monat=date(2019, 9, 1), kontakt="Stabsstelle „Hilfen im Übergang“",
                     handlungsfeld="Teilhabe in Dithmarschen", stichtag=date(2019, 9, 30))
    name = view_name("zeitplan", chosen, "png", "Teilhabe in Dithmarschen", "1-von-2")
    assert name == ("werkstattplan-zeitplan-teilhabe-in-dithmarschen-1-von-2-2019-09-"
                    "stabsstelle-hilfen-im-uebergang-2019-09-30.png")  # the field said once
    assert view_name("handout", Filters(), "pdf") == "werkstattplan-handout.pdf"
