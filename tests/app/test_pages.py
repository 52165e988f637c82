"""The dashboard's pages under AppTest: dashboard.py runs first (navigation, shared sidebar
filters kept in the URL), then the page, exactly as the server does.

Expected sets are computed from the app's own database (``WERKSTATT_DB``) with SQL, so these
tests check the pages against the data, not against lists copied from the pages.
"""
from __future__ import annotations

import base64
import json
import os
import re
from collections import Counter
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from tests.app.conftest import run_page

PAGES = ["ueberblick.py", "zeitplan.py", "werkzeuge.py", "budget.py", "indikatoren.py",
         "praesentation.py"]
SEPTEMBER_EVALUATION = ("Evaluation durch Abgleich mit Zielindikatoren als Kennzahlen zu "
                        "verteilten Talentekompassen, Anbieter in der Datenbank und Aufrufe "
                        "der Homepage")
NIELS_BUCK_TOOLS = {
    "Digitale Informationen über Sprach- und Bildungsangebote (Schwerpunkt: Neuzugewanderte)",
    "Quartiersentwicklung: Wesselburen - Hier beginnt Europa / Europa începe aici/",
}
SEPTEMBER_SQL = """
    SELECT m.id, w.name, m.titel FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id
    WHERE EXISTS (SELECT 1 FROM termin t WHERE t.massnahme_id = m.id
                  AND t.beginn <= DATE '2019-09-30' AND t.ende >= DATE '2019-09-01')"""


# --- helpers ----------------------------------------------------------------------------------

def shown(markdown: str) -> str:
    """Text as the reader sees it: plan text reaches headers Markdown-escaped."""
    return re.sub(r"\\(.)", r"\1", markdown)

def sql(query: str, *params) -> list[tuple]:
    """Rows from the database the app under test uses. Same process, same file, same (default)
    configuration as the app's cached connection, so DuckDB shares the open database."""
    con = duckdb.connect(os.environ["WERKSTATT_DB"])
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def nbsp(text: str) -> str:
    """babel writes a non-breaking space before €."""
    return text.replace("\xa0", " ")


def figures(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def dataframe_with(at, *columns: str) -> pd.DataFrame:
    """The one dataframe in the main area that has exactly these leading columns."""
    found = [df.value for df in at.main.dataframe if list(df.value.columns[:len(columns)]) ==
             list(columns)]
    assert len(found) == 1, [list(df.value.columns) for df in at.main.dataframe]
    return found[0]


def massnahme_table(at) -> pd.DataFrame:
    """Zeitplan: 'Maßnahmen als Tabelle' (the dated measures, same facts as the Gantt)."""
    return dataframe_with(at, "Maßnahme", "jetzt", "Status")  # compared with the Beschluss


def undated_table(at) -> pd.DataFrame:
    """Zeitplan: 'Maßnahmen ohne Termin'."""
    return dataframe_with(at, "Werkzeug", "Maßnahme", "Hinweis", "Kontakte")


def pairs(frame: pd.DataFrame) -> Counter:
    return Counter(zip(frame["Werkzeug"], frame["Maßnahme"], strict=True))


def plotly_array(value) -> list:
    """A data array from a figure's JSON: a plain list, or plotly's typed-array encoding
    {"dtype", "bdata" (base64), "shape"} that plotly uses for numpy arrays."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = [int(n) for n in str(value.get("shape", len(flat))).split(",")]
        return flat.reshape(shape).tolist()
    return list(value)


def data_traces(fig: dict) -> list[dict]:
    """The traces that draw measures (legend-only entries carry no customdata)."""
    return [trace for trace in fig["data"] if "customdata" in trace]


def chart_measure_ids(fig: dict) -> set[int]:
    """customdata[0] of every point of a Gantt: the massnahme_id."""
    return {int(point[0]) for trace in data_traces(fig)
            for point in plotly_array(trace["customdata"])}


def gantt_traces(at, name: str) -> list[dict]:
    return [t for fig in figures(at) for t in data_traces(fig) if t["name"] == name]


def legend_names(fig: dict) -> list[str]:
    return [t["name"] for t in fig["data"] if t.get("showlegend", True)]


def names_of(measure_ids) -> Counter:
    ids = sorted(measure_ids)
    if not ids:
        return Counter()
    rows = sql("SELECT w.name, m.titel FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id "
               f"WHERE m.id IN ({', '.join('?' * len(ids))})", *ids)
    return Counter(rows)


def default_stichtag() -> date:
    """Today, held within the plan period 2019 (31.12.2019 from 2020 on)."""
    return min(max(date.today(), date(2019, 1, 1)), date(2019, 12, 31))


def warnings(at) -> list[str]:
    return [shown(w.value) for w in at.warning]  # URL values reach warnings escaped


# --- every page -------------------------------------------------------------------------------
@pytest.mark.parametrize("page_file", PAGES)
def test_every_page_renders_without_exception_and_with_its_sidebar_filters(page_file):
    at = run_page(page_file)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"
    assert {"monat", "kontakt", "handlungsfeld"} <= {s.key for s in at.sidebar.selectbox}
    assert {"ort", "zielgruppe"} <= {t.key for t in at.sidebar.text_input}
    assert at.sidebar.date_input(key="stichtag").value == default_stichtag()
    assert not warnings(at)


# --- Überblick --------------------------------------------------------------------------------
def test_overview_counts_twelve_tools_fifty_six_measures_fourteen_without_date():
    at = run_page("ueberblick.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Werkzeuge"] == "12"
    assert metrics["Maßnahmen"] == "57"
    assert metrics["Maßnahmen ohne Termin"] == "14"
    assert nbsp(metrics["Budget: Summe der genannten Beträge ohne Zeitangabe"]) == \
        "ca. 1.011.165 – 1.013.165 €"
    assert nbsp(metrics["Budget: Summe der genannten Beträge pro Jahr"]) == "ca. 27.000 – 32.000 €"


def test_overview_counts_the_measures_active_in_the_chosen_month_like_the_database():
    at = run_page("ueberblick.py", {"monat": "2019-09"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["aktiv im September 2019"] == str(len(sql(SEPTEMBER_SQL)))


def test_overview_place_filter_keeps_the_tools_whose_place_contains_the_text():
    expected = sql("""SELECT count(*) FROM werkzeug WHERE lower(concat_ws(' ', umsetzungsort,
                      umsetzungsort_uebersicht, vor_ort_text)) LIKE '%heide%'""")[0][0]
    assert 0 < expected < 12  # the filter really filters
    at = run_page("ueberblick.py", {"ort": "Heide"})
    assert {m.label: m.value for m in at.metric}["Werkzeuge"] == str(expected)
    assert at.query_params["ort"] == "Heide"


def test_overview_target_group_filter_is_a_case_insensitive_substring_match():
    expected = sql("SELECT count(*) FROM werkzeug WHERE zielgruppe ILIKE '%jugendliche%'")[0][0]
    assert 0 < expected < 12
    at = run_page("ueberblick.py", {"zielgruppe": "JUGENDLICHE"})
    assert {m.label: m.value for m in at.metric}["Werkzeuge"] == str(expected)


# --- Zeitplan: filters --------------------------------------------------------------------------
def test_schedule_month_filter_lists_exactly_the_measures_touching_september():
    at = run_page("zeitplan.py", {"monat": "2019-09"})
    assert not at.exception
    table = massnahme_table(at)
    expected = Counter((name, titel) for _, name, titel in sql(SEPTEMBER_SQL))
    assert pairs(table) == expected
    titles = set(table["Maßnahme"])
    assert SEPTEMBER_EVALUATION in titles
    assert "Durchführung und Erweiterung von Fallkonferenzen" in titles
    assert "Kampagne zur geschlechtsoffenen Berufswahl" not in titles  # April only
    assert at.sidebar.selectbox(key="monat").value == date(2019, 9, 1)


def test_schedule_month_filter_keeps_whole_bars_of_measures_that_touch_the_month():
    at = run_page("zeitplan.py", {"monat": "2019-09"})
    row = massnahme_table(at).set_index("Maßnahme").loc["Durchführung und Erweiterung von "
                                                      "Fallkonferenzen"]
    assert row["jetzt"] == "Jan 2019 – Dez 2019"


def test_schedule_contact_filter_shows_only_the_measures_of_niels_bucks_two_tools():
    at = run_page("zeitplan.py", {"kontakt": "Niels Buck"})
    assert not at.exception and not warnings(at)
    rows = sql("""
        SELECT w.name, m.titel, EXISTS (SELECT 1 FROM termin t WHERE t.massnahme_id = m.id)
        FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id
        WHERE w.id IN (SELECT wk.werkzeug_id FROM werkzeug_kontakt wk
                       JOIN kontakt k ON k.id = wk.kontakt_id WHERE k.name = 'Niels Buck')""")
    assert {name for name, _, _ in rows} == NIELS_BUCK_TOOLS
    dated = massnahme_table(at)
    assert pairs(dated) == Counter((n, t) for n, t, has_date in rows if has_date)
    assert set(dated["Werkzeug"]) == NIELS_BUCK_TOOLS
    assert all("Niels Buck" in contacts for contacts in dated["Kontakte"])
    undated = Counter((n, t) for n, t, has_date in rows if not has_date)
    if undated:
        assert pairs(undated_table(at)) == undated
    else:  # the page says so instead of an empty table
        assert [s.value for s in at.success] == ["Alle passenden Maßnahmen haben einen Termin."]


def test_schedule_field_filter_draws_exactly_one_gantt_titled_with_that_field():
    at = run_page("zeitplan.py", {"handlungsfeld": "Teilhabe in Dithmarschen"})
    figs = figures(at)
    assert len(figs) == 1
    assert figs[0]["layout"]["title"]["text"] == "Teilhabe in Dithmarschen"
    assert set(massnahme_table(at)["Handlungsfeld"]) == {"Teilhabe in Dithmarschen"}


def test_schedule_without_filters_draws_one_gantt_per_field_of_action():
    at = run_page("zeitplan.py")
    titles = [fig["layout"]["title"]["text"] for fig in figures(at)]
    assert titles == ["Bildungskette mit Übergängen", "Teilhabe in Dithmarschen"]


def test_schedule_cross_cutting_filter_says_there_is_no_dated_measure_and_lists_the_undated():
    at = run_page("zeitplan.py", {"handlungsfeld": "Querschnitt"})
    assert not at.exception and not warnings(at)
    assert not figures(at)
    assert any("Keine datierte Maßnahme" in i.value for i in at.info)
    expected = sql("SELECT w.name, m.titel FROM massnahme m JOIN werkzeug w "
                   "ON w.id = m.werkzeug_id WHERE w.handlungsfeld_id IS NULL")
    assert expected
    assert pairs(undated_table(at)) == Counter(expected)
    assert set(undated_table(at)["Werkzeug"]) == {"Kommunikationskonzept Werkstattplan 2019"}


def test_schedule_lists_the_fourteen_measures_without_date_in_their_own_table():
    at = run_page("zeitplan.py")
    undated = undated_table(at)
    assert len(undated) == 14
    assert pairs(undated) == Counter(sql(
        "SELECT w.name, m.titel FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id "
        "WHERE NOT EXISTS (SELECT 1 FROM termin t WHERE t.massnahme_id = m.id)"))
    assert len(massnahme_table(at)) == 57 - 14


# --- Zeitplan: the Gantt ------------------------------------------------------------------------
def test_gantt_marks_approximate_spans_hatched_with_their_own_legend_entry_and_hover():
    at = run_page("zeitplan.py", {"handlungsfeld": "Teilhabe in Dithmarschen"})
    (fig,) = figures(at)
    assert "Zeitraum, Ende ungefähr" in legend_names(fig)
    traces = gantt_traces(at, "Zeitraum, Ende ungefähr")
    assert traces, "no trace for approximate spans"
    for trace in traces:
        assert trace["type"] == "bar"
        assert trace["marker"]["pattern"]["shape"] == "/"
        assert all("ungefähr" in hover for hover in trace["hovertext"])
    legend = [t for t in fig["data"] if t["name"] == "Zeitraum, Ende ungefähr"
              and t.get("showlegend", True)]
    assert legend[0]["marker"]["pattern"]["shape"] == "/"  # the legend shows the hatching too
    exact = gantt_traces(at, "Zeitraum")
    assert exact and all(t["marker"]["pattern"]["shape"] == "" for t in exact)
    assert not any("ungefähr" in hover for t in exact for hover in t["hovertext"])


def test_gantt_draws_spans_as_bars_and_single_months_and_days_as_markers():
    at = run_page("zeitplan.py")
    kinds = {t["name"]: t for t in (t for fig in figures(at) for t in data_traces(fig))}
    assert kinds["Zeitraum"]["type"] == "bar"
    for name in ("Meilenstein (Monat)", "Meilenstein (Tag)"):
        assert kinds[name]["type"] == "scatter"
        assert kinds[name]["mode"] == "markers"


def test_gantt_labels_the_labelled_mark_projektende():
    at = run_page("zeitplan.py")
    labelled = gantt_traces(at, "Beschriftete Markierung")
    assert labelled
    assert "text" in labelled[0]["mode"]
    assert "Projektende" in labelled[0]["text"]


def test_gantt_has_a_bold_header_row_per_tool_and_german_month_ticks():
    at = run_page("zeitplan.py", {"handlungsfeld": "Bildungskette mit Übergängen"})
    fig = figures(at)[0]
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert "<b>Praxispool</b>" in ticks
    assert "<b>Jugendberufsagentur</b>" in ticks
    months = fig["layout"]["xaxis"]["ticktext"]
    assert list(months) == ["Jan<br>2019", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug",
                            "Sep", "Okt", "Nov", "Dez"]  # short, the year once


def test_gantt_shades_the_chosen_month_and_shows_no_english_toolbar():
    at = run_page("zeitplan.py", {"monat": "2019-09"})
    for fig in figures(at):
        bands = [s for s in fig["layout"]["shapes"] if s["type"] == "rect"]
        assert [(s["x0"], s["x1"]) for s in bands] == [("2019-09-01", "2019-10-01")]
        assert "<b>Sep</b>" in fig["layout"]["xaxis"]["ticktext"]
    for chart in at.get("plotly_chart"):
        assert json.loads(chart.proto.config)["displayModeBar"] is False


def test_gantt_draws_the_stichtag_line_at_the_chosen_day():
    at = run_page("zeitplan.py", {"stichtag": "2019-06-15"})
    assert not warnings(at)
    figs = figures(at)
    assert figs
    for fig in figs:
        lines = [s for s in fig["layout"]["shapes"] if s["type"] == "line"]
        assert [(s["x0"], s["x1"]) for s in lines] == [("2019-06-15", "2019-06-15")]
    assert at.query_params["stichtag"] == "2019-06-15"
    assert at.sidebar.date_input(key="stichtag").value == date(2019, 6, 15)


def test_gantt_stichtag_defaults_to_today_held_within_the_plan_period():
    at = run_page("zeitplan.py")
    expected = default_stichtag().isoformat()
    for fig in figures(at):
        assert [s["x0"] for s in fig["layout"]["shapes"] if s["type"] == "line"] == [expected]
    assert "stichtag" not in at.query_params  # the default stays out of the URL


@pytest.mark.parametrize("query", [{}, {"monat": "2019-09"}, {"kontakt": "Niels Buck"}],
                         ids=["unfiltered", "september", "niels-buck"])
def test_gantt_and_measure_table_show_the_same_measures(query):
    at = run_page("zeitplan.py", query)
    in_charts = set().union(*(chart_measure_ids(fig) for fig in figures(at)))
    assert in_charts
    assert names_of(in_charts) == pairs(massnahme_table(at))


def test_schedule_offers_the_measure_table_as_csv_download():
    at = run_page("zeitplan.py")
    buttons = [b for b in at.get("download_button") if "CSV" in b.proto.label]
    assert [b.proto.label for b in buttons] == ["Tabelle als CSV herunterladen"]
    assert buttons[0].proto.url.endswith(".csv")


def test_the_german_search_field_narrows_the_schedule_table_and_its_download():
    at = run_page("zeitplan.py")
    everything = len(massnahme_table(at))
    at.text_input(key="zeitplan_suche").input("praxispool").run()
    shown = massnahme_table(at)
    assert 0 < len(shown) < everything and set(shown["Werkzeug"]) == {"Praxispool"}
    assert [b.proto.label for b in at.get("download_button") if "CSV" in b.proto.label] == [
        f"{len(shown)} Zeilen als CSV herunterladen"]
    assert any(f"{len(shown)} von {everything} Zeilen" in c.value for c in at.caption)


def test_choosing_a_measure_shows_its_details_with_the_marks_from_the_plan():
    at = run_page("zeitplan.py")
    (measure_id,) = sql("SELECT massnahme_id FROM termin WHERE bezeichnung = 'Projektende'")[0]
    at.selectbox(key="massnahme_auswahl").select(measure_id).run()
    assert not at.exception
    termine = dataframe_with(at, "Termin", "Art")
    assert list(termine["Markierung im Plan"]) == ["Projektende"]
    assert list(termine["Termin"]) == ["Okt 2019"]


# --- filters through widgets and the URL ---------------------------------------------------------
def test_choosing_a_month_in_the_sidebar_filters_the_table_and_writes_the_url():
    at = run_page("zeitplan.py")
    before = len(massnahme_table(at))
    assert "monat" not in at.query_params
    at.selectbox(key="monat").select(date(2019, 9, 1)).run()
    assert not at.exception
    after = massnahme_table(at)
    assert len(after) == len(sql(SEPTEMBER_SQL)) < before
    assert SEPTEMBER_EVALUATION in set(after["Maßnahme"])
    assert at.query_params["monat"] == "2019-09"


def test_filters_stay_when_switching_to_another_page():
    at = run_page("zeitplan.py")
    at.selectbox(key="kontakt").select("Niels Buck").run()
    at.switch_page("pages/werkzeuge.py").run()
    assert not at.exception
    assert at.query_params["kontakt"] == "Niels Buck"
    assert set(at.selectbox(key="werkzeug_wahl").options) == {
        f"Teilhabe in Dithmarschen › {name}" for name in NIELS_BUCK_TOOLS}


def test_resetting_a_filter_to_all_removes_it_from_the_url():
    at = run_page("zeitplan.py", {"monat": "2019-09"})
    at.selectbox(key="monat").select(None).run()
    assert "monat" not in at.query_params
    assert len(massnahme_table(at)) == 57 - 14


@pytest.mark.parametrize("query, widget, reset_value, label", [
    ({"monat": "2019-13"}, "monat", None, "Monat"),
    ({"monat": "September"}, "monat", None, "Monat"),
    ({"kontakt": "Niemand"}, "kontakt", "alle", "Kontakt"),
    ({"handlungsfeld": "<script>alert(1)</script>"}, "handlungsfeld", "alle", "Handlungsfeld"),
    ({"ort": "<b>Heide</b>"}, "ort", "", "Ort"),
    ({"zielgruppe": "x" * 200}, "zielgruppe", "", "Zielgruppe"),
    ({"stichtag": "2030-01-01"}, "stichtag", None, "Stichtag"),
    ({"stichtag": "31.12.2019"}, "stichtag", None, "Stichtag"),
], ids=["month-13", "month-word", "unknown-contact", "script-field", "markup-place",
        "too-long-target-group", "stichtag-outside-plan", "stichtag-not-iso"])
def test_a_bad_bookmarked_filter_is_reset_with_a_german_warning(query, widget, reset_value,
                                                               label):
    at = run_page("zeitplan.py", query)
    assert not at.exception
    assert len(at.warning) == 1
    notice = at.warning[0].value
    assert label in notice and "zurückgesetzt" in notice
    assert "<" not in notice  # the bad value is not echoed
    key = next(iter(query))
    if key == "stichtag":
        assert at.sidebar.date_input(key="stichtag").value == default_stichtag()
    elif key in ("ort", "zielgruppe"):
        assert at.sidebar.text_input(key=widget).value in ("", None)
    else:
        assert at.sidebar.selectbox(key=widget).value == reset_value
    assert key not in at.query_params  # the URL no longer carries the bad value
    assert len(massnahme_table(at)) == 57 - 14  # the page shows the unfiltered plan


def test_a_bad_filter_does_not_reset_the_good_ones_next_to_it():
    at = run_page("zeitplan.py", {"monat": "2019-09", "kontakt": "Niemand"})
    assert not at.exception
    assert len(at.warning) == 1 and "Kontakt" in at.warning[0].value
    assert at.query_params == {"monat": "2019-09"}
    assert len(massnahme_table(at)) == len(sql(SEPTEMBER_SQL))


def test_the_warning_about_a_bad_link_is_shown_once_not_on_every_rerun():
    at = run_page("zeitplan.py", {"monat": "2019-13"})
    assert len(at.warning) == 1
    at.selectbox(key="kontakt").select("Niels Buck").run()
    assert not at.warning


# --- Werkzeuge ----------------------------------------------------------------------------------
def test_tool_link_by_id_opens_that_tools_profile():
    at = run_page("werkzeuge.py", {"werkzeug": "3"})
    assert not at.exception and not warnings(at)
    assert shown(at.main.header[0].value) == "Jugendberufsagentur"
    assert at.selectbox(key="werkzeug_wahl").value == 3
    assert at.query_params["werkzeug"] == "3"


@pytest.mark.parametrize("raw", ["999", "abc", "<script>", "²", "5" * 5000])
def test_an_unknown_tool_in_the_link_shows_a_german_warning_and_the_first_tool(raw):
    at = run_page("werkzeuge.py", {"werkzeug": raw})
    assert not at.exception
    assert warnings(at) == ["Das Werkzeug aus der Adresse gibt es nicht; das erste passende "
                            "wird gezeigt."]
    first = sql("SELECT w.name, w.id FROM werkzeug w JOIN handlungsfeld h "
                "ON h.id = w.handlungsfeld_id ORDER BY h.position, w.position LIMIT 1")[0]
    assert shown(at.main.header[0].value) == first[0]
    assert at.query_params["werkzeug"] == str(first[1])


def test_a_tool_outside_the_chosen_filters_is_not_shown_and_the_warning_says_why():
    at = run_page("werkzeuge.py", {"werkzeug": "3", "kontakt": "Niels Buck"})
    assert not at.exception
    assert any("passt nicht zu den gewählten Filtern" in w for w in warnings(at))
    assert shown(at.main.header[0].value) in NIELS_BUCK_TOOLS


def test_choosing_another_tool_updates_the_profile_and_the_url():
    at = run_page("werkzeuge.py", {"werkzeug": "3"})
    at.selectbox(key="werkzeug_wahl").select(11).run()
    assert not at.exception
    assert shown(at.main.header[0].value) == "Länderabende im Kreis Dithmarschen"
    assert at.query_params["werkzeug"] == "11"


def test_tool_profile_lists_contacts_by_role_and_budget_unknown_as_keine_angabe():
    at = run_page("werkzeuge.py", {"werkzeug": "5"})
    text = "\n".join(m.value for m in at.main.markdown)
    assert "**Ansprechperson:**" in text and "Niels Buck" in text
    assert "Noch nicht bezifferbar" in text
    at = run_page("werkzeuge.py", {"werkzeug": "11"})
    text = "\n".join(m.value for m in at.main.markdown)
    assert "_keine Angabe_" in text
    assert "0,00" not in text


def test_tool_profile_gantt_and_its_table_show_the_same_measures():
    at = run_page("werkzeuge.py", {"werkzeug": "1"})
    (fig,) = figures(at)
    table = dataframe_with(at, "Maßnahme", "Zeitraum", "Hinweis")
    in_chart = names_of(chart_measure_ids(fig))
    assert set(in_chart) == {("Praxispool", t) for t in table.loc[table["Zeitraum"] !=
                                                                  "ohne Termin", "Maßnahme"]}
    assert len(table) == sql("SELECT count(*) FROM massnahme WHERE werkzeug_id = 1")[0][0]


# --- Budget -------------------------------------------------------------------------------------
def test_budget_headline_is_the_range_of_stated_amounts_with_a_caption_of_what_is_missing():
    at = run_page("budget.py")
    assert not at.exception
    # each period apart, approximate as the plan's "Ca." amounts in them, without cents
    assert [(m.label, nbsp(m.value)) for m in at.metric] == [
        ("Summe der genannten Beträge ohne Zeitangabe", "ca. 1.011.165 – 1.013.165 €"),
        ("Summe der genannten Beträge pro Jahr", "ca. 27.000 – 32.000 €")]
    caption = nbsp(" ".join(c.value for c in at.main.caption))
    assert "Nicht enthalten" in caption
    assert "ohne bezifferten Betrag" in caption
    assert "nicht zusammengezählt" in caption


def test_budget_lists_tools_without_amount_as_keine_angabe_never_as_zero_euro():
    at = run_page("budget.py")
    unknown = dataframe_with(at, "Werkzeug", "Handlungsfeld", "Angabe im Plan")
    row = unknown.set_index("Werkzeug").loc["Länderabende im Kreis Dithmarschen"]
    assert row["Angabe im Plan"] == "keine Angabe"
    expected = {name for (name,) in sql(
        "SELECT w.name FROM werkzeug w WHERE NOT EXISTS (SELECT 1 FROM budget_posten b "
        "WHERE b.werkzeug_id = w.id AND (b.betrag_min IS NOT NULL OR b.betrag_max IS NOT NULL "
        "OR b.vk IS NOT NULL))")}
    assert set(unknown["Werkzeug"]) == expected
    assert not unknown["Angabe im Plan"].astype(str).str.contains("0,00").any()


def test_budget_item_table_shows_amounts_as_german_ranges():
    at = run_page("budget.py")
    items = dataframe_with(at, "Betrag", "Zeitbezug", "Werkzeug")
    amounts = set(items["Betrag"].map(nbsp))
    assert "1.000,00 € – 3.000,00 €" in amounts
    assert "210.165,00 €" in amounts
    assert "bis 5.000,00 €" in amounts
    assert "kein Betrag genannt" in amounts
    assert "ca. 800.000 €" in amounts  # "Ca. 800.000,-- Euro": no cents it never had
    assert list(items.columns[:2]) == ["Betrag", "Zeitbezug"]  # the amounts first


def test_budget_chart_and_item_table_show_the_same_amounts():
    at = run_page("budget.py")
    (fig,) = figures(at)
    in_chart = Counter(nbsp(t) for t in fig["data"][0]["hovertext"])
    items = dataframe_with(at, "Betrag", "Zeitbezug", "Werkzeug")
    in_table = Counter(nbsp(b) for b in items["Betrag"] if b != "kein Betrag genannt")
    assert in_chart == in_table


def test_budget_for_a_filter_without_amounts_says_so_instead_of_zero():
    at = run_page("budget.py", {"kontakt": "Niels Buck"})
    assert not at.exception
    assert at.metric[0].value == "kein Betrag genannt"
    assert not figures(at)


# --- Indikatoren --------------------------------------------------------------------------------
def test_indicators_page_shows_every_indicator_from_the_table_with_its_quote():
    at = run_page("indikatoren.py")
    assert not at.exception
    expected = sql("SELECT name, zitat FROM indikator")
    assert expected
    assert {shown(s.value) for s in at.main.subheader} == {name for name, _ in expected}
    quotes = [m.value for m in at.main.markdown if m.value.startswith("> ")]
    assert len(quotes) == len(expected)


def test_indicators_without_values_show_the_empty_state():
    assert sql("SELECT count(*) FROM messwert")[0][0] == 0
    at = run_page("indikatoren.py")
    empty = [i.value for i in at.info if i.value.startswith("Noch keine Messwerte erfasst")]
    targets = sql("SELECT count(*) FROM indikator WHERE art <> 'Kontextzahl'")[0][0]
    assert len(empty) == targets > 0
    assert not figures(at)


def test_the_laenderabende_indicator_shows_its_target_of_ten():
    at = run_page("indikatoren.py")
    box = next(block for block in at.main.children.values()
               if hasattr(block, "subheader") and block.subheader
               and block.subheader[0].value == "Durchgeführte Länderabende")
    facts = box.table[0].value
    assert facts.loc[0, "Zielwert"] == "10"
    assert facts.loc[0, "Zieltermin"] == "31.12.2019"
    assert any("10 Länderabende" in m.value for m in box.markdown)


def indicator_box(at, name: str):
    return next(block for block in at.main.children.values()
                if hasattr(block, "subheader") and block.subheader
                and shown(block.subheader[0].value) == name)


def test_recorded_values_give_a_stand_a_chart_against_the_expected_line_and_its_table():
    sql("INSERT INTO messwert (indikator_id, stichtag, wert, kommentar, benutzer) "
        "SELECT id, DATE '2019-03-31', 2, 'erstes Quartal', 'test' FROM indikator "
        "WHERE name = 'Durchgeführte Länderabende' UNION ALL "
        "SELECT id, DATE '2019-06-30', 5, NULL, 'test' FROM indikator "
        "WHERE name = 'Durchgeführte Länderabende'")
    at = run_page("indikatoren.py", {"stichtag": "2019-09-30"})
    assert not at.exception
    box = indicator_box(at, "Durchgeführte Länderabende")
    assert not [i for i in box.info if i.value.startswith("Noch keine Messwerte")]
    # expected on 30.06.: 2 + 8 × 91/275 ≈ 4,65; R = 3 ÷ 2,65 ≥ 0,95
    assert shown(box.markdown[0].value).startswith("**☀ auf Kurs · Fortschritt 38 % · "
                                                   "letzter Wert 5 am 30.06.2019")
    (fig,) = [json.loads(el.proto.spec) for el in box.get("plotly_chart")]
    traces = {t["name"]: t for t in fig["data"]}
    assert plotly_array(traces["Messwert"]["y"]) == [5]
    assert plotly_array(traces["Basis"]["y"]) == [2] and plotly_array(traces["Ziel"]["y"]) == [10]
    assert plotly_array(traces["erwarteter Verlauf"]["x"]) == ["2019-03-31", "2019-12-31"]
    assert fig["layout"]["shapes"][0]["x0"] == "2019-09-30"  # the Stichtag
    beside = box.dataframe[0].value  # the chart's table: the same points
    assert beside.to_dict("records") == [
        {"Punkt": "Basis (erster Messwert)", "Datum": "31.03.2019", "Wert": "2"},
        {"Punkt": "Messwert", "Datum": "30.06.2019", "Wert": "5"},
        {"Punkt": "erwarteter Wert", "Datum": "30.06.2019", "Wert": "4,65"},
        {"Punkt": "Ziel", "Datum": "31.12.2019", "Wert": "10"},
        {"Punkt": "Stichtag", "Datum": "30.09.2019", "Wert": "–"}]
    values = box.dataframe[1].value
    assert values.to_dict("records") == [
        {"Stichtag": "31.03.2019", "Wert": "2", "Kommentar": "erstes Quartal",
         "erfasst von": "test", "zählt": "ja"},
        {"Stichtag": "30.06.2019", "Wert": "5", "Kommentar": "", "erfasst von": "test",
         "zählt": "ja"}]


def test_the_page_opens_with_the_stand_per_handlungsfeld_and_what_has_no_target():
    at = run_page("indikatoren.py")
    assert not at.exception
    counts = at.main.table[0].value
    fields = sql("SELECT h.name, count(*), count(*) FILTER (WHERE i.art = 'Zielindikator' "
                 "AND i.zielwert IS NULL), count(*) FILTER (WHERE i.art = 'Kontextzahl') "
                 "FROM indikator i JOIN handlungsfeld h ON h.id = i.handlungsfeld_id "
                 "GROUP BY h.name, h.position ORDER BY h.position")
    assert [(r["Handlungsfeld"], r["Indikatoren"], r["ohne Zielwert"], r["ℹ Kontextzahl"])
            for r in counts.to_dict("records")] == fields
    assert set(counts.columns) >= {"○ kein Messwert", "davon ⚠ veraltet"}
    no_target = sql("SELECT name FROM indikator WHERE art = 'Zielindikator' AND zielwert IS NULL")
    listed = " ".join(shown(m.value) for m in at.main.markdown if "Ohne Zielwert" in m.value)
    assert all(name in listed for (name,) in no_target)
    how = next(e for e in at.main.expander if e.label == "Wie wird der Stand berechnet?")
    assert "**auf Kurs**" in how.markdown[0].value


def test_facts_keep_the_plans_qualifiers_and_a_context_figure_never_lacks_a_value():
    at = run_page("indikatoren.py")
    facts = {shown(box.subheader[0].value): box.table[0].value.iloc[0].to_dict()
             for box in at.main.children.values()
             if hasattr(box, "subheader") and box.subheader and box.table}
    assert facts["Herkunftsnationen der nicht deutschen Bevölkerung"]["Wert laut Plan"] == \
        "über 100"
    assert facts["Schulabgänger/innen ohne ersten allgemeinbildenden Abschluss"][
        "Wert laut Plan"] == "etwa 10 %"
    forecast = facts["Erwarteter Rückgang der Schülerzahlen bis 2020"]
    assert forecast["Prognose"] == "25 % bis 2020" and "Basiswert" not in forecast
    context = [name for (name,) in sql("SELECT name FROM indikator WHERE art = 'Kontextzahl'")]
    for name in context:
        box = indicator_box(at, name)
        assert shown(box.markdown[0].value) == "**ℹ Kontextzahl**"
        assert not [i for i in box.info if "Messwert" in i.value]


def test_each_indicator_links_to_its_werkzeug_and_the_profile_shows_its_stand():
    at = run_page("indikatoren.py")
    box = indicator_box(at, "Durchgeführte Länderabende")
    (link,) = box.get("page_link")
    ((tool_id,),) = sql("SELECT werkzeug_id FROM indikator "
                        "WHERE name = 'Durchgeführte Länderabende'")
    assert shown(link.proto.label) == "Werkzeug: Länderabende im Kreis Dithmarschen"
    assert link.proto.page.endswith("werkzeuge")
    assert f"werkzeug={tool_id}" in link.proto.query_string
    profile = run_page("werkzeuge.py", {"werkzeug": tool_id})
    table = next(t.value for t in profile.main.table if "Stand" in t.value.columns)
    rows = sql("SELECT name, art FROM indikator WHERE werkzeug_id = ? ORDER BY position", tool_id)
    assert list(table["Indikator"]) == [name for name, _ in rows]
    assert list(table["Stand"]) == ["○ kein Messwert" if art == "Zielindikator" else
                                    "ℹ Kontextzahl" for _, art in rows]


def test_the_ueberblick_shows_the_same_indicator_counts_as_the_indikatoren_page():
    page = run_page("indikatoren.py").main.table[0].value
    overview = run_page("ueberblick.py")
    assert not overview.exception
    same = [t.value for t in overview.main.table if "davon ⚠ veraltet" in t.value.columns]
    assert len(same) == 1 and same[0].equals(page)


def test_markdown_in_a_bookmarked_filter_is_shown_as_text_not_as_a_link():
    at = run_page("zeitplan.py", {"ort": "[hier anmelden](https://evil.example)"})
    assert not at.exception
    caption = next(c.value for c in at.main.caption if "Gefiltert" in c.value)
    assert "](https" not in caption and "\\[" in caption and "\\]" in caption


def test_the_dashboard_builds_a_missing_database_from_the_shipped_plan(tmp_path, monkeypatch):
    target = tmp_path / "neu" / "werkstattplan.duckdb"
    monkeypatch.setenv("WERKSTATT_DB", str(target))
    at = run_page("ueberblick.py")
    assert not at.exception
    assert target.exists() and any(m.label == "Werkzeuge" and m.value == "12" for m in at.metric)
    assert list((target.parent / "backups").iterdir()), "a backup at start"
