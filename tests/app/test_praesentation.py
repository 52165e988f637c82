"""The presentation page under AppTest: the slide from `folie`, Weiter/Zurück, bad `folie`
values, the shared filters, and the handout and chart downloads on the pages."""
from __future__ import annotations

import json

import pytest

from tests.app.conftest import run_page
from tests.app.test_pages import SEPTEMBER_SQL, shown, sql


def slide_counter(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Folie "))


def heading(at) -> str:
    return shown(at.title[0].value)


def button(at, key: str):
    return at.button(key=key)


def download_labels(at) -> list[str]:
    return [el.proto.label for el in at.get("download_button")]


def test_the_presentation_opens_on_the_title_slide_with_plan_stand_and_filters_in_words():
    at = run_page("praesentation.py")
    assert not at.exception
    assert heading(at) == "Werkstattplan Kreis Dithmarschen 2019"
    text = shown(" ".join(m.value for m in at.markdown))
    assert "Stand des Plans: 30.01.2019" in text and "Ungefiltert: der ganze Plan." in text
    assert slide_counter(at).startswith("**Folie 1 von ")
    assert not at.warning


def test_weiter_and_zurueck_change_the_folie_in_the_url():
    at = run_page("praesentation.py", {"folie": "2"})
    assert heading(at).startswith("Stand je Handlungsfeld")
    button(at, "weiter").click().run()
    assert at.query_params["folie"] == "3"
    assert heading(at) == "Bildungskette mit Übergängen (1/3)"
    button(at, "zurueck").click().run()
    button(at, "zurueck").click().run()
    assert at.query_params["folie"] == "1"
    assert button(at, "zurueck").disabled


def test_the_buttons_carry_the_clicker_keys_and_hidden_buttons_the_arrow_keys():
    at = run_page("praesentation.py", {"folie": "2"})
    shortcuts = {key: button(at, key).proto.shortcut for key in
                 ("weiter", "zurueck", "weiter-pfeil", "zurueck-pfeil")}
    assert shortcuts == {"weiter": "pagedown", "zurueck": "pageup", "weiter-pfeil": "right",
                         "zurueck-pfeil": "left"}


@pytest.mark.parametrize("folie", ["0", "99", "abc", "²", "-1", "3.5"])
def test_an_invalid_folie_opens_slide_one_with_a_german_notice(folie):
    at = run_page("praesentation.py", {"folie": folie})
    assert not at.exception
    assert heading(at) == "Werkstattplan Kreis Dithmarschen 2019"
    assert len(at.warning) == 1
    assert "gibt es nicht" in at.warning[0].value and "Folie 1 wird gezeigt" in at.warning[0].value


def test_a_gantt_slide_uses_projector_type_highlights_the_chosen_month_and_fits_one_screen():
    at = run_page("praesentation.py", {"folie": "3", "monat": "2019-09"})
    assert not at.exception
    (figure,) = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    layout = figure["layout"]
    assert layout["xaxis"]["tickfont"]["size"] >= 16 and layout["yaxis"]["tickfont"]["size"] >= 16
    assert "<b>Sep</b>" in layout["xaxis"]["ticktext"]
    assert any(s.get("name") == "gewählter Monat" for s in layout["shapes"])
    assert layout["height"] <= 470
    assert at.toggle(key="tabelle-3").label == "Tabelle zeigen"


def test_tabelle_zeigen_shows_the_chart_facts_as_a_table_on_the_same_slide():
    at = run_page("praesentation.py", {"folie": "3"})
    chart_labels = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["yaxis"]["ticktext"]
    at.toggle(key="tabelle-3").set_value(True).run()
    assert not at.get("plotly_chart")
    table = at.table[0].value
    assert list(table.columns) == ["Werkzeug", "Maßnahme", "Zeitraum", "Status"]
    assert len(table) == sum(1 for label in chart_labels if not label.startswith("<b>"))


def test_a_long_field_is_split_into_numbered_slides_and_the_deck_ends_with_the_indicators():
    at = run_page("praesentation.py")
    total = int(slide_counter(at).split(" von ")[1].strip("*"))
    titles = []
    for number in range(1, total + 1):
        at.query_params["folie"] = str(number)
        at.run()
        titles.append(heading(at))
    teilhabe = [t for t in titles if t.startswith("Teilhabe in Dithmarschen (")]
    assert len(teilhabe) > 1 and teilhabe[-1].endswith(f"({len(teilhabe)}/{len(teilhabe)})")
    assert any(t.startswith("Was steht an: Dezember 2019") for t in titles)
    assert "Budget je Handlungsfeld" in titles and titles[-1].startswith("Indikatoren")


def test_each_handlungsfeld_gets_indicator_slides_with_its_counts_and_every_indicator():
    at = run_page("praesentation.py", {"stichtag": "2019-09-30"})
    total = int(slide_counter(at).split(" von ")[1].strip("*"))
    shown_rows: dict[str, list[str]] = {}
    for number in range(1, total + 1):
        at.query_params.update({"folie": str(number), "stichtag": "2019-09-30"})
        at.run()
        if heading(at).startswith("Indikatoren: "):
            field = heading(at).removeprefix("Indikatoren: ").split(" (")[0]
            assert any(m.value.startswith("Zum 30.09.2019: ") for m in at.markdown)
            table = at.table[0].value
            assert list(table.columns) == ["Indikator", "Stand", "Fortschritt", "letzter Wert",
                                           "Basis", "Ziel"]
            shown_rows.setdefault(field, []).extend(table["Indikator"])
    expected: dict[str, list[str]] = {}
    for field, name in sql("SELECT h.name, i.name FROM indikator i JOIN handlungsfeld h "
                           "ON h.id = i.handlungsfeld_id ORDER BY h.position, i.position"):
        expected.setdefault(field, []).append(name)
    assert shown_rows == expected


def test_was_steht_an_lists_the_chosen_months_measures_with_their_contact_persons():
    at = run_page("praesentation.py", {"monat": "2019-09"})
    total = int(slide_counter(at).split(" von ")[1].strip("*"))
    rows = []
    for number in range(1, total + 1):
        at.query_params.update({"folie": str(number), "monat": "2019-09"})
        at.run()
        if heading(at).startswith("Was steht an: September 2019"):
            rows.append(at.table[0].value)
    measures = [m for table in rows for m in table["Maßnahme"]]
    assert sorted(measures) == sorted(title for _, _, title in sql(SEPTEMBER_SQL))
    assert all(table.columns[-1] == "Ansprechpersonen" for table in rows)
    assert all(all(table["Ansprechpersonen"].astype(str).str.len() > 0) for table in rows)


@pytest.mark.parametrize("page_file", ["praesentation.py", "ueberblick.py", "zeitplan.py"])
def test_the_handout_button_is_on_the_presentation_overview_and_schedule(page_file):
    at = run_page(page_file)
    assert not at.exception
    assert "Handout (PDF)" in download_labels(at)


def test_schedule_and_budget_offer_each_chart_as_svg_and_png():
    labels = download_labels(run_page("zeitplan.py"))
    assert labels.count("Diagramm als SVG") == 2 and labels.count("Diagramm als PNG (16:9)") == 2
    labels = download_labels(run_page("budget.py"))
    assert labels.count("Diagramm als SVG") == 1 and labels.count("Diagramm als PNG (16:9)") == 1


def test_without_weasyprint_the_pages_say_what_to_install_and_work_on(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'pango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    at = run_page("praesentation.py", {"folie": "2"})
    assert not at.exception
    assert "Handout (PDF)" not in download_labels(at)
    assert any("pango" in w.value and "Installieren" in w.value for w in at.warning)
    assert heading(at).startswith("Stand je Handlungsfeld")
