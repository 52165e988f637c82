"""CSV downloads: German format, and no cell a spreadsheet would run as a formula."""
import csv
import io
from datetime import date

import pandas as pd

from werkstatt.outputs.csv import to_csv_bytes

ATTACKS = ['=HYPERLINK("http://ev.il/?x","klick")', "+1+2", "-2+3", "@SUM(A1:A2)",
           "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8 umlauts
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_every_cell_starting_like_a_formula_gets_an_apostrophe():
    df = pd.DataFrame({"Benutzer": ATTACKS, "Kommentar": ["ok"] * len(ATTACKS)})
    rows = read_back(to_csv_bytes(df))
    assert [row[0] for row in rows[1:]] == ["'" + attack for attack in ATTACKS]
    assert all(row[1] == "ok" for row in rows[1:])


def test_numbers_dates_and_ordinary_text_keep_the_german_format():
    df = pd.DataFrame({"Titel": ["Fest der Kulturen", "Übergänge – 2019"],
                       "Betrag": [210165.0, -25.5], "Anzahl": [3, -1],
                       "Tag": [date(2019, 10, 6), None], "Leer": [None, ""]})
    rows = read_back(to_csv_bytes(df))
    assert rows[0] == ["Titel", "Betrag", "Anzahl", "Tag", "Leer"]
    assert rows[1] == ["Fest der Kulturen", "210165,0", "3", "2019-10-06", ""]
    assert rows[2] == ["Übergänge – 2019", "-25,5", "-1", "", ""]  # a negative number stays one


def test_a_line_break_inside_a_cell_stays_inside_its_row():
    rows = read_back(to_csv_bytes(pd.DataFrame({"Kommentar": ["erste\r\nzweite", "a\rb"],
                                                "n": [1, 2]})))
    assert rows == [["Kommentar", "n"], ["erste\r\nzweite", "1"], ["a\rb", "2"]]


def test_a_column_name_from_user_input_is_neutralised_too():
    rows = read_back(to_csv_bytes(pd.DataFrame({"=1+1": ["x"]})))
    assert rows[0] == ["'=1+1"]
