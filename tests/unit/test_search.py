import pandas as pd

from werkstatt.views.search import rows_containing

TABLE = pd.DataFrame({"Maßnahme": ["Veranstaltung", "Arbeitskreis Demografie", None],
                      "Zeitraum": ["Okt 2019", "Jan 2019 – Mär 2019", "ohne Termin"],
                      "Zahl": [1, 2, 3]})


def test_a_search_keeps_the_rows_containing_the_text_in_any_column_ignoring_case():
    assert list(rows_containing(TABLE, "  DEMOGRAFIE ").index) == [1]
    assert list(rows_containing(TABLE, "2019").index) == [0, 1]
    assert list(rows_containing(TABLE, "3").index) == [2]


def test_an_empty_search_keeps_every_row_and_pattern_signs_are_plain_text():
    assert rows_containing(TABLE, "") is TABLE and rows_containing(TABLE, None) is TABLE
    assert rows_containing(TABLE, ".*").empty
    assert rows_containing(TABLE, "none").empty  # an empty cell is not the word "None"
