"""The PDF handout: A4 landscape, tagged (structure tree, language, title), fonts embedded,
exactly the Zeitplan's measures for the filters, the footer; the CLI and its errors."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from werkstatt.commands.progress import record_status
from werkstatt.outputs import gantt_svg, handout
from werkstatt.store import connection
from werkstatt.views import filters, indicators, queries
from werkstatt.views.plan_data import PlanData
from werkstatt.views.zeitplan import zeitplan

ROOT = Path(__file__).resolve().parents[2]
SEPTEMBER = filters.Filters(monat=date(2019, 9, 1), stichtag=date(2019, 6, 15))


def squeeze(text: str) -> str:
    """Text without whitespace: table cells wrap titles onto several lines."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def plan(plan_db):
    con = connection.connect(plan_db, read_only=True)
    try:
        yield PlanData.of(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def september_pdf(plan) -> PdfReader:
    pdf = handout.render_pdf(handout.handout_html(plan, SEPTEMBER, date(2026, 11, 26)))
    return PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="module")
def september_text(september_pdf) -> str:
    return "\n".join(page.extract_text() for page in september_pdf.pages)


def test_every_page_is_a4_landscape(september_pdf):
    for page in september_pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)


def test_every_font_is_embedded(september_pdf):
    fonts = []
    for page in september_pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                fonts.append(descriptor)
    assert fonts
    assert all({"/FontFile", "/FontFile2", "/FontFile3"} & set(d) for d in fonts)


def test_the_pdf_is_tagged_in_german_with_a_title(september_pdf):
    catalog = september_pdf.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "de"
    assert catalog["/MarkInfo"]["/Marked"]
    assert september_pdf.metadata.title == "Handout: Werkstattplan Kreis Dithmarschen 2019"


def test_the_handout_has_exactly_the_zeitplan_measures_of_the_filters(plan, september_text):
    rows = zeitplan(plan, SEPTEMBER).rows  # what the page shows
    shown = set(rows.loc[rows["termin_id"].notna(), "massnahme"])
    assert shown
    text = squeeze(september_text)
    for title in shown:
        assert squeeze(title) in text, title
    dated = plan.schedule[plan.schedule["termin_id"].notna()]
    undated = set(plan.schedule.loc[plan.schedule["termin_id"].isna(), "massnahme"])
    outside = [t for t in set(dated["massnahme"]) - shown - undated
               if not any(squeeze(t) in squeeze(s) for s in shown | undated)]
    assert "Klausurtagung Sankelmark" in outside  # March only
    for title in outside:
        assert squeeze(title) not in text, title


def test_the_title_page_names_plan_stand_stichtag_filters_and_print_date(september_pdf):
    first = september_pdf.pages[0].extract_text()
    for expected in ("Werkstattplan Kreis Dithmarschen 2019", "Stand des Plans", "30.01.2019",
                     "15.06.2019", "Gefiltert: September 2019", "26.11.2026"):
        assert expected in first


def test_each_page_has_its_number_and_stand_and_stichtag_in_the_footer(september_pdf):
    total = len(september_pdf.pages)
    for number, page in enumerate(september_pdf.pages, 1):
        text = page.extract_text()
        assert f"Seite {number} von {total}" in text
        assert "Stand 30.01.2019 · Stichtag 15.06.2019" in text


def test_status_budget_and_indicators_are_in_the_handout(september_text):
    for expected in ("Stand je Handlungsfeld zum 15.06.2019", "überfällig", "erledigt",
                     "Budget", "Werkzeuge ohne bezifferten Betrag", "Indikatoren",
                     "Durchgeführte Länderabende", "31.12.2019", "€"):
        assert expected in september_text


def test_the_indicators_in_the_handout_are_the_pages_stand_per_handlungsfeld(plan):
    values = pd.DataFrame({"id": [1, 2], "indikator_id": [9, 9], "stichtag": pd.to_datetime(
        ["2019-03-31", "2019-06-30"]), "wert": [2.0, 5.0], "kommentar": [None, None],
        "benutzer": ["anna", "anna"], "erfasst_am": pd.to_datetime(["2019-07-01"] * 2)})
    with_values = PlanData(lambda query: values if query is queries.messwerte
                           else plan.table(query))
    chosen = filters.Filters(stichtag=date(2019, 9, 30))
    document = handout.handout_html(with_values, chosen, date(2026, 1, 1))
    view = indicators.indikatoren(with_values, chosen)
    section = document[document.index("<h2>Indikatoren zum 30.09.2019</h2>"):]
    for field in view.felder:
        assert f"<caption>Indikatoren: {field.name}</caption>" in section
        for row in field.table().itertuples(index=False):
            assert f"<td class=\"\">{row.Stand}</td>" in section
    assert "☀ auf Kurs" in section and "ℹ Kontextzahl" in section
    assert "Wert laut Plan: über 100" in section and "Prognose: 25 % bis 2020" in section
    assert "noch kein Messwert" not in section and "Ohne Zielwert im Plan:" in section


def test_plan_text_is_escaped_in_html_and_svg(plan):
    schedule = plan.schedule.copy()
    schedule.loc[schedule.index[0], "massnahme"] = '<script>x</script> "Aktion" & mehr'
    svg = gantt_svg.gantt_svg(schedule[schedule["termin_id"].notna()], plan.months(),
                              date(2019, 6, 15), title='Feld <b>"1"</b>')
    tree = ElementTree.fromstring(svg)  # well-formed XML
    texts = [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert '<script>x</script> "Aktion" & mehr' in texts
    assert "Mär" in texts and "Stichtag 15.06.2019" in texts
    plan_copy = PlanData(lambda query: schedule if query is queries.schedule
                         else plan.table(query))
    document = handout.handout_html(plan_copy, filters.Filters(stichtag=date(2019, 6, 15)),
                                    date(2026, 1, 1))
    assert "<script>" not in document and "&lt;script&gt;x&lt;/script&gt;" in document


# --- the paper is used ----------------------------------------------------------------------
TEXT_TOP, TEXT_BOTTOM = 595 - 14 / 25.4 * 72, 16 / 25.4 * 72  # A4 landscape, the page margins
WHOLE_PLAN = filters.Filters(stichtag=date(2019, 12, 31))
MARCH = filters.Filters(monat=date(2019, 3, 1), stichtag=date(2019, 12, 31))


def text_fill(page) -> float:
    """How far down its text area a page is used (0: empty, 1: to the bottom), the footer
    left out. Text inside a drawing (the Gantt SVG, a form XObject) has coordinates of its
    own; the figure's caption below it stands for it."""
    depth, lowest = 0, TEXT_TOP

    def before(operator, *_):
        nonlocal depth
        depth += operator == b"Do"

    def after(operator, *_):
        nonlocal depth
        depth -= operator == b"Do"

    def text(found, cm, tm, *_):
        nonlocal lowest
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if found.strip() and depth == 0 and y > TEXT_BOTTOM + 5:
            lowest = min(lowest, y)

    page.extract_text(visitor_operand_before=before, visitor_operand_after=after,
                      visitor_text=text)
    return (TEXT_TOP - lowest) / (TEXT_TOP - TEXT_BOTTOM)


def built(plan, chosen) -> PdfReader:
    return PdfReader(io.BytesIO(handout.build_handout(plan, chosen, date(2026, 11, 26))))


@pytest.mark.parametrize("chosen", [WHOLE_PLAN, SEPTEMBER, MARCH,
                                    filters.Filters(kontakt="Niels Buck")],
                         ids=["whole-plan", "september", "march", "contact"])
def test_no_page_but_the_last_is_left_less_than_two_fifths_full(plan, chosen):
    fills = [text_fill(page) for page in built(plan, chosen).pages]
    assert all(fill >= 0.4 for fill in fills[:-1]), fills


@pytest.mark.parametrize("chosen", [WHOLE_PLAN, MARCH], ids=["whole-plan", "march"])
def test_the_last_page_is_not_nearly_empty(plan, chosen):
    assert text_fill(built(plan, chosen).pages[-1]) >= handout.NEARLY_EMPTY


@pytest.mark.parametrize("normal, dense, fill, expected", [
    (7, 6, 0.2, 6),   # last page nearly empty, the denser setting saves it: taken
    (7, 7, 0.2, 7),   # nearly empty, but the denser setting saves nothing: the normal one
    (7, 6, 0.5, 7),   # the last page is used well: the denser one is not even tried
    (1, 1, 0.1, 1)])  # one page is never made denser
def test_the_denser_setting_is_taken_only_when_it_saves_a_page(plan, monkeypatch, normal, dense,
                                                                fill, expected):
    class Laid:  # what WeasyPrint lays out, made to order
        def __init__(self, pages: int) -> None:
            self.pages = [object()] * pages

        def write_pdf(self, **_) -> bytes:
            return str(len(self.pages)).encode()

    monkeypatch.setattr(handout, "_layout", lambda document: Laid(
        dense if handout.COMPACT in document else normal))
    monkeypatch.setattr(handout, "last_page_fill", lambda laid: fill)
    assert handout.build_handout(plan, WHOLE_PLAN, date(2026, 11, 26)) == str(expected).encode()

def test_each_measure_has_its_latest_comment_in_its_row(con):
    measure, = con.execute("SELECT id FROM massnahme WHERE titel = 'Konzeptualisierung'"
                           ).fetchone()
    record_status(con, measure, "in Arbeit", user="anna", comment="Entwurf liegt vor")
    record_status(con, measure, "in Arbeit", user="anna", comment="Raum im Kreishaus gebucht")
    document = handout.handout_html(PlanData.of(con), WHOLE_PLAN, date(2026, 11, 26))
    row = re.search(r"<tr><td>Konzeptualisierung</td>.*?</tr>", document).group(0)
    assert "Raum im Kreishaus gebucht" in row and "Entwurf" not in document
    assert "<th scope=\"col\">letzter Kommentar</th>" in document


def test_without_any_comment_there_is_no_empty_comment_column(plan):
    assert "letzter Kommentar" not in handout.handout_html(plan, WHOLE_PLAN, date(2026, 1, 1))


def test_the_handout_speaks_of_itself_and_of_no_dashboard_page(plan):
    text = "\n".join(page.extract_text() for page in built(plan, WHOLE_PLAN).pages)
    for reference in ("auf der Seite", "Seite Budget", "Seitenleiste", "Monatsfilter",
                      "Dashboard", "klicken"):
        assert reference not in text, reference
    assert "(Liste unten)" in text  # the Werkzeuge without an amount follow in the handout


def test_a_missing_weasyprint_is_a_german_error_saying_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import now raises ImportError
    with pytest.raises(handout.HandoutError, match="apt-get install -y libpango-1.0-0"):
        handout.render_pdf("<html></html>")


# --- command line ---------------------------------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "werkstatt", "handout", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_the_command_writes_the_filtered_handout(plan_db, tmp_path):
    out = tmp_path / "handout.pdf"
    result = run("--db", str(plan_db), "--out", str(out), "--kontakt", "Niels Buck",
                 "--stichtag", "2019-06-15")
    assert result.returncode == 0, result.stderr
    assert "Gefiltert: Niels Buck" in result.stdout
    reader = PdfReader(out)
    assert "Gefiltert: Niels Buck" in reader.pages[0].extract_text()
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--kontakt", "Niemand Bekannt", "Kontakt „Niemand Bekannt“ gibt es im Plan nicht"),
    ("--monat", "2019-13", "Monat „2019-13“ gibt es im Plan nicht (Format JJJJ-MM)"),
    ("--handlungsfeld", "Mond", "Handlungsfeld „Mond“ gibt es im Plan nicht"),
    ("--stichtag", "15.06.2019", "kein Datum im Format JJJJ-MM-TT"),
    ("--stichtag", "2031-01-01", "liegt außerhalb des Plans"),
], ids=["contact", "month", "field", "date-format", "date-outside"])
def test_an_unknown_filter_value_ends_with_a_german_message_status_2_and_no_file(
        plan_db, tmp_path, option, value, message):
    out = tmp_path / "handout.pdf"
    result = run("--db", str(plan_db), "--out", str(out), option, value)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.startswith("Fehler: ")
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())
