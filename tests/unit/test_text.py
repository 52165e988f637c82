from werkstatt.text import name_key, plain_text


def test_paragraph_markup_becomes_blank_line_separated_plain_text():
    assert plain_text("<p>Erster  Satz.</p> <p>Zweiter &amp; letzter.</p>") == \
        "Erster Satz.\n\nZweiter & letzter."


def test_italic_markup_is_dropped():
    assert plain_text("<i>Fortführung 2020</i>") == "Fortführung 2020"


def test_names_compare_without_quotes_dash_kinds_or_case():
    assert name_key("„Rückenwind - Jugendmobilität Westküste“") == \
        name_key("Rückenwind – Jugendmobilität Westküste")

