"""Property tests of what a file of measured values may hold: any cell text ends in a value or
a German refusal (ValidationError), never in a traceback."""
from __future__ import annotations

import math
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from werkstatt import formats
from werkstatt.commands import messwerte_import
from werkstatt.commands.inputs import parse_day, parse_number
from werkstatt.errors import ValidationError

NUMBERISH = st.text(alphabet="0123456789.,+- e\u00a0", max_size=20)
DATEISH = st.text(alphabet="0123456789.-/ T:", max_size=20)


@given(st.one_of(st.text(max_size=30), NUMBERISH))
def test_any_text_is_a_finite_number_or_a_german_refusal(text):
    try:
        number = parse_number(text)
    except ValidationError as exc:
        assert "Zahl" in str(exc)
    else:
        assert math.isfinite(number)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_a_number_in_german_format_reads_back(value):
    shown = formats.number(value, 4)
    assert parse_number(shown) == float(shown.replace(".", "").replace(",", "."))


@given(st.one_of(st.text(max_size=30), DATEISH))
def test_any_text_is_a_day_or_a_german_refusal(text):
    try:
        day = parse_day(text)
    except ValidationError as exc:
        assert "kein Datum" in str(exc)
    else:
        assert isinstance(day, date)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_both_date_formats_read_the_same_day(day):
    assert parse_day(day.strftime("%d.%m.%Y")) == parse_day(day.isoformat()) == day


CELL = st.one_of(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
                 NUMBERISH, DATEISH)


@given(st.lists(st.lists(CELL, max_size=5), max_size=6), st.sampled_from([";", ",", "\t"]))
def test_any_csv_table_gives_rows_or_a_german_refusal(table, separator):
    text = "\n".join(separator.join(row) for row in table)
    try:
        rows = messwerte_import.read_csv(text.encode("utf-8"))
    except ValidationError as exc:
        assert str(exc)
    else:
        assert all(isinstance(line, int) and set(cells) <= {"Indikator", "Stichtag", "Wert",
                                                             "Kommentar"}
                   for line, cells in rows)


@given(st.binary(max_size=200))
def test_any_bytes_give_rows_or_a_german_refusal(data):
    try:
        messwerte_import.read_csv(data)
    except ValidationError as exc:
        assert str(exc)
