"""The indicators at a Stichtag, built once and rendered by every output: the page, the
Überblick's counts, the slides, the handout, the Werkzeug profile and the command line.

Per Handlungsfeld: how many indicators have which Stand, and which have no target yet; per
indicator its Stand (werkstatt.views.indicator_status), what the plan states (with its
qualifiers: "über 100" is not 100), the chart's points and the table of the same facts.
"""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date

import pandas as pd

from werkstatt import formats, vocab
from werkstatt.views.filters import Filters
from werkstatt.views.indicator_status import STAND_NOTE as STAND_NOTE  # for slides and handout
from werkstatt.views.indicator_status import IndicatorStatus, Point, indicator_status
from werkstatt.views.plan_data import PlanData

NOT_STATED = "im Plan nicht genannt"
NONE = "–"
# the columns of one row per indicator (slides, handout, Werkzeug profile)
TABLE_COLUMNS = ["Indikator", "Stand", "Fortschritt", "letzter Wert", "Basis", "Ziel"]


def _known(value) -> bool:
    return value is not None and value == value and value is not pd.NaT


def _day(value) -> date | None:
    return pd.Timestamp(value).date() if _known(value) else None


def value_text(value, unit, qualifier=None) -> str:
    """A figure as the plan states it: '8.253', 'über 100', 'etwa 10 %'."""
    if not _known(value):
        return NOT_STATED
    text = formats.number(value) + (" %" if unit == "Prozent" else "")
    return f"{qualifier} {text}" if isinstance(qualifier, str) and qualifier else text


def _on(value: str, day: date | None) -> str:
    return f"{value} am {formats.day(day)}" if day else value


def indikator_facts(ind: pd.Series) -> pd.DataFrame:
    """One row: what the plan states about the indicator; gaps say so instead of a number.
    A Kontextzahl has a figure of the plan, not a Basis and no target; a forecast is a
    Prognose."""
    def when(value) -> str:
        day = _day(value)
        return formats.day(day) if day else NONE

    row = {"Art": ind["art"], "Einheit": ind["einheit"] if _known(ind["einheit"]) else NONE}
    if ind["art"] == vocab.CONTEXT_FIGURE:
        if _known(ind["basiswert"]) or not _known(ind["prognosewert"]):
            row |= {"Wert laut Plan": value_text(ind["basiswert"], ind["einheit"],
                                                 ind["basis_angabe"]),
                    "vom": when(ind["basis_stichtag"])}
    else:
        row |= {"Basiswert": value_text(ind["basiswert"], ind["einheit"], ind["basis_angabe"]),
                "vom": when(ind["basis_stichtag"]),
                "Zielwert": value_text(ind["zielwert"], ind["einheit"]),
                "Zieltermin": when(ind["ziel_stichtag"]),
                "Richtung": ind["richtung"] if isinstance(ind["richtung"], str)
                else "im Plan offen"}
    if _known(ind["prognosewert"]):
        year = f" bis {int(ind['prognose_jahr'])}" if _known(ind["prognose_jahr"]) else ""
        row["Prognose"] = value_text(ind["prognosewert"], ind["einheit"]) + year
    return pd.DataFrame([row])


def values_table(values: pd.DataFrame, stichtag: date) -> pd.DataFrame:
    """Every recorded value with its comment and who entered it; a value after the Stichtag
    is listed but said not to count."""
    days = [d.date() for d in pd.to_datetime(values["stichtag"])]
    return pd.DataFrame({
        "Stichtag": [formats.day(d) for d in days],
        "Wert": [formats.number(v) for v in values["wert"]],
        "Kommentar": values["kommentar"].fillna(""), "erfasst von": values["benutzer"],
        "zählt": ["ja" if d <= stichtag else "nein, nach dem Stichtag" for d in days],
    })


def selected(indicators: pd.DataFrame, tool_ids: AbstractSet[int],
             any_contact: bool) -> pd.DataFrame:
    """The indicators of the matching Werkzeuge; plan-wide ones stay unless a contact is
    chosen (they have no contact)."""
    return indicators[indicators["werkzeug_id"].isin(tool_ids) |
                      (indicators["werkzeug_id"].isna() & any_contact)]


@dataclass(frozen=True)
class ChartData:
    """What an indicator's chart draws (werkstatt.outputs.charts.indicator_chart); the
    `tabelle` of its Indikator holds the same points."""
    name: str
    einheit: str | None
    values: tuple[Point, ...]  # the Messwerte that count (on or before the Stichtag)
    later: tuple[Point, ...]  # Messwerte after the Stichtag: drawn apart, not counted
    basis: Point | None
    target: Point | None
    stichtag: date


@dataclass(frozen=True)
class Indikator:
    """One indicator at the Stichtag."""
    zeile: pd.Series  # its row of queries.indikatoren (the forms read id, version, values)
    status: IndicatorStatus
    fakten: pd.DataFrame  # indikator_facts: what the plan states
    chart: ChartData | None  # None: nothing to draw (no value, or no Basis and target)
    tabelle: pd.DataFrame  # the chart's points as a table: Punkt, Datum, Wert
    werte: pd.DataFrame  # values_table of its recorded values (empty without any)

    @property
    def id(self) -> int:
        return int(self.zeile["id"])

    @property
    def name(self) -> str:
        return str(self.zeile["name"])

    @property
    def werkzeug_id(self) -> int | None:
        return int(self.zeile["werkzeug_id"]) if _known(self.zeile["werkzeug_id"]) else None

    def _figure(self, point: Point | None) -> str:
        return NONE if point is None else value_text(point.value, self.zeile["einheit"])

    @property
    def fortschritt(self) -> str:
        progress = self.status.progress
        return NONE if progress is None else f"{formats.number(progress, 0)} %"

    @property
    def letzter_wert(self) -> str:
        latest = self.status.latest
        return NONE if latest is None else _on(self._figure(latest), latest.day)

    @property
    def basis(self) -> str:
        """The Basis the Stand is measured from; for a Kontextzahl the plan's figure (or its
        forecast), never with a date the plan does not name."""
        basis, ind = self.status.basis, self.zeile
        if ind["art"] == vocab.CONTEXT_FIGURE:
            facts = self.fakten.iloc[0]
            if "Prognose" in facts:
                return f"Prognose: {facts['Prognose']}"
            return f"Wert laut Plan: {_on(facts['Wert laut Plan'], _day(ind['basis_stichtag']))}"
        if basis is None:
            return NONE
        if not self.status.basis_from_plan:
            return f"{_on(self._figure(basis), basis.day)} (erster Messwert)"
        text = value_text(basis.value, ind["einheit"], ind["basis_angabe"])
        return (_on(text, basis.day) if _known(ind["basis_stichtag"])
                else f"{text} zum Planbeginn")

    @property
    def ziel(self) -> str:
        target = self.status.target
        if target is None:
            return NONE
        return (_on(self._figure(target), target.day) if _known(self.zeile["ziel_stichtag"])
                else f"{self._figure(target)} zum Planende")

    @property
    def stand_text(self) -> str:
        """The Stand in one line: symbol, word and what it rests on."""
        status, parts = self.status, [self.status.label]
        if status.trend is not None:
            wanted = {True: "die gewünschte Richtung", False: "entgegen der gewünschten Richtung",
                      None: "der Plan nennt keine Richtung"}[status.trend_wanted]
            parts.append(f"zuletzt {status.trend} ({wanted})")
        if status.progress is not None:
            parts.append(f"Fortschritt {self.fortschritt}")
        if status.latest is None and status.basis is not None and not status.basis_from_plan:
            parts.append(f"Basis: {self.basis}")  # a value is recorded, it is the Basis
        if status.latest is not None:
            expected = ("" if status.expected is None else
                        f" (erwartet: {value_text(status.expected, self.zeile['einheit'])})")
            parts.append(f"letzter Wert {self.letzter_wert}{expected}")
        return " · ".join(parts)

    def row(self) -> dict[str, str]:
        return {"Indikator": self.name, "Stand": self.status.label,
                "Fortschritt": self.fortschritt, "letzter Wert": self.letzter_wert,
                "Basis": self.basis, "Ziel": self.ziel}

    def record(self) -> dict:
        """The indicator for the command line's JSON (numbers as numbers, null = undefined)."""
        status, ind = self.status, self.zeile
        return {"id": self.id, "name": self.name, "handlungsfeld": ind["handlungsfeld"],
                "basis": None if status.basis is None else status.basis.value,
                "basis_angabe": ind["basis_angabe"] if status.basis_from_plan
                and isinstance(ind["basis_angabe"], str) else None,
                "ziel": None if status.target is None else status.target.value,
                "letzter_wert": None if status.latest is None else status.latest.value,
                "letzter_stichtag": None if status.latest is None
                else status.latest.day.isoformat(),
                "fortschritt_prozent": None if status.progress is None
                else round(status.progress, 1),
                "stand": status.stand, "veraltet": status.stale}


@dataclass(frozen=True)
class Handlungsfeld:
    name: str
    indikatoren: tuple[Indikator, ...]

    def counts(self) -> dict[str, int]:
        """Indicators per Stand, in the vocabulary's order, only the Stands that occur."""
        stands = [item.status.stand for item in self.indikatoren]
        return {stand: stands.count(stand) for stand in vocab.INDICATOR_STANDS if stand in stands}

    @property
    def stale(self) -> int:
        return sum(item.status.stale for item in self.indikatoren)

    @property
    def ohne_ziel(self) -> tuple[str, ...]:
        """Target indicators without a Zielwert: a gap of the plan, said as such."""
        return tuple(item.name for item in self.indikatoren
                     if item.zeile["art"] == vocab.TARGET_INDICATOR and item.status.target is None)

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([item.row() for item in self.indikatoren], columns=TABLE_COLUMNS)


@dataclass(frozen=True)
class Indikatoren:
    """The indicators of a filter choice at a Stichtag, per Handlungsfeld in plan order.
    Shared by every session: read it, never change it."""
    stichtag: date
    felder: tuple[Handlungsfeld, ...]

    def __iter__(self) -> Iterator[Indikator]:
        for field in self.felder:
            yield from field.indikatoren

    def __len__(self) -> int:
        return sum(len(field.indikatoren) for field in self.felder)

    def stand_table(self) -> pd.DataFrame:
        """One row per Handlungsfeld: how many indicators have which Stand (a column per
        Stand that occurs, headed by symbol and word), how many are stale, how many have no
        target (their names: Handlungsfeld.ohne_ziel)."""
        stands = [s for s in vocab.INDICATOR_STANDS if any(s in f.counts() for f in self.felder)]
        rows = []
        for field in self.felder:
            counts = field.counts()
            rows.append({"Handlungsfeld": field.name, "Indikatoren": len(field.indikatoren)}
                        | {f"{vocab.STAND_SYMBOLS[s]} {s}": counts.get(s, 0) for s in stands}
                        | {f"davon {vocab.STALE_SYMBOL} {vocab.STALE}": field.stale,
                           "ohne Zielwert": len(field.ohne_ziel)})
        return pd.DataFrame(rows)

    def for_werkzeug(self, werkzeug_id: int) -> pd.DataFrame:
        return pd.DataFrame([item.row() for item in self if item.werkzeug_id == werkzeug_id],
                            columns=TABLE_COLUMNS)

    def records(self) -> list[dict]:
        return [item.record() for item in self]


def indikatoren(plan: PlanData, filters: Filters) -> Indikatoren:
    """The view of the filtered Werkzeuge' indicators at the filters' Stichtag (the month does
    not matter): plan-wide ones stay unless a contact is chosen."""
    chosen = selected(plan.indikatoren, plan.werkzeug_ids(filters), filters.any_contact)
    return indikatoren_view(chosen, plan.messwerte, filters.stichtag or plan.default_stichtag(),
                            plan.period)


def indikatoren_view(indicators: pd.DataFrame, measurements: pd.DataFrame, stichtag: date,
                     plan_period: tuple[date, date]) -> Indikatoren:
    """The view of `indicators` (rows of queries.indikatoren, already chosen by the filters)
    with their `measurements` (queries.messwerte) at `stichtag`; `plan_period` gives the
    Basis date and Zieltermin where the plan names none."""
    by_indicator = dict(tuple(measurements.groupby("indikator_id", sort=False)))
    empty = measurements.iloc[0:0]
    fields: dict[str, list[Indikator]] = {}
    for _, ind in indicators.iterrows():
        measured = by_indicator.get(ind["id"], empty)
        points = [Point(d.date(), float(v)) for d, v in
                  zip(pd.to_datetime(measured["stichtag"]), measured["wert"], strict=True)]
        status = indicator_status(
            art=ind["art"], basiswert=ind["basiswert"] if _known(ind["basiswert"]) else None,
            basis_stichtag=_day(ind["basis_stichtag"]),
            zielwert=ind["zielwert"] if _known(ind["zielwert"]) else None,
            ziel_stichtag=_day(ind["ziel_stichtag"]),
            richtung=ind["richtung"] if isinstance(ind["richtung"], str) else None,
            values=[(p.day, p.value) for p in points], stichtag=stichtag,
            plan_period=plan_period)
        later = tuple(sorted((p for p in points if p.day > stichtag), key=lambda p: p.day))
        chart = _chart(ind, status, later, stichtag)
        fields.setdefault(ind["handlungsfeld"], []).append(Indikator(
            ind, status, indikator_facts(ind), chart, _chart_table(ind, status, later, stichtag),
            values_table(measured, stichtag)))
    return Indikatoren(stichtag, tuple(Handlungsfeld(name, tuple(items))
                                       for name, items in fields.items()))


def _chart(ind: pd.Series, status: IndicatorStatus, later: tuple[Point, ...],
           stichtag: date) -> ChartData | None:
    """A chart where there is something to see: values, or the line from Basis to target."""
    if ind["art"] == vocab.CONTEXT_FIGURE:
        return None
    if not (status.counted or later) and (status.basis is None or status.target is None):
        return None
    return ChartData(ind["name"], ind["einheit"] if _known(ind["einheit"]) else None,
                     status.counted, later, status.basis, status.target, stichtag)


def _chart_table(ind: pd.Series, status: IndicatorStatus, later: tuple[Point, ...],
                 stichtag: date) -> pd.DataFrame:
    """The chart's points as rows (Punkt, Datum, Wert), in the order of the chart's legend."""
    unit = ind["einheit"]
    rows = []  # (Punkt, point, qualifier, note on the date)
    if status.basis is not None:
        from_plan = status.basis_from_plan
        rows.append(("Basis" if from_plan else "Basis (erster Messwert)", status.basis,
                     ind["basis_angabe"] if from_plan else None,
                     " (Planbeginn)" if from_plan and not _known(ind["basis_stichtag"]) else ""))
    rows += [("Messwert", point, None, "") for point in status.counted if point != status.basis]
    if status.latest is not None and status.expected is not None:
        rows.append(("erwarteter Wert", Point(status.latest.day, status.expected), None, ""))
    if status.target is not None:
        rows.append(("Ziel", status.target, None,
                     "" if _known(ind["ziel_stichtag"]) else " (Planende)"))
    rows += [("nach dem Stichtag (zählt nicht)", point, None, "") for point in later]
    shown = [{"Punkt": label, "Datum": formats.day(point.day) + note,
              "Wert": value_text(point.value, unit, qualifier)}
             for label, point, qualifier, note in rows]
    return pd.DataFrame(shown + [{"Punkt": "Stichtag", "Datum": formats.day(stichtag),
                                  "Wert": NONE}])
