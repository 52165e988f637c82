"""AppTest on a plan six times the 2019 size: the Zeitplan's detail picker asks for the
Werkzeug first when one list would hold hundreds of measures."""
from __future__ import annotations

import duckdb
import pytest

from bench.synthetic import build_synthetic
from tests.app.conftest import run_page


@pytest.fixture
def large_plan(tmp_path, monkeypatch):
    path = build_synthetic(tmp_path / "plan_x6.duckdb", 6)  # 360 measures: above the limit
    monkeypatch.setenv("WERKSTATT_DB", str(path))
    return path


def test_on_a_large_plan_the_details_take_a_werkzeug_first_and_then_one_of_its_measures(
        large_plan):
    at = run_page("zeitplan.py")
    assert not at.exception
    with duckdb.connect(str(large_plan)) as con:
        werkzeug_id, measure_id = con.execute(
            "SELECT w.id, m.id FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id "
            "WHERE w.name LIKE '%(Kopie 5)' ORDER BY w.position, m.position LIMIT 1").fetchone()
    at.selectbox(key="massnahme_auswahl_werkzeug").select(werkzeug_id).run()
    measures = at.selectbox(key="massnahme_auswahl")
    assert len(measures.options) > 1
    assert all("(Kopie 5)" in label for label in measures.options[1:])
    measures.select(measure_id).run()
    assert not at.exception
    details = [md.value for md in at.main.markdown]
    assert any(text.startswith("Werkzeug") and "Kopie 5" in text for text in details)
