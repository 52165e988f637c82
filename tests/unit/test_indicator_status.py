"""The Stand of an indicator at a Stichtag: every case of the definitions."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from werkstatt import vocab
from werkstatt.views.indicator_status import (
    DEFINITIONS,
    STEADY,
    Point,
    expected_value,
    indicator_status,
)

PLAN = (date(2019, 1, 1), date(2019, 12, 31))
MIDPOINT = date(2019, 7, 2)  # 182 of the 364 days from the plan's first to its last day


def stand(values, *, basis=10.0, basis_day=None, target=20.0, target_day=None, richtung=None,
          art=vocab.TARGET_INDICATOR, stichtag=date(2019, 12, 31)):
    return indicator_status(art=art, basiswert=basis, basis_stichtag=basis_day, zielwert=target,
                            ziel_stichtag=target_day, richtung=richtung, values=values,
                            stichtag=stichtag, plan_period=PLAN)


def test_basis_10_target_20_and_15_at_the_midpoint_is_50_percent_and_on_track():
    result = stand([(MIDPOINT, 15)])
    assert result.basis == Point(PLAN[0], 10) and result.basis_from_plan
    assert result.target == Point(PLAN[1], 20)
    assert result.expected == pytest.approx(15)
    assert result.progress == pytest.approx(50)
    assert result.ratio == pytest.approx(1)
    assert result.stand == vocab.ON_TRACK and result.label == "☀ auf Kurs"


def test_the_same_value_later_needs_more_pace():
    result = stand([(date(2019, 10, 1), 15)])  # expected 17.5 on 01.10.: R = 5 ÷ 7.5
    assert result.expected == pytest.approx(10 + 10 * 273 / 364)
    assert result.ratio == pytest.approx(5 / (result.expected - 10))
    assert vocab.MORE_PACE_FROM <= result.ratio < vocab.ON_TRACK_FROM
    assert result.stand == vocab.MORE_PACE and result.progress == pytest.approx(50)


@pytest.mark.parametrize(("value", "expected_stand"), [
    (10.5, vocab.LITTLE_PROGRESS),  # R = 0.1
    (10, vocab.LITTLE_PROGRESS),  # R = 0: no progress, not yet away from the target
    (9, vocab.MOVING_AWAY),  # R < 0
])
def test_slow_and_wrong_way_values_are_told_apart(value, expected_stand):
    result = stand([(MIDPOINT, value)])
    assert result.stand == expected_stand
    assert result.progress == pytest.approx(max(0, (value - 10) * 10))


def test_a_falling_target_is_measured_the_same_way():
    on_track = stand([(MIDPOINT, 15)], basis=20, target=10)
    assert on_track.stand == vocab.ON_TRACK and on_track.progress == pytest.approx(50)
    away = stand([(MIDPOINT, 22)], basis=20, target=10)
    assert away.stand == vocab.MOVING_AWAY and away.progress == 0
    reached = stand([(MIDPOINT, 9)], basis=20, target=10)
    assert reached.stand == vocab.REACHED and reached.progress == 100


def test_a_value_beyond_the_target_has_reached_it_with_at_most_100_percent():
    result = stand([(MIDPOINT, 25)])
    assert result.stand == vocab.REACHED and result.progress == 100
    assert result.label == "✔ Ziel erreicht"


@pytest.mark.parametrize(("value", "richtung", "expected_stand"), [
    (10, None, vocab.REACHED),  # kept at the target
    (12, vocab.RISING, vocab.REACHED),  # beyond it in the wanted direction
    (8, vocab.RISING, vocab.MOVING_AWAY),
    (12, None, vocab.MOVING_AWAY),  # without a direction, any other value leaves the level
])
def test_basis_equal_to_the_target_is_reached_at_or_beyond_it(value, richtung, expected_stand):
    result = stand([(MIDPOINT, value)], basis=10, target=10, richtung=richtung)
    assert result.stand == expected_stand
    assert result.progress == (100 if expected_stand == vocab.REACHED else None)


def test_without_a_target_the_trend_of_the_last_two_values_is_told():
    rising = stand([(date(2019, 3, 1), 4), (date(2019, 6, 1), 7)], basis=None, target=None,
                   richtung=vocab.RISING)
    assert rising.stand == vocab.TREND_ONLY and rising.label == "∿ nur Trend"
    assert rising.basis == Point(date(2019, 3, 1), 4) and not rising.basis_from_plan
    assert (rising.trend, rising.trend_wanted) == (vocab.RISING, True)
    assert rising.progress is None and rising.ratio is None
    falling = stand([(date(2019, 3, 1), 4), (date(2019, 6, 1), 7), (date(2019, 9, 1), 5)],
                    basis=None, target=None, richtung=vocab.RISING)
    assert (falling.trend, falling.trend_wanted) == (vocab.FALLING, False)
    steady = stand([(date(2019, 3, 1), 4)], basis=4, target=None)
    assert (steady.trend, steady.trend_wanted) == (STEADY, None)  # the plan names no direction


def test_only_the_basis_is_no_value():
    assert stand([]).stand == vocab.NO_VALUE
    alone = stand([(date(2019, 3, 1), 4)], basis=None)  # the earliest value is the Basis
    assert alone.stand == vocab.NO_VALUE and alone.label == "○ kein Messwert"
    assert alone.basis == Point(date(2019, 3, 1), 4) and alone.latest is None
    assert alone.progress is None
    nothing = stand([], basis=None, target=None)
    assert nothing.stand == vocab.NO_VALUE and nothing.basis is None


def test_a_value_after_the_stichtag_is_ignored():
    result = stand([(MIDPOINT, 15), (date(2019, 11, 1), 30)], stichtag=date(2019, 9, 30))
    assert result.latest == Point(MIDPOINT, 15) and result.stand == vocab.ON_TRACK
    assert [p.value for p in result.counted] == [15]
    before = stand([(date(2019, 11, 1), 30)], stichtag=date(2019, 9, 30))
    assert before.stand == vocab.NO_VALUE


def test_a_latest_value_more_than_365_days_before_the_stichtag_is_stale():
    old = stand([(date(2019, 3, 1), 12)], target_day=date(2020, 12, 31),
                stichtag=date(2020, 3, 2))
    assert old.stale and old.label.endswith("⚠ veraltet")
    assert old.stand in vocab.INDICATOR_STANDS  # veraltet is said besides the Stand
    exactly_a_year = stand([(date(2019, 3, 1), 12)], stichtag=date(2020, 2, 29))
    assert not exactly_a_year.stale  # 365 days: not yet


def test_a_context_figure_is_never_without_a_value_and_never_stale():
    result = stand([(date(2019, 3, 1), 12)], art=vocab.CONTEXT_FIGURE, target=None,
                   stichtag=date(2020, 12, 31))
    assert result.stand == vocab.CONTEXT and not result.stale and result.label == "ℹ Kontextzahl"


def test_the_basis_date_and_target_date_of_the_plan_shape_the_expected_line():
    basis, target = Point(date(2019, 3, 1), 0), Point(date(2019, 5, 1), 61)
    assert expected_value(basis, target, date(2019, 4, 1)) == pytest.approx(31)
    assert expected_value(basis, target, date(2019, 2, 1)) == 0  # before the Basis: the Basis
    assert expected_value(basis, target, date(2019, 9, 1)) == 61  # after the Zieltermin
    result = stand([(date(2019, 4, 1), 31)], basis=0, basis_day=basis.day, target=61,
                   target_day=target.day)
    assert result.stand == vocab.ON_TRACK and result.expected_at(date(2019, 4, 1)) == 31


def test_a_target_date_not_after_the_basis_expects_the_target_at_once():
    result = stand([(date(2019, 6, 1), 15)], basis_day=date(2019, 6, 1),
                   target_day=date(2019, 1, 1))
    assert result.stand == vocab.NO_VALUE  # nothing beyond the Basis yet
    late = stand([(date(2019, 7, 1), 15)], basis_day=date(2019, 6, 1),
                 target_day=date(2019, 1, 1))
    assert late.expected == 20 and late.stand == vocab.LITTLE_PROGRESS


def test_every_stand_has_its_own_symbol_and_the_definitions_name_each():
    symbols = [vocab.STAND_SYMBOLS[s] for s in vocab.INDICATOR_STANDS]
    assert len(set(symbols)) == len(symbols) and vocab.STALE_SYMBOL not in symbols
    for word in (*vocab.INDICATOR_STANDS, vocab.STALE):
        assert f"**{word}**" in DEFINITIONS


def test_the_readme_states_the_definitions_the_page_shows():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert DEFINITIONS in readme
    assert not re.search(r"^ {4}", DEFINITIONS, re.MULTILINE)  # no line is a code block
