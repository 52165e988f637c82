"""The Stand of one indicator at a Stichtag (pure): Basis, expected value, Fortschritt, Stand.

The method follows the SDG indicator platforms (Open SDG with the Statistics Canada progress
method, the Destatis "Wettersymbole"): one word and one symbol per indicator, measured against
the straight line from the Basis to the target. DEFINITIONS says it in German for the page
and the README.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from werkstatt import formats, vocab

STEADY = "gleichbleibend"  # a trend that is neither rising nor falling


@dataclass(frozen=True)
class Point:
    day: date
    value: float


@dataclass(frozen=True)
class IndicatorStatus:
    """What the Stand of one indicator rests on; None wherever a figure is undefined."""
    stand: str  # one of vocab.INDICATOR_STANDS
    stale: bool  # the latest value is more than STALE_AFTER_DAYS before the Stichtag
    counted: tuple[Point, ...]  # the Messwerte on or before the Stichtag, oldest first
    basis: Point | None
    basis_from_plan: bool  # False: the earliest Messwert stands in for the plan's Basiswert
    target: Point | None  # the Zielwert at the Zieltermin (none named: the plan's last day)
    latest: Point | None  # the latest Messwert beyond the Basis
    expected: float | None  # on the line from Basis to target, at the latest value's date
    ratio: float | None  # R = (latest − Basis) ÷ (expected − Basis)
    progress: float | None  # Fortschritt in %, 0–100
    trend: str | None  # "nur Trend": steigend, fallend or gleichbleibend
    trend_wanted: bool | None  # whether the trend goes the plan's way (None: no direction)

    @property
    def symbol(self) -> str:
        return vocab.STAND_SYMBOLS[self.stand]

    @property
    def label(self) -> str:
        """Symbol and word, with "veraltet" where it applies: never colour alone."""
        text = f"{self.symbol} {self.stand}"
        return f"{text} · {vocab.STALE_SYMBOL} {vocab.STALE}" if self.stale else text

    def expected_at(self, day: date) -> float | None:
        if self.basis is None or self.target is None:
            return None
        return expected_value(self.basis, self.target, day)


def expected_value(basis: Point, target: Point, day: date) -> float:
    """The value the straight line from the Basis to the target has at `day` (the target's
    value from the Zieltermin on, and for a Zieltermin not after the Basis)."""
    span = (target.day - basis.day).days
    if span <= 0 or day >= target.day:
        return target.value
    share = max(0, (day - basis.day).days) / span
    return basis.value + (target.value - basis.value) * share


def indicator_status(*, art: str, basiswert: float | None, basis_stichtag: date | None,
                     zielwert: float | None, ziel_stichtag: date | None, richtung: str | None,
                     values: Iterable[tuple[date, float]], stichtag: date,
                     plan_period: tuple[date, date]) -> IndicatorStatus:
    """The Stand at `stichtag` from the plan's facts and the recorded values (day, value);
    values after the Stichtag do not count. `plan_period`: the plan's first and last day."""
    counted = tuple(sorted((Point(day, float(value)) for day, value in values
                            if day <= stichtag), key=lambda point: point.day))
    if basiswert is not None:
        basis: Point | None = Point(basis_stichtag or plan_period[0], float(basiswert))
    else:
        basis = counted[0] if counted else None
    target = (Point(ziel_stichtag or plan_period[1], float(zielwert))
              if zielwert is not None else None)
    beyond = [point for point in counted if basis is not None and point.day > basis.day]
    latest = beyond[-1] if beyond else None
    stale = (art != vocab.CONTEXT_FIGURE and bool(counted)
             and (stichtag - counted[-1].day).days > vocab.STALE_AFTER_DAYS)
    result = IndicatorStatus(vocab.NO_VALUE, stale, counted, basis, basiswert is not None,
                             target, latest, None, None, None, None, None)
    if art == vocab.CONTEXT_FIGURE:
        return replace(result, stand=vocab.CONTEXT)
    if latest is None or basis is None:
        return result
    if target is None:
        previous = ([basis] + beyond)[-2]
        trend = (vocab.RISING if latest.value > previous.value else
                 vocab.FALLING if latest.value < previous.value else STEADY)
        return replace(result, stand=vocab.TREND_ONLY, trend=trend,
                     trend_wanted=None if richtung is None else trend == richtung)
    return _against_target(result, basis, target, latest, richtung)


def _against_target(result: IndicatorStatus, basis: Point, target: Point, latest: Point,
                    richtung: str | None) -> IndicatorStatus:
    expected = expected_value(basis, target, latest.day)
    way = _sign(target.value - basis.value) or {vocab.RISING: 1, vocab.FALLING: -1}.get(
        richtung or "", 0)
    reached = ((latest.value - target.value) * way >= 0 if way
               else math.isclose(latest.value, target.value, rel_tol=1e-9, abs_tol=1e-12))
    if reached:
        return replace(result, stand=vocab.REACHED, expected=expected, progress=100.0)
    if target.value == basis.value:  # the level to keep is left
        return replace(result, stand=vocab.MOVING_AWAY, expected=expected)
    progress = min(100.0, max(0.0, (latest.value - basis.value)
                              / (target.value - basis.value) * 100))
    ratio = (latest.value - basis.value) / (expected - basis.value)
    stand = (vocab.ON_TRACK if ratio >= vocab.ON_TRACK_FROM else
             vocab.MORE_PACE if ratio >= vocab.MORE_PACE_FROM else
             vocab.LITTLE_PROGRESS if ratio >= 0 else vocab.MOVING_AWAY)
    return replace(result, stand=stand, expected=expected, ratio=ratio, progress=progress)


def _sign(number: float) -> int:
    return (number > 0) - (number < 0)


def _percent(share: float) -> str:
    return f"{formats.number(share * 100, 0)} %"


def _items(items: list[str], indent: str = "") -> str:
    """A Markdown list, wrapped; continuation lines indented two spaces (never four: that
    would be a code block)."""
    return "\n".join(textwrap.fill(item, width=96, initial_indent=indent + "- ",
                                   subsequent_indent="  ", break_on_hyphens=False)
                     for item in items)


S = vocab.STAND_SYMBOLS
_STANDS = [
    f"{S[vocab.REACHED]} **{vocab.REACHED}**: der letzte Wert liegt auf oder jenseits des Ziels "
    "(in dessen Richtung; ist die Basis schon das Ziel, genügt es, das Ziel zu halten);",
    f"{S[vocab.ON_TRACK]} **{vocab.ON_TRACK}**: R = (letzter Wert − Basis) ÷ (erwarteter Wert am "
    f"Tag des letzten Werts − Basis) ist mindestens {_percent(vocab.ON_TRACK_FROM)};",
    f"{S[vocab.MORE_PACE]} **{vocab.MORE_PACE}**: R von {_percent(vocab.MORE_PACE_FROM)} bis "
    f"unter {_percent(vocab.ON_TRACK_FROM)};",
    f"{S[vocab.LITTLE_PROGRESS]} **{vocab.LITTLE_PROGRESS}**: R von 0 bis unter "
    f"{_percent(vocab.MORE_PACE_FROM)};",
    f"{S[vocab.MOVING_AWAY]} **{vocab.MOVING_AWAY}**: R unter 0 (der Wert bewegt sich vom Ziel "
    "weg);",
    f"{S[vocab.TREND_ONLY]} **{vocab.TREND_ONLY}**: kein Zielwert; genannt wird die Richtung der "
    "letzten beiden Werte und, wo der Plan eine Richtung nennt, ob es die gewünschte ist;",
    f"{S[vocab.NO_VALUE]} **{vocab.NO_VALUE}**: kein Messwert über die Basis hinaus;",
    f"{S[vocab.CONTEXT]} **{vocab.CONTEXT}**: eine Zahl des Plans zur Ausgangslage, die nicht "
    "fortgeschrieben wird.",
]
DEFINITIONS = "Es zählen nur Messwerte bis zum Stichtag.\n\n" + _items([
    "**Basis:** der Basiswert des Plans mit seinem Datum (ohne Datum: der erste Tag des Plans); "
    "nennt der Plan keinen, der früheste Messwert.",
    "**Erwarteter Wert** an einem Tag: auf der geraden Linie von der Basis zum Zielwert am "
    "Zieltermin (ohne Zieltermin: der letzte Tag des Plans).",
    "**Fortschritt (%)** = (letzter Wert − Basis) ÷ (Ziel − Basis), begrenzt auf 0 bis 100 %; "
    "gilt auch für fallende Ziele.",
    "**Stand**, genau einer:"]) + "\n" + _items(_STANDS, indent="  ") + "\n" + _items([
    f"Zusätzlich {vocab.STALE_SYMBOL} **{vocab.STALE}**, wenn der letzte Messwert mehr als "
    f"{vocab.STALE_AFTER_DAYS} Tage vor dem Stichtag liegt.",
    "Jeder Stand hat ein Zeichen und ein Wort, nie nur eine Farbe."]) + "\n"

# the method in one sentence, for the slides and the handout (DEFINITIONS says it in full)
STAND_NOTE = (f"Stand: der letzte Messwert bis zum Stichtag gegen den erwarteten Wert auf der "
              f"geraden Linie von der Basis zum Ziel – {S[vocab.ON_TRACK]} {vocab.ON_TRACK} ab "
              f"{_percent(vocab.ON_TRACK_FROM)}, {S[vocab.MORE_PACE]} {vocab.MORE_PACE} ab "
              f"{_percent(vocab.MORE_PACE_FROM)}, {S[vocab.LITTLE_PROGRESS]} "
              f"{vocab.LITTLE_PROGRESS} ab 0 % des erwarteten Fortschritts; "
              f"{vocab.STALE_SYMBOL} {vocab.STALE}: der letzte Messwert ist älter als "
              f"{vocab.STALE_AFTER_DAYS} Tage.")
