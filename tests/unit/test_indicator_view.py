"""The one indicator view every output renders: counts per Handlungsfeld, the list without a
target, per indicator its Stand, facts with qualifiers, chart points and their table."""
from __future__ import annotations

from datetime import date

import pandas as pd

from werkstatt import vocab
from werkstatt.views.indicator_status import Point
from werkstatt.views.indicators import indikatoren_view

PLAN = (date(2019, 1, 1), date(2020, 12, 31))
COLUMNS = ["id", "name", "art", "einheit", "basiswert", "basis_angabe", "basis_stichtag",
           "zielwert", "ziel_stichtag", "prognosewert", "prognose_jahr", "richtung",
           "handlungsfeld", "werkzeug_id"]


def indicator(id_, name, field="Teilhabe", art=vocab.TARGET_INDICATOR, tool=1, **facts) -> dict:
    return {column: None for column in COLUMNS} | {
        "id": id_, "name": name, "art": art, "handlungsfeld": field, "werkzeug_id": tool,
        "einheit": "Anzahl"} | facts


def values(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"id": n, "indikator_id": i, "stichtag": pd.Timestamp(d), "wert": w,
                          "kommentar": None, "benutzer": "anna"}
                         for n, (i, d, w) in enumerate(rows, 1)],
                        columns=["id", "indikator_id", "stichtag", "wert", "kommentar",
                                 "benutzer"])


def view(rows, measured, stichtag=date(2019, 9, 30)):
    return indikatoren_view(pd.DataFrame(rows, columns=COLUMNS), measured, stichtag, PLAN)


ROWS = [
    indicator(1, "Abende", zielwert=10.0, basiswert=0.0),
    indicator(2, "Klicks", richtung=vocab.RISING),
    indicator(3, "Nationen", art=vocab.CONTEXT_FIGURE, basiswert=100.0,
              basis_angabe=vocab.ABOVE),
    indicator(4, "Rückgang", field="Bildung", art=vocab.CONTEXT_FIGURE, prognosewert=25.0,
              prognose_jahr=2020, einheit="Prozent", tool=2),
]


def test_counts_per_field_and_the_list_without_a_target():
    shown = view(ROWS, values((2, "2019-03-01", 4), (2, "2019-06-01", 7)))
    assert [field.name for field in shown.felder] == ["Teilhabe", "Bildung"]
    assert shown.felder[0].counts() == {vocab.TREND_ONLY: 1, vocab.NO_VALUE: 1, vocab.CONTEXT: 1}
    assert shown.felder[0].ohne_ziel == ("Klicks",)  # a Kontextzahl needs no target
    table = shown.stand_table()
    assert list(table.columns) == ["Handlungsfeld", "Indikatoren", "∿ nur Trend",
                                   "○ kein Messwert", "ℹ Kontextzahl", "davon ⚠ veraltet",
                                   "ohne Zielwert"]
    assert table.to_dict("records")[1] == {
        "Handlungsfeld": "Bildung", "Indikatoren": 1, "∿ nur Trend": 0, "○ kein Messwert": 0,
        "ℹ Kontextzahl": 1, "davon ⚠ veraltet": 0, "ohne Zielwert": 0}


def test_an_indicator_row_says_where_a_date_is_the_plans_start_or_end_not_the_plans_word():
    shown = view(ROWS, values((1, "2019-06-01", 5)))
    row = next(iter(shown)).row()
    assert row["Basis"] == "0 zum Planbeginn" and row["Ziel"] == "10 zum Planende"
    assert row["letzter Wert"] == "5 am 01.06.2019"
    table = next(iter(shown)).tabelle
    assert table.to_dict("records")[0] == {"Punkt": "Basis", "Datum": "01.01.2019 (Planbeginn)",
                                           "Wert": "0"}
    assert table["Punkt"].tolist() == ["Basis", "Messwert", "erwarteter Wert", "Ziel",
                                       "Stichtag"]


def test_context_figures_keep_their_qualifier_or_forecast_and_have_no_chart():
    shown = {item.name: item for item in view(ROWS, values())}
    nations, decline = shown["Nationen"], shown["Rückgang"]
    assert nations.row()["Basis"] == "Wert laut Plan: über 100"
    assert nations.fakten.iloc[0]["Wert laut Plan"] == "über 100"
    assert decline.row()["Basis"] == "Prognose: 25 % bis 2020"
    assert "Basiswert" not in decline.fakten.columns
    assert nations.chart is None and nations.stand_text == "ℹ Kontextzahl"
    assert nations.record()["basis_angabe"] == vocab.ABOVE


def test_a_value_after_the_stichtag_is_drawn_apart_and_listed_as_not_counting():
    item = next(iter(view(ROWS, values((1, "2019-06-01", 5), (1, "2019-11-01", 9)))))
    assert item.status.latest == Point(date(2019, 6, 1), 5)
    assert item.chart is not None and item.chart.later == (Point(date(2019, 11, 1), 9),)
    assert item.werte["zählt"].tolist() == ["ja", "nein, nach dem Stichtag"]
    assert item.tabelle["Punkt"].tolist()[-2:] == ["nach dem Stichtag (zählt nicht)", "Stichtag"]


def test_without_values_a_chart_needs_basis_and_target():
    shown = {item.name: item for item in view(ROWS, values())}
    assert shown["Abende"].chart is not None  # the expected line alone is worth a look
    assert shown["Klicks"].chart is None


def test_a_werkzeug_gets_its_own_indicators():
    shown = view(ROWS, values())
    assert shown.for_werkzeug(2)["Indikator"].tolist() == ["Rückgang"]
    assert shown.for_werkzeug(99).empty
