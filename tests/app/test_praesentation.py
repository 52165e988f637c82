"""The presentation page under AppTest: the slide from `folie`, Weiter/Zurück, bad `folie`
values, the shared filters, the slide chooser (`folien`), and the handout, PowerPoint and
chart downloads on the pages."""
from __future__ import annotations

import json

import pytest

from tests.app.conftest import run_page
from tests.app.test_pages import SEPTEMBER_SQL, shown, sql
from werkstatt.views import slides


def slide_counter(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Folie "))


def heading(at) -> str:
    return shown(at.title[0].value)


def button(at, key: str):
    return at.button(key=key)


def download_labels(at) -> list[str]:
    return [el.proto.label for el in at.get("download_button")]


def gantt_figure(at) -> dict:
    """The slide's Gantt (the legend is a figure of its own, drawn first)."""
    figures = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    (gantt,) = [f for f in figures if f["layout"]["yaxis"].get("ticktext")]
    return gantt


def slide_count(at) -> int:
    return int(slide_counter(at).split(" von ")[1].strip("*"))


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
    assert heading(at) == "Bildungskette mit Übergängen"  # one slide: its Gantt fits
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
    layout = gantt_figure(at)["layout"]
    assert layout["xaxis"]["tickfont"]["size"] >= 16 and layout["yaxis"]["tickfont"]["size"] >= 16
    assert "<b>Sep</b>" in layout["xaxis"]["ticktext"]
    assert any(s.get("name") == "gewählter Monat" for s in layout["shapes"])
    # the rows as counted for the smallest screen, names whole
    assert layout["yaxis"]["range"][0] <= slides.PROJECTOR.chart_height
    assert not [t for t in layout["yaxis"]["ticktext"] if "…" in t]
    assert at.toggle(key="tabelle-3").label == "Tabelle zeigen"


def test_the_legend_is_a_figure_of_its_own_across_the_slide():
    at = run_page("praesentation.py", {"folie": "3"})
    legend, gantt = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert gantt["layout"]["showlegend"] is False
    names = [t["name"] for t in legend["data"]]
    assert "offen" in names and "überfällig" in names
    assert legend["layout"]["legend"]["font"]["size"] >= 16


def test_tabelle_zeigen_shows_the_chart_rows_as_a_table_on_the_same_slide():
    at = run_page("praesentation.py", {"folie": "3"})
    chart_labels = gantt_figure(at)["layout"]["yaxis"]["ticktext"]
    at.toggle(key="tabelle-3").set_value(True).run()
    assert not at.get("plotly_chart")
    table = at.table[0].value
    assert list(table.columns) == ["Werkzeug / Maßnahme", "Zeitraum", "Status"]
    assert len(table) == len(chart_labels)  # a row per chart row, Werkzeug rows included
    tools = [shown(v) for v, label in zip(table.iloc[:, 0], chart_labels, strict=True)
             if label.startswith("<b>")]
    assert tools and all(not t.startswith("<b>") for t in tools)


def test_plan_text_in_a_slide_table_is_text_not_markdown():
    at = run_page("praesentation.py")
    for number in range(1, slide_count(at) + 1):
        at.query_params["folie"] = str(number)
        at.run()
        if heading(at).startswith("Teilhabe in Dithmarschen (2/"):
            at.toggle(key=f"tabelle-{number}").set_value(True).run()
            break
    cells = list(at.table[0].value.iloc[:, 0])
    assert "3\\. Bildungsforum" in cells  # escaped: "3." would start a list


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
    assert "Budget je Handlungsfeld" in titles
    indicator_slides = [t.split(" (")[0] for t in titles if t.startswith("Indikatoren: ")]
    assert titles[-len(indicator_slides):] == [t for t in titles if t.startswith("Indikatoren")]
    assert list(dict.fromkeys(indicator_slides)) == ["Indikatoren: Bildungskette mit Übergängen",
                                                     "Indikatoren: Teilhabe in Dithmarschen"]


def test_each_handlungsfeld_gets_indicator_slides_with_its_counts_and_every_indicator():
    at = run_page("praesentation.py", {"stichtag": "2019-09-30"})
    total = int(slide_counter(at).split(" von ")[1].strip("*"))
    shown_rows: dict[str, list[str]] = {}
    for number in range(1, total + 1):
        at.query_params.update({"folie": str(number), "stichtag": "2019-09-30"})
        at.run()
        if heading(at).startswith("Indikatoren: "):
            field = heading(at).removeprefix("Indikatoren: ").split(" (")[0]
            assert any(m.value.replace("\\", "").startswith("Zum 30.09.2019: ")
                       for m in at.markdown)  # as shown: the Markdown escapes removed
            table = at.table[0].value
            assert list(table.columns) == ["Indikator", "Stand", "Fortschritt", "letzter Wert",
                                           "Basis", "Ziel"]
            shown_rows.setdefault(field, []).extend(  # as shown: Markdown escapes removed
                name.replace("\\", "") for name in table["Indikator"])
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
    measures = [shown(m) for table in rows for m in table["Maßnahme"]]
    assert sorted(measures) == sorted(title for _, _, title in sql(SEPTEMBER_SQL))
    assert all(table.columns[-1] == "Ansprechpersonen" for table in rows)
    assert all(all(table["Ansprechpersonen"].astype(str).str.len() > 0) for table in rows)


def chooser(at, key: str):
    return at.checkbox(key=f"folien-wahl-{key}")


def test_folien_auswaehlen_keeps_the_choice_in_the_url_and_shows_only_those_slides():
    at = run_page("praesentation.py", {"folie": "4"})
    total = slide_count(at)
    for key in ("titel", "stand", "anstehend"):
        chooser(at, key).uncheck()
    at.run()
    assert at.query_params["folien"] == [
        "zeitplan-bildungskette-mit-uebergaengen", "zeitplan-teilhabe-in-dithmarschen",
        "aenderungen", "budget", "indikatoren-bildungskette-mit-uebergaengen",
        "indikatoren-teilhabe-in-dithmarschen"]
    assert at.query_params["folie"] == "1"  # a new choice starts at its first slide
    assert slide_count(at) < total and heading(at) == "Bildungskette mit Übergängen"


def test_a_bookmarked_choice_opens_with_only_those_slides_and_their_boxes_ticked():
    at = run_page("praesentation.py", {"folien": ["budget", "stand"], "folie": "2"})
    assert slide_count(at) == 2 and heading(at) == "Budget je Handlungsfeld"
    assert chooser(at, "budget").value and chooser(at, "stand").value
    assert not chooser(at, "titel").value


def test_an_unknown_section_in_the_url_is_left_out_with_a_german_notice():
    at = run_page("praesentation.py", {"folien": ["budget", "mond"]})
    assert not at.exception
    assert slide_count(at) == 1 and heading(at) == "Budget je Handlungsfeld"
    assert any("„mond“" in w.value and "gibt es in dieser Präsentation nicht" in w.value
               for w in at.warning)


def test_the_presentation_offers_its_chosen_slides_as_powerpoint():
    at = run_page("praesentation.py")
    assert "PowerPoint (.pptx)" in download_labels(at)


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
