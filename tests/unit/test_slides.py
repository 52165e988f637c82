"""The presentation's slides (pure): Gantt and table parts that fit and are spread evenly, the
rows of a Gantt, row heights from column widths, sections and the URL's folie and folien."""
from __future__ import annotations

from datetime import date

import pytest

from werkstatt.views import gantt_rows, slides


def rows(*measures: tuple[int, int], width: int = 40) -> list[gantt_rows.Row]:
    """The Gantt rows of measures (werkzeug_id, massnahme_id) in plan order, titled 'M<id>'."""
    tools, ids = zip(*measures, strict=True) if measures else ((), ())
    return gantt_rows.rows(tools, [f"W{t}" for t in tools], ids, [f"M{m}" for m in ids], width)


def one_each(row: gantt_rows.Row) -> tuple[float, ...]:
    return (1.0,)


def drawn_rows(found: list[gantt_rows.Row], part: tuple[int, ...]) -> int:
    """Rows a part draws: its measures and a header for each Werkzeug they belong to."""
    tools = {row.werkzeug_id for row in found if row.massnahme_id in part}
    return len(part) + len(tools)


def test_a_gantt_part_never_draws_more_rows_than_fit_and_keeps_every_measure_once_in_order():
    found = rows(*[(1 + m // 4, m) for m in range(10)])  # 3 Werkzeuge, 10 measures
    parts = slides.gantt_parts(found, one_each, (5,))
    assert all(drawn_rows(found, part) <= 5 for part in parts)
    assert [m for part in parts for m in part] == list(range(10))


def test_a_measure_with_several_termine_is_one_row():
    found = gantt_rows.rows([1, 1, 1, 1], ["W", "W", "W", "W"], [1, 2, 2, 3],
                            ["a", "b", "b", "c"], 40)
    assert [row.key for row in found] == ["w1", "m1", "m2", "m3"]


def test_a_werkzeug_continued_on_the_next_part_gets_its_header_row_again():
    found = rows((1, 1), (1, 2), (1, 3), (1, 4))
    assert slides.gantt_parts(found, one_each, (3,)) == [(1, 2), (3, 4)]


def test_parts_are_as_few_as_fit_and_spread_evenly_not_full_and_nearly_empty():
    found = rows(*[(1, m) for m in range(1, 11)])  # header + 10 measures = 11 rows
    parts = slides.gantt_parts(found, one_each, (9,))
    assert [len(part) for part in parts] == [5, 5]  # not 8 and 2


def test_every_budget_counts_a_taller_table_row_can_make_a_part_end_earlier():
    found = rows(*[(1, m) for m in range(1, 7)])

    def cost(row):  # the chart row 1, the table row 3 for measure 2 (a long title wraps)
        return (1.0, 3.0 if row.massnahme_id == 2 else 1.0)

    parts = slides.gantt_parts(found, cost, (10, 5))
    assert all(sum(cost(r)[1] for r in found if r.massnahme_id in part) + 1 <= 5
               for part in parts)
    assert len(parts) == 2


def test_without_dated_measures_there_is_no_gantt_part():
    assert slides.gantt_parts([], one_each, (5,)) == []


def test_table_parts_fill_the_budget_evenly_and_give_a_too_tall_row_its_own_part():
    assert slides.table_parts([100] * 5, 400) == [(0, 3), (3, 5)]  # not 4 and 1
    assert slides.table_parts([100, 100, 600, 50], 250) == [(0, 2), (2, 3), (3, 4)]
    assert slides.table_parts([600], 250) == [(0, 1)]
    assert slides.table_parts([], 250) == [(0, 0)]


def test_a_label_wraps_to_lines_and_is_cut_only_when_lines_are_limited():
    title = "Entwicklung eines Evaluierungskonzepts und einer Datenbank"
    assert gantt_rows.wrap(title, 28, None) == ("Entwicklung eines", "Evaluierungskonzepts und",
                                                "einer Datenbank")
    assert gantt_rows.wrap(title, 28, 2) == ("Entwicklung eines", "Evaluierungskonzepts und …")
    assert gantt_rows.row_height(2, 20) > gantt_rows.row_height(1, 20)


def test_a_table_row_is_as_tall_as_its_cell_with_the_most_lines():
    layout = slides.PROJECTOR
    columns = (("Maßnahme", 0.2), ("Status", 0.8))
    chars = layout.chars(0.2, 20)
    one = layout.row_height({"Maßnahme": "x" * chars, "Status": "offen"}, columns, 20)
    three = layout.row_height({"Maßnahme": " ".join(["x" * (chars - 2)] * 3),
                               "Status": "offen"}, columns, 20)
    assert three - one == pytest.approx(2 * layout.line * 20)


def test_the_projector_layout_fits_a_table_at_1024_pixels_width():
    layout = slides.PROJECTOR
    for columns in (layout.upcoming_columns, layout.indicator_columns,
                    layout.gantt_table_columns):
        assert sum(share for _, share in columns) == pytest.approx(1.0)
    assert layout.width == 1024 - 64  # the page's side padding


def test_sections_name_their_slides_once_and_count_them():
    found = [slides.Slide(slides.TITLE, "Titel", "titel"),
             slides.Slide(slides.GANTT, "Teilhabe (1/2)", "zeitplan-teilhabe", "Teilhabe"),
             slides.Slide(slides.GANTT, "Teilhabe (2/2)", "zeitplan-teilhabe", "Teilhabe")]
    assert slides.sections(found) == [slides.Section("titel", "Titel", 1),
                                      slides.Section("zeitplan-teilhabe", "Zeitplan: Teilhabe",
                                                     2)]


def test_the_chosen_sections_from_the_url_keep_known_keys_and_say_which_are_unknown():
    available = [slides.Section("titel", "Titel", 1), slides.Section("budget", "Budget", 1)]
    assert slides.parse_folien([], available) == ([], None)
    assert slides.parse_folien(["budget", "budget"], available) == (["budget"], None)
    chosen, notice = slides.parse_folien(["budget", "mond"], available)
    assert chosen == ["budget"] and "„mond“" in notice and "übrigen" in notice
    chosen, notice = slides.parse_folien(["mond"], available)
    assert chosen == [] and "alle Folien" in notice


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
