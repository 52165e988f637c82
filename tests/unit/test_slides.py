"""The presentation's slide list (pure): which slides, Gantt parts that fit, the folie number."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from werkstatt.views import slides


def schedule(*measures: tuple[str, int, int]) -> pd.DataFrame:
    """Rows (handlungsfeld, werkzeug_id, massnahme_id), one Termin each, in plan order."""
    return pd.DataFrame([{"handlungsfeld": f, "werkzeug_id": w, "massnahme_id": m}
                         for f, w, m in measures],
                        columns=["handlungsfeld", "werkzeug_id", "massnahme_id"])


def chart_rows(part: pd.DataFrame) -> int:
    return part["massnahme_id"].nunique() + part["werkzeug_id"].nunique()


def test_a_gantt_part_never_has_more_chart_rows_than_fit_and_keeps_every_measure_once():
    rows = schedule(*[("A", 1 + m // 4, m) for m in range(10)])  # 3 tools, 10 measures
    parts = slides.gantt_parts(rows, 5)
    assert all(chart_rows(part) <= 5 for part in parts)
    assert [m for part in parts for m in part["massnahme_id"]] == list(range(10))


def test_a_measure_with_several_termine_stays_in_one_part():
    rows = schedule(("A", 1, 1), ("A", 1, 2), ("A", 1, 2), ("A", 1, 3))
    parts = slides.gantt_parts(rows, 3)
    assert [list(p["massnahme_id"]) for p in parts] == [[1, 2, 2], [3]]


def test_a_tool_continued_on_the_next_part_gets_its_header_row_again():
    rows = schedule(("A", 1, 1), ("A", 1, 2), ("A", 1, 3))
    parts = slides.gantt_parts(rows, 3)  # header + 2 measures, then header + 1
    assert [list(p["massnahme_id"]) for p in parts] == [[1, 2], [3]]


def test_rows_that_fit_divides_the_height_left_by_the_row_height_and_shows_at_least_two():
    assert slides.rows_that_fit(470, 49, 142) == 6
    assert slides.rows_that_fit(100, 49, 142) == 2


def test_the_deck_has_title_status_numbered_gantt_parts_upcoming_budget_and_indicators():
    rows = schedule(*[("Teilhabe", 1, m) for m in range(7)], ("Bildung", 2, 10))
    deck = slides.slide_list(rows, upcoming=[40, 40, 40, 40, 40], indicators=[],
                             upcoming_title="Was steht an", gantt_rows=4, table_height=160)
    assert [s.title for s in deck] == [
        "Titel", "Stand je Handlungsfeld", "Teilhabe (1/3)", "Teilhabe (2/3)", "Teilhabe (3/3)",
        "Bildung", "Was steht an (1/2)", "Was steht an (2/2)", "Budget je Handlungsfeld",
        "Indikatoren"]
    assert deck[2].massnahme_ids == (0, 1, 2) and deck[5].handlungsfeld == "Bildung"
    assert deck[6].rows == (0, 4) and deck[7].rows == (4, 5)
    assert deck[-1].kind == slides.INDICATORS and deck[-1].rows == (0, 0)  # says "none"


def test_the_indicators_get_slides_per_handlungsfeld_below_its_counts():
    deck = slides.slide_list(schedule(), [], [("Bildung", [40, 40]), ("Teilhabe", [40] * 5)],
                             "Was steht an", 6, 150 + slides.INDICATOR_COUNTS_HEIGHT)
    shown = [(s.title, s.handlungsfeld, s.rows) for s in deck if s.kind == slides.INDICATORS]
    assert shown == [("Indikatoren: Bildung", "Bildung", (0, 2)),
                     ("Indikatoren: Teilhabe (1/2)", "Teilhabe", (0, 3)),
                     ("Indikatoren: Teilhabe (2/2)", "Teilhabe", (3, 5))]


def test_without_dated_measures_the_deck_has_no_gantt_slide():
    deck = slides.slide_list(schedule(), [], [("Teilhabe", [40, 40, 40])], "Was steht an", 6,
                             400)
    assert slides.GANTT not in {s.kind for s in deck}


def test_what_is_upcoming_is_the_chosen_month_or_the_stichtags_month_and_the_next():
    dec = date(2019, 12, 1)
    assert slides.upcoming_months(date(2019, 9, 1), date(2019, 3, 5), dec) == [date(2019, 9, 1)]
    assert slides.upcoming_months(None, date(2019, 3, 5), dec) == [date(2019, 3, 1),
                                                                   date(2019, 4, 1)]
    assert slides.upcoming_months(None, date(2019, 12, 31), dec) == [dec]  # plan ends


@pytest.mark.parametrize("raw, expected", [(None, 1), ("1", 1), ("7", 7), ("9", 9)])
def test_a_valid_folie_is_that_slide(raw, expected):
    assert slides.parse_folie(raw, 9) == (expected, None)


@pytest.mark.parametrize("raw", ["0", "10", "99", "abc", "²", "-1", "3.5", "", " 3", "٣"])
def test_an_invalid_folie_is_slide_one_with_a_german_notice(raw):
    number, notice = slides.parse_folie(raw, 9)
    assert number == 1
    assert notice is not None and "gibt es nicht" in notice and "Folie 1 wird gezeigt" in notice


def test_table_parts_fill_the_height_and_give_a_too_tall_row_its_own_part():
    assert slides.table_parts([100, 100, 100, 300, 50], 250) == [(0, 2), (2, 3), (3, 4), (4, 5)]
    assert slides.table_parts([600], 250) == [(0, 1)]
    assert slides.table_parts([], 250) == [(0, 0)]


def test_text_lines_is_the_longest_cell_over_its_columns_width():
    row = {"Maßnahme": "x" * 45, "Status": "offen", "Nicht gezählt": "y" * 500}
    assert slides.text_lines(row, {"Maßnahme": 22, "Status": 10}) == 3
    assert slides.text_lines({"Status": ""}, {"Status": 10}) == 1
