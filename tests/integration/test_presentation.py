"""The presentation of the 2019 plan: slides that fit and are filled, indicators per
Handlungsfeld, the slide chooser, and the same deck as a PowerPoint file (opened with
python-pptx) from the command line."""
from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from tests.conftest import person_names_in_plan
from werkstatt.outputs import pptx
from werkstatt.store import connection
from werkstatt.views import gantt_rows, slides
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = slides.PROJECTOR
WHOLE_PLAN = Filters(stichtag=date(2019, 12, 31))


@pytest.fixture(scope="module")
def plan(plan_db):
    con = connection.connect(plan_db, read_only=True)
    try:
        plan = PlanData.of(con)
        yield plan
    finally:
        con.close()


def all_choices(plan) -> list[Filters]:
    """Every month and every contact of the plan, and the whole plan."""
    choices = plan.choices()
    return ([WHOLE_PLAN] + [Filters(monat=m, stichtag=date(2019, 12, 31))
                            for m in choices.monate]
            + [Filters(kontakt=k, stichtag=date(2019, 6, 30)) for k in choices.kontakte])


def gantt_costs(deck: slides.Deck, slide: slides.Slide) -> tuple[float, float]:
    """Pixels of a Gantt slide's chart rows and of its table's rows."""
    part = deck.gantt_part(slide)
    found = gantt_rows.rows(part["werkzeug_id"], part["werkzeug"], part["massnahme_id"],
                            part["massnahme"], LAYOUT.label_chars, None)
    chart = sum(gantt_rows.row_height(len(r.lines), LAYOUT.chart_font, gantt_rows.DENSE_GAP)
                for r in found)
    table, _ = deck.gantt_table(slide)
    return chart, sum(LAYOUT.row_height(row, LAYOUT.gantt_table_columns,
                                        LAYOUT.gantt_table_font)
                      for row in table.to_dict("records"))


def table_cost(deck: slides.Deck, slide: slides.Slide) -> float:
    columns = LAYOUT.upcoming_columns if slide.kind == slides.UPCOMING \
        else LAYOUT.indicator_columns
    return sum(LAYOUT.row_height(row, columns, LAYOUT.table_font)
               for row in deck.table_part(slide).to_dict("records"))


def both(first: slides.Slide, second: slides.Slide) -> slides.Slide:
    """Two neighbouring parts of a section as one slide."""
    return slides.Slide(first.kind, "", first.section, first.handlungsfeld,
                        first.massnahme_ids + second.massnahme_ids,
                        (first.rows[0], second.rows[1]))


def fits(deck: slides.Deck, slide: slides.Slide) -> bool:
    if slide.kind == slides.GANTT:
        chart, table = gantt_costs(deck, slide)
        return chart <= LAYOUT.chart_height and table <= LAYOUT.table_height
    budget = LAYOUT.table_height - (slides.INDICATOR_COUNTS_HEIGHT  # the counts line above
                                    if slide.kind == slides.INDICATORS else 0)
    return slide.rows[1] - slide.rows[0] <= 1 or table_cost(deck, slide) <= budget


def test_every_slide_fits_the_smallest_screen_and_no_two_of_a_section_would_fit_on_one(plan):
    """For every month and contact: each slide fits 1024 × 720 (never scrolled), and as few
    slides as fit: two neighbouring parts together never fit one, so no slide is left half
    empty beside a full one."""
    for chosen in all_choices(plan):
        deck = slides.deck(plan, chosen)
        for slide in deck.slides:
            if slide.kind in (slides.GANTT, slides.UPCOMING, slides.INDICATORS):
                assert fits(deck, slide), (chosen, slide)
        for first, second in zip(deck.slides, deck.slides[1:], strict=False):
            if first.section == second.section:
                assert not fits(deck, both(first, second)), (chosen, first)


def test_a_field_that_fits_one_slide_has_one_and_a_long_one_is_numbered(plan):
    deck = slides.deck(plan, WHOLE_PLAN)
    gantts = [s.title for s in deck.slides if s.kind == slides.GANTT]
    assert gantts == ["Bildungskette mit Übergängen", "Teilhabe in Dithmarschen (1/2)",
                      "Teilhabe in Dithmarschen (2/2)"]
    dated = deck.zeitplan.dated
    shown = [m for s in deck.slides for m in s.massnahme_ids]
    assert sorted(shown) == sorted(set(dated["massnahme_id"]))  # every measure once


def test_the_indicator_slides_are_grouped_by_handlungsfeld(plan):
    deck = slides.deck(plan, WHOLE_PLAN)
    indicator_slides = [s for s in deck.slides if s.kind == slides.INDICATORS]
    assert list(dict.fromkeys(s.title.split(" (")[0] for s in indicator_slides)) == [
        "Indikatoren: Bildungskette mit Übergängen", "Indikatoren: Teilhabe in Dithmarschen"]
    shown = []
    for slide in indicator_slides:
        part = deck.table_part(slide)
        field = deck.indicators[deck.indicators["Indikator"].isin(part["Indikator"])]
        assert set(field["Handlungsfeld"]) == {slide.handlungsfeld}
        shown += list(part["Indikator"])
    assert sorted(shown) == sorted(deck.indicators["Indikator"])


def test_the_gantt_table_has_a_row_for_each_chart_row(plan):
    deck = slides.deck(plan, WHOLE_PLAN)
    slide = next(s for s in deck.slides if s.kind == slides.GANTT)
    table, headers = deck.gantt_table(slide)
    part = deck.gantt_part(slide)
    assert len(table) == part["massnahme_id"].nunique() + part["werkzeug_id"].nunique()
    assert [table.iloc[i][slides.GANTT_TABLE] for i in headers] == list(
        dict.fromkeys(part["werkzeug"]))
    assert (table.loc[headers, "Zeitraum"] == "").all()


def test_the_chosen_sections_keep_the_decks_order(plan):
    deck = slides.deck(plan, WHOLE_PLAN)
    chosen = deck.chosen(["budget", "titel"])
    assert [s.kind for s in chosen] == [slides.TITLE, slides.BUDGET]
    assert deck.chosen([]) == deck.slides


# --- the PowerPoint file ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def deck(plan) -> slides.Deck:
    return slides.deck(plan, WHOLE_PLAN)


@pytest.fixture(scope="module")
def opened(deck):
    return Presentation(io.BytesIO(pptx.presentation(deck)))


def test_the_pptx_has_one_slide_per_slide_of_the_deck_titled_as_on_the_page(deck, opened):
    assert len(opened.slides) == len(deck.slides)
    for page, slide in zip(opened.slides, deck.slides, strict=True):
        assert page.shapes.title.text == deck.heading(slide)
    assert opened.slide_width / opened.slide_height == pytest.approx(16 / 9, abs=0.01)
    assert opened.core_properties.title == deck.plan_title


def test_a_gantt_slide_is_a_picture_with_its_facts_as_alternative_text_and_notes(deck, opened):
    for page, slide in zip(opened.slides, deck.slides, strict=True):
        if slide.kind != slides.GANTT:
            continue
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        alt = pictures[0]._element.nvPicPr.cNvPr.get("descr")
        notes = page.notes_slide.notes_text_frame.text
        for title in set(deck.gantt_part(slide)["massnahme"]):
            assert title in alt and title in notes


def table_of(page) -> list[list[str]]:
    (shape,) = [s for s in page.shapes if s.has_table]
    return [[cell.text for cell in row.cells] for row in shape.table.rows]


def test_table_slides_are_native_tables_with_the_slides_rows(deck, opened):
    kinds = set()
    for page, slide in zip(opened.slides, deck.slides, strict=True):
        if slide.kind in (slides.UPCOMING, slides.INDICATORS):
            frame = deck.table_part(slide)
        elif slide.kind == slides.STATUS:
            frame = deck.stand
        elif slide.kind == slides.BUDGET:
            frame = deck.budget.by_field
        else:
            continue
        kinds.add(slide.kind)
        rows = table_of(page)
        assert rows[0] == list(frame.columns)
        assert rows[1:] == [[str(v) for v in row] for row in frame.itertuples(index=False)]
    assert kinds == {slides.UPCOMING, slides.INDICATORS, slides.STATUS, slides.BUDGET}


def test_the_pptx_holds_only_the_chosen_sections(deck):
    opened = Presentation(io.BytesIO(pptx.presentation(deck, ["stand", "budget"])))
    assert [p.shapes.title.text for p in opened.slides] == [
        "Stand je Handlungsfeld zum 31.12.2019", "Budget je Handlungsfeld"]


# --- command line ---------------------------------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "werkstatt", "praesentation", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)


def test_the_command_writes_the_filtered_presentation(plan_db, tmp_path):
    out = tmp_path / "folien.pptx"
    result = run("--db", str(plan_db), "--out", str(out), "--monat", "2019-09",
                 "--stichtag", "2019-09-30", "--folien", "titel", "anstehend")
    assert result.returncode == 0, result.stderr
    assert "Gefiltert: September 2019" in result.stdout
    titles = [page.shapes.title.text for page in Presentation(out).slides]
    assert titles[0] == "Werkstattplan Kreis Dithmarschen 2019"
    assert all(t.startswith("Was steht an: September 2019") for t in titles[1:])
    assert list(tmp_path.iterdir()) == [out]


def test_the_public_presentation_names_no_person_as_a_contact(plan_db, tmp_path):
    out = tmp_path / "oeffentlich.pptx"
    result = run("--db", str(plan_db), "--out", str(out), "--oeffentlich", "--folien",
                 "anstehend")
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(plan_db), read_only=True)
    try:
        people = person_names_in_plan(con)
    finally:
        con.close()
    cells = [row[-1] for page in Presentation(out).slides for row in table_of(page)[1:]]
    assert cells and not [c for c in cells if any(name in c for name in people)]


@pytest.mark.parametrize(("args", "message"), [
    (["--kontakt", "Niemand Bekannt"], "Kontakt „Niemand Bekannt“ gibt es im Plan nicht"),
    (["--folien", "stand", "mond"], "Die Folien „mond“ gibt es in dieser Präsentation nicht"),
], ids=["contact", "section"])
def test_an_unknown_value_ends_with_a_german_message_status_2_and_no_file(plan_db, tmp_path,
                                                                           args, message):
    out = tmp_path / "folien.pptx"
    result = run("--db", str(plan_db), "--out", str(out), *args)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
