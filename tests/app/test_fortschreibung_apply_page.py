"""AppTest: "Plan anlegen" on the Fortschreibung page creates the 2020 plan; afterwards the
2019 plan shows no form on any page that writes (German notice instead), the 2020 plan does."""
from __future__ import annotations

import os

import duckdb

from tests.app.test_plan_switch import PAGES, open_page
from tests.app.test_progress_pages import app, login, page

READ_ONLY = "Der Plan 2019 ist in den Plan 2020 fortgeschrieben und kann nur noch gelesen werden"


def plans() -> list[tuple]:
    con = duckdb.connect(os.environ["WERKSTATT_DB"])  # as the app: one configuration
    try:
        return con.execute("SELECT jahr, vorgaenger_id FROM plan ORDER BY jahr").fetchall()
    finally:
        con.close()


def infos(at) -> list[str]:
    return [i.value for i in at.info]


def applied():
    at = page(login(app(), "chef"), "fortschreibung.py")
    anlegen = next(b for b in at.button if b.label == "Plan 2020 anlegen")
    assert anlegen.disabled  # only after the confirmation
    at.checkbox(key="fortschreibung_bestaetigt").check().run()
    next(b for b in at.button if b.label == "Plan 2020 anlegen").click().run()
    assert not at.exception
    return at


def test_plan_anlegen_creates_the_2020_plan_and_the_page_then_shows_it_read_only():
    at = applied()
    assert plans() == [(2019, None), (2020, 1)]
    at = open_page(at, "fortschreibung.py", {"plan": "2019"})
    assert not at.exception
    assert any(READ_ONLY in text for text in infos(at))
    assert not [b for b in at.button if b.label == "Plan 2020 anlegen"]


def test_the_old_plan_shows_no_form_and_the_new_one_does():
    at = applied()
    at = open_page(at, "indikatoren.py", {"plan": "2019"})
    assert any(READ_ONLY in text for text in infos(at)) and not at.toggle
    at = open_page(at, "indikatoren.py", {"plan": "2020"})
    assert not any(READ_ONLY in text for text in infos(at))
    assert [t for t in at.toggle if t.label == "Bearbeiten"]
    for name in ("bearbeiten.py", "excel_abgleich.py"):
        at = open_page(at, name, {"plan": "2019"})
        assert not at.exception and any(READ_ONLY in text for text in infos(at))
        assert not at.get("file_uploader") and not [b for b in at.button if b.proto.form_id]
    at = open_page(at, "fortschritt.py", {"plan": "2019"})
    assert any(READ_ONLY in text for text in infos(at))
    at = open_page(at, "staende.py", {"plan": "2019"})
    assert not [b for b in at.button if b.label == "Stand einfrieren"]
    at = open_page(at, "staende.py", {"plan": "2020"})
    assert [b for b in at.button if b.label == "Stand einfrieren"]


def test_every_page_shows_the_new_plan_without_an_error():
    at = applied()
    for name in PAGES:  # the carried measures have no Termin in 2020 yet
        at = open_page(at, name, {"plan": "2020"})
        assert not at.exception, (name, at.exception)
