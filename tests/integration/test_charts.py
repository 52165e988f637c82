"""Chart specs: German month ticks that fit, legend swatches, highlighted month, Stichtag
inside the plot, font sizes, German euro ticks, the one-value indicator, config and images."""
from __future__ import annotations

import struct
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from werkstatt.outputs import charts, images
from werkstatt.store import connection
from werkstatt.views import queries, schedule
from werkstatt.views.indicator_status import Point
from werkstatt.views.indicators import ChartData

TEILHABE = "Teilhabe in Dithmarschen"
QUOTE = ChartData("Quote", "Prozent", (Point(date(2019, 4, 1), 12), Point(date(2019, 7, 1), 15)),
                  (Point(date(2019, 11, 1), 17),), Point(date(2019, 1, 1), 10),
                  Point(date(2019, 12, 31), 20), date(2019, 9, 30))


@pytest.fixture(scope="module")
def plan(plan_db):
    con = connection.connect(plan_db, read_only=True)
    try:
        rows, items = queries.schedule(con), queries.budget_items(con)
    finally:
        con.close()
    return rows, items, schedule.plan_monate(2019, rows)


def field_gantt(plan, field=TEILHABE, **kwargs) -> dict:
    rows, _, months = plan
    figure = charts.gantt(rows[rows["handlungsfeld"] == field], months, date(2019, 6, 15),
                          title=field, **kwargs)
    return figure.to_dict()


def legend_traces(fig: dict) -> list[dict]:
    return [t for t in fig["data"] if t.get("showlegend", True)]


def test_month_ticks_are_short_german_names_with_the_year_said_once(plan):
    fig = field_gantt(plan)
    axis = fig["layout"]["xaxis"]
    assert list(axis["ticktext"]) == ["Jan<br>2019", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul",
                                      "Aug", "Sep", "Okt", "Nov", "Dez"]
    assert axis["tickangle"] == 0 and len(axis["tickvals"]) == 12


def test_month_ticks_stay_at_three_letters_per_line_so_twelve_fit_in_a_narrow_plot(plan):
    # ~30 px per month at 1024 px with the sidebar open: one 3-letter word per tick
    for text in field_gantt(plan, highlight=date(2019, 9, 1))["layout"]["xaxis"]["ticktext"]:
        month = text.split("<br>")[0].removeprefix("<b>").removesuffix("</b>")
        assert len(month) == 3


def test_a_plan_reaching_into_the_next_year_names_the_new_year_under_its_january():
    months = [date(2019, 11, 1), date(2019, 12, 1), date(2020, 1, 1), date(2020, 2, 1)]
    assert charts.month_ticks(months) == ["Nov<br>2019", "Dez", "Jan<br>2020", "Feb"]


def test_the_chosen_month_is_a_shaded_band_and_its_tick_is_bold(plan):
    fig = field_gantt(plan, highlight=date(2019, 9, 1))
    bands = [s for s in fig["layout"]["shapes"] if s["type"] == "rect"]
    assert [(b["x0"], b["x1"], b["name"]) for b in bands] == [
        ("2019-09-01", "2019-10-01", "gewählter Monat")]
    assert "<b>Sep</b>" in fig["layout"]["xaxis"]["ticktext"]
    assert not [s for s in field_gantt(plan)["layout"]["shapes"] if s["type"] == "rect"]


def test_the_stichtag_label_sits_inside_the_plot_on_the_side_with_room(plan):
    rows, _, months = plan
    early = charts.gantt(rows, months, date(2019, 3, 1)).to_dict()["layout"]["annotations"][0]
    late = charts.gantt(rows, months, date(2019, 11, 1)).to_dict()["layout"]["annotations"][0]
    for label in (early, late):
        assert label["y"] == 1 and label["yanchor"] == "top"  # below the top edge, not above
    assert early["xanchor"] == "left" and late["xanchor"] == "right"
    assert early["text"] == "Stichtag 01.03.2019"


def test_every_drawn_kind_has_a_legend_swatch_including_the_hatched_approximate_bar(plan):
    fig = field_gantt(plan)
    drawn = {t["name"] for t in fig["data"] if "customdata" in t}
    legend = {t["name"]: t for t in legend_traces(fig)}
    assert "Zeitraum, Ende ungefähr" in drawn
    assert drawn <= set(legend)
    swatch = legend["Zeitraum, Ende ungefähr"]
    # plotly draws no swatch for a bar trace without a point: a zero-length real bar
    assert swatch["type"] == "bar" and list(swatch["x"]) == [0] and swatch["y"][0] is not None
    assert swatch["marker"]["pattern"]["shape"] == "/"


def test_quotes_in_plan_text_show_as_quotes_and_markup_stays_text(plan):
    rows, _, months = plan
    one = rows[rows["termin_id"].notna()].head(1).copy()
    one["massnahme"] = 'Aktion „Jugend“ "vor Ort" <a href="x">klick</a>'
    fig = charts.gantt(one, months, None).to_dict()
    label = fig["layout"]["yaxis"]["ticktext"][1]
    hover = next(t for t in fig["data"] if "customdata" in t)["hovertext"][0]
    for text in (label, hover):
        assert '"vor Ort"' in text and "&quot;" not in text
        assert "<a" not in text and "&lt;a" in text


def test_long_measure_titles_wrap_onto_two_lines_instead_of_being_cut_to_one(plan):
    rows, _, months = plan
    one = rows[rows["termin_id"].notna()].head(1).copy()
    one["massnahme"] = "Entwicklung eines Evaluierungskonzepts und einer Datenbank"
    label = charts.gantt(one, months, None).to_dict()["layout"]["yaxis"]["ticktext"][1]
    assert label == "Entwicklung eines<br>Evaluierungskonzepts und …"


def test_the_font_size_parameter_sets_ticks_bar_labels_and_legend_for_a_projector(plan):
    fig = field_gantt(plan, field="Bildungskette mit Übergängen",
                      font_size=18)
    layout = fig["layout"]
    assert layout["font"]["size"] == layout["legend"]["font"]["size"] == 18
    assert layout["xaxis"]["tickfont"]["size"] == layout["yaxis"]["tickfont"]["size"] == 18
    labelled = next(t for t in fig["data"] if t["name"] == "Beschriftete Markierung"
                    and "customdata" in t)
    assert labelled["textfont"]["size"] == 18 and "Projektende" in labelled["text"]
    assert layout["height"] > field_gantt(plan, field="Bildungskette mit Übergängen")[
        "layout"]["height"]  # rows grow with the type


def test_every_figure_is_valid_plotly(plan):
    # the builders skip plotly's validation for speed: here it runs and raises on a typo
    rows, items, months = plan
    for figure in (charts.gantt(rows, months, date(2019, 6, 15), title="Plan",
                                highlight=date(2019, 9, 1), font_size=18),
                   charts.budget_ranges(items), charts.indicator_chart(QUOTE)):
        go.Figure(figure.to_dict())


def test_budget_axis_ticks_are_german_euro_amounts(plan):
    _, items, _ = plan
    axis = charts.budget_ranges(items).to_dict()["layout"]["xaxis"]
    assert list(axis["ticktext"]) == ["0 €", "500.000 €", "1.000.000 €"]
    assert axis["tickangle"] == 0
    assert charts.euro_ticks(5000, 4) == ([0, 2000, 4000, 6000], ["0 €", "2.000 €", "4.000 €",
                                                                    "6.000 €"])


def test_an_indicator_chart_draws_values_basis_target_expected_line_and_stichtag():
    fig = charts.indicator_chart(QUOTE).to_dict()
    traces = {t["name"]: t for t in fig["data"]}
    assert list(traces) == ["erwarteter Verlauf", "Messwert", "Basis", "Ziel",
                            "nach dem Stichtag (zählt nicht)"]
    assert list(traces["erwarteter Verlauf"]["x"]) == ["2019-01-01", "2019-12-31"]
    assert list(traces["erwarteter Verlauf"]["y"]) == [10, 20]
    assert traces["erwarteter Verlauf"]["line"]["dash"] == "dash"
    assert list(traces["Messwert"]["y"]) == [12, 15]
    # told apart by shape, not colour alone
    assert {traces[n]["marker"]["symbol"] for n in ("Messwert", "Basis", "Ziel")} == {
        "circle", "square", "star"}
    (line,) = fig["layout"]["shapes"]
    assert line["x0"] == line["x1"] == "2019-09-30" and line["line"]["dash"] == "dash"
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["Stichtag 30.09.2019"]
    axis = fig["layout"]["xaxis"]
    assert list(axis["ticktext"])[:3] == ["Jan<br>2019", "Feb", "Mär"]
    assert axis["range"] == ["2019-01-01", "2020-01-01"]


def test_a_long_indicator_axis_keeps_at_most_twelve_german_month_ticks():
    axis = charts.sparse_month_axis(date(2019, 1, 1), date(2020, 12, 31))
    assert list(axis["ticktext"]) == ["Jan<br>2019", "Mär", "Mai", "Jul", "Sep", "Nov",
                                      "Jan<br>2020", "Mär", "Mai", "Jul", "Sep", "Nov"]


def test_the_one_plotly_config_leaves_no_english_button():
    assert charts.PLOTLY_CONFIG["displayModeBar"] is False
    assert charts.PLOTLY_CONFIG["displaylogo"] is False


def test_images_are_png_of_slide_size_and_svg_with_german_labels(plan):
    figure = charts.gantt(plan[0][plan[0]["handlungsfeld"] == TEILHABE], plan[2],
                          date(2019, 6, 15))
    png = images.image(figure, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1920, 1080)
    svg = images.image(figure, "svg").decode("utf-8")
    assert svg.startswith("<svg") and "Mär" in svg and "Stichtag 15.06.2019" in svg


def test_an_unknown_image_format_or_a_missing_browser_is_a_german_error(plan, monkeypatch):
    figure = go.Figure()
    with pytest.raises(images.ImageError, match="möglich sind svg und png"):
        images.image(figure, "gif")
    import kaleido

    def no_browser(**_):
        raise FileNotFoundError("chrome")

    monkeypatch.setattr(kaleido, "start_sync_server", no_browser)
    monkeypatch.setitem(images._image_server, "started", False)
    with pytest.raises(images.ImageError, match="apt-get install -y chromium"):
        images.image(figure, "png")


# --- charts as slide images ---------------------------------------------------------------------
def text_sizes(fig: dict) -> list[float]:
    """Every text size a figure sets: its font, axes, legend, title and annotations."""
    layout = fig["layout"]
    sizes = [layout["font"]["size"], layout["legend"]["font"]["size"],
             layout["title"]["font"]["size"]]
    sizes += [layout[axis]["tickfont"]["size"] for axis in ("xaxis", "yaxis")]
    sizes += [a["font"]["size"] for a in layout.get("annotations", [])]
    sizes += [t["textfont"]["size"] for t in fig["data"] if "textfont" in t]
    return sizes


def label_text(label: str) -> str:
    return label.replace("<b>", "").replace("</b>", "").replace("<br>", " ")


def test_a_gantt_for_a_slide_has_24_px_text_a_title_and_every_name_whole(plan):
    rows, _, months = plan
    field = rows[(rows["handlungsfeld"] == TEILHABE) & rows["termin_id"].notna()]
    figures = images.gantt_images(field, months, date(2019, 6, 15), None, TEILHABE)
    names = set(field["massnahme"]) | set(field["werkzeug"])
    drawn = set()
    for index, figure in enumerate(figures, 1):
        fig = figure.to_dict()
        assert min(text_sizes(fig)) >= images.SLIDE_FONT == 24
        assert fig["layout"]["title"]["text"] == f"{TEILHABE} ({index}/{len(figures)})"
        assert (fig["layout"]["width"], fig["layout"]["height"]) == images.SLIDE_SIZE
        labels = [label_text(t) for t in fig["layout"]["yaxis"]["ticktext"]]
        assert not [label for label in labels if "…" in label]
        drawn |= set(labels)
    assert drawn == names


def test_a_long_field_comes_in_as_few_even_slide_images_as_fit(plan):
    rows, _, _ = plan
    field = rows[(rows["handlungsfeld"] == TEILHABE) & rows["termin_id"].notna()]
    parts = images.gantt_image_parts(field)
    assert len(parts) == 2  # 30 measures of 7 Werkzeuge do not fit one 1080 px slide
    assert sorted(m for part in parts for m in part) == sorted(set(field["massnahme_id"]))
    sizes = [len(part) for part in parts]
    assert max(sizes) - min(sizes) <= 3  # even, not 25 and 5


def test_the_budget_image_has_24_px_text_a_title_and_whole_werkzeug_names(plan):
    _, items, _ = plan
    fig = images.budget_image(items, "Genannte Beträge je Werkzeug").to_dict()
    assert min(text_sizes(fig)) >= 24
    assert fig["layout"]["title"]["text"].startswith("Genannte Beträge je Werkzeug")
    stated = items[items["betrag_max"].notna()]
    labels = {label_text(y).rsplit(" (", 1)[0] for y in fig["data"][0]["y"]}
    assert labels <= set(stated["werkzeug"]) and not [n for n in labels if "…" in n]


def test_a_slide_image_is_a_1920_by_1080_png(plan):
    rows, _, months = plan
    field = rows[(rows["handlungsfeld"] == "Bildungskette mit Übergängen") &
                 rows["termin_id"].notna()]
    (figure,) = images.gantt_images(field, months, date(2019, 6, 15), date(2019, 9, 1),
                                    "Bildungskette mit Übergängen")
    png = images.image(figure, "png")
    assert struct.unpack(">II", png[16:24]) == (1920, 1080)


def test_the_adopted_months_are_a_thin_grey_bar_under_todays_only_for_the_measures_given(plan):
    rows, _, months = plan
    field = rows[rows["handlungsfeld"] == TEILHABE]
    moved = int(field.loc[field["termin_id"].notna(), "massnahme_id"].iloc[0])
    adopted = pd.DataFrame({"massnahme_id": [moved], "beginn": [pd.Timestamp("2019-02-01")],
                            "ende": [pd.Timestamp("2019-03-31")]})
    figure = charts.gantt(field, months, date(2019, 6, 15), baseline=adopted,
                          baseline_label="laut Beschluss")
    go.Figure(figure.to_dict())  # valid plotly
    ghosts = [t for t in figure.to_dict()["data"] if t.get("name") == "laut Beschluss"]
    assert len(ghosts) == 1 and len(ghosts[0]["y"]) == 1
    today = [(y, width) for trace in figure.to_dict()["data"]
             if trace["type"] == "bar" and trace.get("showlegend") is False
             for y, width, (mid,) in zip(trace["y"], trace["width"], trace["customdata"],
                                         strict=True) if mid == moved]
    (bar_y, bar_width), = today  # today's bar, moved up; the ghost just below it
    ghost_y, ghost_width = ghosts[0]["y"][0], ghosts[0]["width"]
    assert ghost_width < bar_width and bar_y + bar_width / 2 <= ghost_y - ghost_width / 2 + 0.01
    assert ghosts[0]["marker"]["color"] == charts.GHOST
    assert ghosts[0]["hovertext"] == ["laut Beschluss: Feb 2019 – Mär 2019"]
    plain = charts.gantt(field, months, date(2019, 6, 15), baseline=adopted.iloc[:0])
    assert not [t for t in plain.to_dict()["data"] if t.get("name") == "laut Beschluss"]
