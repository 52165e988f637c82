"""AppTest on a plan six times the 2019 size: the Zeitplan's detail picker and Fortschritt's
"Verlauf einer Maßnahme" ask for the Werkzeug first when one list would hold hundreds of
measures."""
from __future__ import annotations

import json

import duckdb
import pytest

from bench.synthetic import build_synthetic
from tests.app.conftest import run_page


@pytest.fixture
def large_plan(tmp_path, monkeypatch):
    path = build_synthetic(tmp_path / "plan_x6.duckdb", 6)  # 360 measures: above the limit
    monkeypatch.setenv("WERKSTATT_DB", str(path))
    return path


def first_measure_of_the_last_copy(path) -> tuple[int, int]:
    with duckdb.connect(str(path)) as con:
        return con.execute(
            "SELECT w.id, m.id FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id "
            "WHERE w.name LIKE '%(Kopie 5)' ORDER BY w.position, m.position LIMIT 1").fetchone()


def test_on_a_large_plan_the_details_take_a_werkzeug_first_and_then_one_of_its_measures(
        large_plan):
    at = run_page("zeitplan.py")
    assert not at.exception
    werkzeug_id, measure_id = first_measure_of_the_last_copy(large_plan)
    at.selectbox(key="massnahme_auswahl_werkzeug").select(werkzeug_id).run()
    measures = at.selectbox(key="massnahme_auswahl")
    assert len(measures.options) > 1
    assert all("(Kopie 5)" in label for label in measures.options[1:])
    measures.select(measure_id).run()
    assert not at.exception
    details = [md.value for md in at.main.markdown]
    assert any(text.startswith("Werkzeug") and "Kopie 5" in text for text in details)


def test_on_a_large_plan_the_status_history_takes_a_werkzeug_first(large_plan):
    at = run_page("fortschritt.py")
    assert not at.exception
    werkzeug_id, measure_id = first_measure_of_the_last_copy(large_plan)
    assert len(at.selectbox(key="verlauf_auswahl_werkzeug").options) == 72  # 12 × 6
    nothing_yet = at.selectbox(key="verlauf_auswahl")
    assert nothing_yet.value is None and nothing_yet.proto.placeholder == "– bitte wählen –"
    at.selectbox(key="verlauf_auswahl_werkzeug").select(werkzeug_id).run()
    measures = at.selectbox(key="verlauf_auswahl")
    assert all("(Kopie 5)" in label for label in measures.options[1:])
    measures.select(measure_id).run()
    assert not at.exception
    assert "Noch kein Status erfasst" in " ".join(c.value for c in at.main.caption)


def test_on_a_large_plan_each_chart_shows_its_first_measures_and_says_how_many_there_are(
        large_plan):
    at = run_page("zeitplan.py")
    notices = [info.value for info in at.info if "zeigt die ersten" in info.value]
    assert notices and all("zeigt die ersten 40 von" in text for text in notices)
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:  # customdata[0] of every bar and marker is its massnahme_id
        shown = {point[0] for trace in json.loads(chart.proto.spec)["data"]
                 for point in (trace.get("customdata") or [])}
        assert 30 < len(shown) <= 40
