"""The pages' views, built once per data version and filter choice and shared by every
session (st.cache_resource, no copy per run): a filter change back and forth costs a dictionary
look-up, not the pandas work, charts and tables behind a page. Read them, never change them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages._ui import data
from pages._ui.data import State
from werkstatt import vocab
from werkstatt.outputs import charts
from werkstatt.outputs.csv import to_csv_bytes
from werkstatt.views import budget, contacts, indicators, schedule, status, worklist
from werkstatt.views import filters as flt
from werkstatt.views.overview import Overview, overview


def _now() -> tuple[str, State]:
    """The database and the data state of this run: the first part of every view's key."""
    return data.db_path(), data.data_state()


@dataclass(frozen=True)
class Zeitplan:
    """Everything the Zeitplan draws for one data version and one set of filters. Shared by
    every session (st.cache_resource, no copy per run): read it, never change it."""
    gantts: list[tuple[str, go.Figure, int]]  # Handlungsfeld, chart, its measures in all
    table: pd.DataFrame  # dated measures with Status and Lage, as shown
    csv: bytes  # the table with its dates, for the download
    undated: pd.DataFrame  # measures without a Termin, as shown
    picker: pd.DataFrame  # schedule.massnahme_picker of every measure of the filters


# Measures per Zeitplan chart: 40 rows are about two screens (the 2019 plan has at most 30
# per field); a longer chart is neither readable nor quick to draw, the table holds them all.
GANTT_LIMIT = 40


def zeitplan(current: flt.Filters, statuses: list[str],
             gantt_limit: int = GANTT_LIMIT) -> Zeitplan:
    """The Zeitplan for these filters, built once per data version and filter choice:
    a month change back and forth costs a dictionary look-up, not the charts and tables."""
    return _zeitplan(*_now(), data.filter_key(current), tuple(statuses), gantt_limit)


@st.cache_resource(show_spinner=False, max_entries=16)
def _zeitplan(path: str, state: State, key: tuple, statuses: tuple[str, ...],
              gantt_limit: int) -> Zeitplan:
    current = flt.Filters(*key)
    werkzeug_ids = data.werkzeuge_at(path, state, data.werkzeug_key(current))
    all_rows = data.load_at("schedule", path, state)
    rows, states = status.zeitplan_rows(all_rows, werkzeug_ids, current, statuses)  # as in
    # the handout
    months, kontakte = data.calendar_at(path, state)[0], data.kontakte_at(path, state)
    gantts = []
    for field, group in rows[rows["termin_id"].notna()].groupby("handlungsfeld", sort=False):
        shown, total = schedule.first_massnahmen(group, gantt_limit)
        gantts.append((field, charts.gantt(shown, months, current.stichtag, title=field,
                                           highlight=current.monat_date()), total))
    measures = schedule.massnahme_table(rows, kontakte)  # dated and undated: table and details
    table = measures[measures["Beginn"].notna()].merge(status.status_columns(states),
                                                       on="massnahme_id", how="left")
    undated = schedule.undated(all_rows[all_rows["werkzeug_id"].isin(werkzeug_ids)])
    return Zeitplan(gantts, table.drop(columns=["massnahme_id", "Beginn", "Ende"]),
                    to_csv_bytes(table),
                    schedule.massnahme_table(undated, kontakte)[["Werkzeug", "Maßnahme",
                                                                 "Hinweis", "Kontakte"]],
                    schedule.massnahme_picker(rows))


@dataclass(frozen=True)
class Budget:
    """What the Budget page draws for the filtered Werkzeuge (the month does not matter).
    Shared by every session (st.cache_resource): read it, never change it."""
    werkzeuge: int  # how many Werkzeuge pass the filters
    totals: budget.Totals
    stated: int  # items with an amount
    chart: go.Figure | None
    items: pd.DataFrame
    by_field: pd.DataFrame
    unknown: pd.DataFrame


def budget_view(current: flt.Filters, chart_limit: int) -> Budget:
    return _budget(*_now(), data.werkzeug_key(current), chart_limit)


def budget_totals(current: flt.Filters) -> budget.Totals:
    """budget.totals of the filtered Werkzeuge, once per data version and filter choice."""
    return budget_view(current, 0).totals


@st.cache_resource(show_spinner=False, max_entries=16)
def _budget(path: str, state: State, wahl: tuple, chart_limit: int) -> Budget:
    werkzeug_ids = data.werkzeuge_at(path, state, wahl)
    tools = data.load_at("werkzeuge", path, state)
    tools = tools[tools["id"].isin(werkzeug_ids)]
    items = data.load_at("budget_items", path, state)
    items = items[items["werkzeug_id"].isin(werkzeug_ids)]
    stated = int(items["betrag_max"].notna().sum())
    chart = charts.budget_ranges(items, chart_limit) if stated and chart_limit else None
    return Budget(len(tools), budget.totals(items, tools), stated, chart,
                  budget.item_table(items), budget.handlungsfeld_table(items),
                  budget.unquantified_werkzeuge(items, tools))


def ueberblick(current: flt.Filters, month: date) -> Overview:
    """The Überblick's figures for these filters at the Stichtag and month."""
    return _ueberblick(*_now(), data.werkzeug_key(current), current.stichtag, month)


@st.cache_resource(show_spinner=False, max_entries=16)
def _ueberblick(path: str, state: State, wahl: tuple, stichtag: date, month: date) -> Overview:
    werkzeug_ids = data.werkzeuge_at(path, state, wahl)
    rows = data.load_at("schedule", path, state)
    tools = data.load_at("werkzeuge", path, state)
    return overview(rows[rows["werkzeug_id"].isin(werkzeug_ids)],
                    tools[tools["id"].isin(werkzeug_ids)],
                    data.states_at(path, state, wahl, stichtag, month), month)


@dataclass(frozen=True)
class Arbeitsliste:
    """What Fortschritt draws for one choice of Werkzeuge, Stichtag and month."""
    massnahmen: int  # measures of the chosen Werkzeuge
    erledigt: int
    sections: worklist.Sections
    tables: dict[str, pd.DataFrame]  # section label -> worklist.readable, for reading only
    picker: pd.DataFrame  # schedule.massnahme_picker, for "Verlauf einer Maßnahme"


def arbeitsliste(current: flt.Filters, month: date) -> Arbeitsliste:
    return _arbeitsliste(*_now(), data.werkzeug_key(current), current.stichtag, month)


@st.cache_resource(show_spinner=False, max_entries=16)
def _arbeitsliste(path: str, state: State, wahl: tuple, stichtag: date,
                  month: date) -> Arbeitsliste:
    rows = data.load_at("schedule", path, state)
    rows = rows[rows["werkzeug_id"].isin(data.werkzeuge_at(path, state, wahl))]
    states = data.states_at(path, state, wahl, stichtag, month)
    sections = worklist.sections(rows, states, month)
    return Arbeitsliste(rows["massnahme_id"].nunique(),
                        int((states["status"] == vocab.DONE).sum()), sections,
                        {label: worklist.readable(section)
                         for label, section in sections.as_list()},
                        schedule.massnahme_picker(rows))


@dataclass(frozen=True)
class Indikatoren:
    """The indicator view (werkstatt.views.indicators) and each indicator's chart."""
    view: indicators.Indikatoren
    charts: dict[int, go.Figure]  # indicator id -> chart; none where there is nothing to draw


def indikatoren(current: flt.Filters) -> Indikatoren:
    """The indicators of the filtered Werkzeuge at the Stichtag (the month does not matter):
    plan-wide ones stay unless a contact is chosen. The page, the Überblick and the Werkzeug
    profile read this one object."""
    return _indikatoren(*_now(), data.werkzeug_key(current), current.kontakt == flt.ALL,
                        current.stichtag)


@st.cache_resource(show_spinner=False, max_entries=16)
def _indikatoren(path: str, state: State, wahl: tuple, any_contact: bool,
                 stichtag: date) -> Indikatoren:
    chosen = indicators.selected(data.load_at("indikatoren", path, state),
                                 data.werkzeuge_at(path, state, wahl), any_contact)
    view = indicators.indikatoren_view(chosen, data.load_at("messwerte", path, state), stichtag,
                                       data.calendar_at(path, state)[1])
    return Indikatoren(view, {item.id: charts.indicator_chart(item.chart) for item in view
                              if item.chart is not None})


@dataclass(frozen=True)
class Profil:
    """The parts of a Werkzeug's profile built from tables (the texts come from its row)."""
    kontakte: dict[str, str]  # role -> people (contacts.kontakte_by_rolle)
    budget: pd.DataFrame  # its budget items (budget.item_table), empty without any
    gantt: go.Figure | None  # None: no measure with a date
    massnahmen: pd.DataFrame  # Maßnahme, Zeitraum, Hinweis
    import_log: pd.DataFrame  # Zeile, Bereich, Meldung


def werkzeug_profil(werkzeug_id: int, current: flt.Filters) -> Profil:
    return _profil(*_now(), werkzeug_id, current.stichtag, current.monat_date())


@st.cache_resource(show_spinner=False, max_entries=32)
def _profil(path: str, state: State, werkzeug_id: int, stichtag: date,
            highlight: date | None) -> Profil:
    links = data.load_at("werkzeug_kontakte", path, state)
    items = data.load_at("budget_items", path, state)
    items = items[items["werkzeug_id"] == werkzeug_id]
    rows = data.load_at("schedule", path, state)
    rows = rows[rows["werkzeug_id"] == werkzeug_id]
    gantt = (charts.gantt(rows, data.calendar_at(path, state)[0], stichtag, highlight=highlight)
             if rows["termin_id"].notna().any() else None)
    tools = data.load_at("werkzeuge", path, state)
    name = tools.loc[tools["id"] == werkzeug_id, "name"].iloc[0]
    log = data.load_at("import_log", path, state)
    return Profil(
        contacts.kontakte_by_rolle(links[links["werkzeug_id"] == werkzeug_id]),
        budget.item_table(items).drop(columns=["Handlungsfeld", "Werkzeug"]), gantt,
        schedule.massnahme_table(rows, {})[["Maßnahme", "Zeitraum", "Hinweis"]],
        log.loc[log["werkzeug"] == name, ["zeile", "bereich", "meldung"]].rename(
            columns={"zeile": "Zeile", "bereich": "Bereich", "meldung": "Meldung"}))
