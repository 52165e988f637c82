"""The pages' views, cached: each view model is built by werkstatt.views from the plan's data
and the filters, once per data version and filter choice, and shared by every session
(st.cache_resource, no copy per run): a filter change back and forth costs a dictionary
look-up, not the pandas work, charts and tables behind a page. Read them, never change them.
The charts drawn from a view are cached beside it."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages._ui import data
from pages._ui.data import State
from werkstatt import vocab
from werkstatt.outputs import charts
from werkstatt.outputs.csv import to_csv_bytes
from werkstatt.views import (
    baseline,
    budget,
    indicators,
    overview,
    plancheck,
    profiles,
    slides,
    termintreue,
    worklist,
    ziele,
)
from werkstatt.views import vergleich as vergleich_view
from werkstatt.views import zeitplan as zeitplan_view
from werkstatt.views.filters import Filters


@dataclass(frozen=True)
class Zeitplan:
    view: zeitplan_view.Zeitplan
    gantts: list[tuple[zeitplan_view.Gantt, go.Figure]]  # one chart per field of action
    csv: bytes  # the table with the measures' dates, for the download
    table: pd.DataFrame  # the table the page shows (with the comparison's columns)
    vergleich: vergleich_view.Vergleich | None  # None: no comparison chosen


def zeitplan(filters: Filters, statuses: Sequence[str],
             gantt_limit: int = zeitplan_view.GANTT_LIMIT, compare_with: str | None = None,
             only_changed: bool = False) -> Zeitplan:
    return _zeitplan(*data.now(), filters, tuple(statuses), gantt_limit, compare_with,
                     only_changed)


@st.cache_resource(show_spinner=False, max_entries=16)
def _zeitplan(path: str, state: State, filters: Filters, statuses: tuple[str, ...],
              gantt_limit: int, compare_with: str | None, only_changed: bool) -> Zeitplan:
    plan = data.plan_at(path, state)
    chosen = baseline.baseline_of(plan, compare_with)
    found = None if chosen is None else vergleich_view.vergleich(plan, filters, chosen)
    only = set(found.changed["massnahme_id"]) if found is not None and only_changed else None
    view = zeitplan_view.zeitplan(plan, filters, statuses, gantt_limit, only)
    months = plan.months()
    gantts = [(gantt, charts.gantt(gantt.rows, months, filters.stichtag,
                                   title=gantt.handlungsfeld, highlight=filters.monat,
                                   baseline=None if found is None else found.ghost,
                                   baseline_label=chosen.column if chosen else ""))
              for gantt in view.gantts]
    table = view.table if found is None else vergleich_view.with_comparison(
        view.measures, found, zeitplan_view.TABLE_COLUMNS, only_changed).drop(
        columns="massnahme_id")
    csv_table = view.measures if found is None else vergleich_view.with_comparison(
        view.measures, found, list(view.measures.columns[1:]), only_changed, at_end=True)
    return Zeitplan(view, gantts, to_csv_bytes(csv_table), table, found)


@dataclass(frozen=True)
class Budget:
    view: budget.BudgetView
    chart: go.Figure | None  # the largest `chart_limit` amounts; None without any amount


def budget_view(filters: Filters, chart_limit: int) -> Budget:
    return _budget(*data.now(), filters.werkzeug_choice(), chart_limit)


@st.cache_resource(show_spinner=False, max_entries=16)
def _budget(path: str, state: State, filters: Filters, chart_limit: int) -> Budget:
    view = budget.budget_view(data.plan_at(path, state), filters)
    chart = charts.budget_ranges(view.items, chart_limit) if view.stated and chart_limit \
        else None
    return Budget(view, chart)


def ueberblick(filters: Filters) -> overview.Overview:
    return _ueberblick(*data.now(), filters)


@st.cache_resource(show_spinner=False, max_entries=16)
def _ueberblick(path: str, state: State, filters: Filters) -> overview.Overview:
    return overview.overview(data.plan_at(path, state), filters)


def arbeitsliste(filters: Filters) -> worklist.Arbeitsliste:
    return _arbeitsliste(*data.now(), filters)


@st.cache_resource(show_spinner=False, max_entries=16)
def _arbeitsliste(path: str, state: State, filters: Filters) -> worklist.Arbeitsliste:
    return worklist.arbeitsliste(data.plan_at(path, state), filters)


def praesentation(filters: Filters, layout: slides.Layout) -> slides.Deck:
    return _praesentation(*data.now(), filters, layout)


@st.cache_resource(show_spinner=False, max_entries=16)
def _praesentation(path: str, state: State, filters: Filters,
                   layout: slides.Layout) -> slides.Deck:
    return slides.deck(data.plan_at(path, state), filters, layout)


@dataclass(frozen=True)
class Indikatoren:
    """The indicator view (werkstatt.views.indicators) and each indicator's chart."""
    view: indicators.Indikatoren
    charts: dict[int, go.Figure]  # indicator id -> chart; none where there is nothing to draw


def indikatoren(filters: Filters) -> Indikatoren:
    """The indicators of the filtered Werkzeuge at the Stichtag (the month does not matter):
    plan-wide ones stay unless a contact is chosen. The page, the Überblick and the Werkzeug
    profile read this one object."""
    return _indikatoren(*data.now(), filters.werkzeug_choice(), filters.stichtag)


@st.cache_resource(show_spinner=False, max_entries=16)
def _indikatoren(path: str, state: State, filters: Filters,
                 stichtag: date | None) -> Indikatoren:
    view = indicators.indikatoren(data.plan_at(path, state), replace(filters, stichtag=stichtag))
    return Indikatoren(view, {item.id: charts.indicator_chart(item.chart) for item in view
                              if item.chart is not None})


@dataclass(frozen=True)
class Profil:
    view: profiles.Profil
    gantt: go.Figure | None  # None: no measure with a date


def werkzeug_profil(werkzeug_id: int, filters: Filters) -> Profil:
    return _profil(*data.now(), werkzeug_id, filters.stichtag, filters.monat)


@st.cache_resource(show_spinner=False, max_entries=32)
def _profil(path: str, state: State, werkzeug_id: int, stichtag, highlight) -> Profil:
    plan = data.plan_at(path, state)
    view = profiles.profil(plan, werkzeug_id)
    gantt = charts.gantt(view.rows, plan.months(), stichtag, highlight=highlight) \
        if view.has_dates else None
    return Profil(view, gantt)


def termintreue_view(filters: Filters, compare_with: str = vocab.BESCHLUSS_KEY
                     ) -> termintreue.Termintreue | None:
    """Termintreue against the Beschluss (or the Stand named), None if there is none such."""
    return _termintreue(*data.now(), filters.werkzeug_choice(), filters.stichtag, compare_with)


@st.cache_resource(show_spinner=False, max_entries=16)
def _termintreue(path: str, state: State, filters: Filters, stichtag,
                 compare_with: str) -> termintreue.Termintreue | None:
    plan = data.plan_at(path, state)
    chosen = baseline.baseline_of(plan, compare_with)
    return None if chosen is None else termintreue.termintreue(
        plan, replace(filters, stichtag=stichtag), chosen)


def plancheck_view(filters: Filters) -> plancheck.Plancheck:
    return _plancheck(*data.now(), filters.werkzeug_choice(), filters.stichtag)


@st.cache_resource(show_spinner=False, max_entries=16)
def _plancheck(path: str, state: State, filters: Filters, stichtag) -> plancheck.Plancheck:
    return plancheck.plancheck(data.plan_at(path, state), replace(filters, stichtag=stichtag))


def zielkatalog(filters: Filters) -> tuple[ziele.Ziel, ...]:
    return _zielkatalog(*data.now(), filters.werkzeug_choice())


@st.cache_resource(show_spinner=False, max_entries=16)
def _zielkatalog(path: str, state: State, filters: Filters) -> tuple[ziele.Ziel, ...]:
    return ziele.zielkatalog(data.plan_at(path, state), filters)
