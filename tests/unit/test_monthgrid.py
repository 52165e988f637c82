import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkstatt.errors import SourceError
from werkstatt.ingest.monthgrid import read_header, read_marks

HEADER_13 = ["Einzelmaßnahmen: Jahr 2019"] + [str(m) for m in range(1, 13)]
HEADER_15 = ["Einzelmaßnahmen: Jahr 2019", "", ""] + [str(m) for m in range(1, 13)]


def row(width, **cells):
    values = [""] * width
    values[0] = "Titel"
    for index, text in cells.items():
        values[int(index[1:])] = text
    return values


def marks(cells, header=HEADER_13, title="Titel"):
    year, columns = read_header(header, line=1, table="T")
    return read_marks(cells, columns, year, title, line=2, table="T")


def test_each_table_reads_its_month_columns_from_its_own_header():
    assert read_header(HEADER_13, line=1, table="T") == (2019, {m: m for m in range(1, 13)})
    assert read_header(HEADER_15, line=1, table="T")[1][3] == 1
    [mark] = marks(row(15, c11="x"), HEADER_15)  # column 11 of the wide layout is September
    assert (mark.beginn, mark.ende, mark.art) == (date(2019, 9, 1), date(2019, 9, 30),
                                                  "meilenstein")


def test_a_progress_bar_is_a_span_from_month_a_to_month_b():
    [mark] = marks(row(13, c1="[Progress bar from 1 to 7]"))
    assert (mark.beginn, mark.ende, mark.art) == (date(2019, 1, 1), date(2019, 7, 31), "zeitraum")
    assert not mark.ungefaehr and mark.rohmarke == "[Progress bar from 1 to 7]"


def test_consecutive_x_marks_are_one_span_and_separate_ones_stay_apart():
    result = marks(row(13, c2="X", c4="X", c5="x", c6="X"))
    assert [(m.beginn, m.ende, m.art) for m in result] == [
        (date(2019, 2, 1), date(2019, 2, 28), "meilenstein"),
        (date(2019, 4, 1), date(2019, 6, 30), "zeitraum")]


def test_a_bar_of_lost_length_is_approximate_and_keeps_its_raw_marker():
    [mark] = marks(row(13, c3="—————"))
    assert mark.ungefaehr and mark.rohmarke == "—————" and mark.beginn == date(2019, 3, 1)
    assert "ungefähr" in mark.deutung
    [full] = marks(row(13, c1="█" * 20))
    assert full.ende == date(2019, 12, 31) and full.ungefaehr


def test_a_word_in_a_month_cell_is_a_labelled_milestone():
    [mark] = marks(row(15, c12="Projektende"), HEADER_15)
    assert (mark.bezeichnung, mark.art, mark.beginn) == ("Projektende", "meilenstein",
                                                        date(2019, 10, 1))


def test_an_exact_date_in_the_title_pins_the_month_mark_to_that_day():
    [mark] = marks(row(13, c10="X"), title="Veranstaltung 06.10.2019")
    assert mark.beginn == mark.ende == date(2019, 10, 6) and mark.art == "meilenstein"


def test_a_row_without_marks_has_no_dates():
    assert marks(row(13)) == []


@pytest.mark.parametrize("bad, message", [
    (["Einzelmaßnahmen: Jahr 2019"] + [str(m) for m in range(2, 14)], "Monat 13"),
    (["Einzelmaßnahmen: Jahr 2019", "1", "1"], "zweimal"),
    (["Einzelmaßnahmen: Jahr 2019", "Jan"], "Monatszahl"),
])
def test_a_broken_header_is_refused_with_the_table_and_line(bad, message):
    with pytest.raises(SourceError, match=message) as err:
        read_header(bad, line=7, table="Einzelmaßnahmen X")
    assert "Zeile 7" in str(err.value) and "Einzelmaßnahmen X" in str(err.value)


def test_a_progress_bar_to_month_13_is_refused():
    with pytest.raises(SourceError, match="Monat 13"):
        marks(row(13, c1="[Progress bar from 1 to 13]"))


def test_a_mark_outside_the_month_columns_is_refused():
    with pytest.raises(SourceError, match="außerhalb"):
        marks(row(15, c1="X"), HEADER_15)


MARKS = st.one_of(st.sampled_from(["", "X", "x", "█" * 20, "██", "—————", "Projektende",
                                   "[Progress bar from 2 to 5]"]),
                  st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12))


@given(st.lists(MARKS, min_size=12, max_size=12),
       st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30))
def test_any_month_row_gives_ordered_termine_inside_the_year_or_a_german_error(cells, title):
    try:
        result = marks(["Titel"] + cells, title=title)
    except SourceError as err:
        assert "Zeile 2" in str(err)
        return
    for mark in result:
        assert date(2019, 1, 1) <= mark.beginn <= mark.ende <= date(2019, 12, 31) or \
            mark.beginn == mark.ende  # an exact day from the title may lie in another year
        assert mark.art in ("zeitraum", "meilenstein") and mark.deutung
    filled = [c.strip() for c in cells if c.strip()]
    if filled:  # every mark is kept, none dropped
        assert result
    elif not re.search(r"\d{1,2}\.\d{1,2}\.\d{4}", title):
        assert result == []  # no mark, no date: a measure without Termin
