"""AppTest: measured values from a file on the Indikatoren page, then the page's new Stand."""
from __future__ import annotations

import duckdb

from tests.app.test_pages import indicator_box, shown
from tests.app.test_progress_pages import app, button, login

LAENDERABENDE = "Durchgeführte Länderabende"
GOOD = ("Indikator;Stichtag;Wert;Kommentar\n"
        f"{LAENDERABENDE};31.03.2019;2;erstes Quartal\n"
        f"{LAENDERABENDE};30.06.2019;5;\n").encode()


def indikatoren(at, **query):
    at.switch_page("pages/indikatoren.py")
    at.query_params.update({"stichtag": "2019-09-30", **query})
    return at.run()


def uploader(at):
    (found,) = [u for u in at.file_uploader if u.key.startswith("messwerte_import_")]
    return found


def stored(app_env) -> list[tuple]:
    con = duckdb.connect(str(app_env))
    try:
        return con.execute("SELECT stichtag, wert, kommentar, benutzer FROM messwert "
                           "ORDER BY stichtag").fetchall()
    finally:
        con.close()


def test_a_bearbeiter_imports_a_file_sees_the_preview_and_then_the_new_stand(app_env):
    at = indikatoren(login(app(), "anna"))
    assert shown(indicator_box(at, LAENDERABENDE).markdown[0].value) == "**○ kein Messwert**"
    uploader(at).set_value(("werte.csv", GOOD, "text/csv"))
    at.run()
    assert not at.exception and not at.error
    preview = next(d.value for d in at.main.dataframe if "Zeile" in d.value.columns)
    assert preview.to_dict("records") == [
        {"Zeile": 2, "Indikator": LAENDERABENDE, "Stichtag": "31.03.2019", "Wert": "2",
         "Kommentar": "erstes Quartal"},
        {"Zeile": 3, "Indikator": LAENDERABENDE, "Stichtag": "30.06.2019", "Wert": "5",
         "Kommentar": "–"}]
    assert stored(app_env) == []  # the preview writes nothing
    button(at, "Messwerte übernehmen").click().run()
    assert not at.exception
    assert [(str(d), w, u) for d, w, _, u in stored(app_env)] == [
        ("2019-03-31", 2.0, "anna"), ("2019-06-30", 5.0, "anna")]
    assert shown(indicator_box(at, LAENDERABENDE).markdown[0].value).startswith(
        "**☀ auf Kurs · Fortschritt 38 %")
    assert not [u for u in at.file_uploader if u.value]  # a fresh, empty uploader
    counts = at.main.table[0].value
    assert counts.loc[counts["Handlungsfeld"] == "Teilhabe in Dithmarschen",
                      "☀ auf Kurs"].tolist() == [1]


def test_a_refused_file_names_the_line_and_saves_nothing(app_env):
    at = indikatoren(login(app(), "anna"))
    bad = GOOD + f"{LAENDERABENDE};30.09.2019;viele\n".encode()
    uploader(at).set_value(("werte.csv", bad, "text/csv"))
    at.run()
    assert not at.exception
    (error,) = at.error
    assert "Zeile 4" in shown(error.value) and "viele" in shown(error.value)
    assert not [b for b in at.button if b.label == "Messwerte übernehmen"]
    assert stored(app_env) == []


def test_readers_and_visitors_get_no_upload():
    assert not indikatoren(app()).file_uploader
    assert not indikatoren(login(app(), "leo")).file_uploader
