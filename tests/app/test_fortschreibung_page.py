"""AppTest: the Fortschreibung page (admins): the proposal per Werkzeug, the Übergang, the
decisions CSV uploaded and downloaded; everyone else gets the refusal."""
from __future__ import annotations

import csv
import io

import duckdb
import pytest

from tests.app.test_progress_pages import app, login, page
from tests.app.test_public_view import downloads  # noqa: F401 - a fixture used below
from werkstatt import vocab
from werkstatt.outputs.fortschreibung import as_csv
from werkstatt.views.fortschreibung import fortschreibung
from werkstatt.views.plan_data import PlanData

DOWNLOAD = "Vorschlag als CSV (zum Bearbeiten und Hochladen)"


def admin_page():
    at = page(login(app(), "chef"), "fortschreibung.py")
    assert not at.exception
    return at


def upload(at, data: bytes):
    at.get("file_uploader")[0].upload("entscheidungen.csv", data, "text/csv")
    return at.run()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def expected(plan_db):
    """The view as werkstatt computes it, on the plan the page's copy was made from (the
    page's server holds its own copy)."""
    def compute(nach: int = 2020):
        con = duckdb.connect(str(plan_db), read_only=True)
        try:
            return fortschreibung(PlanData.of(con), nach)
        finally:
            con.close()
    return compute


@pytest.mark.parametrize("user", [None, "leo", "anna"])
def test_the_page_is_for_admins_only(user):
    at = app()
    if user:
        at = login(at, user)
    at = page(at, "fortschreibung.py")
    assert not at.exception
    assert any("angemeldete Administratoren" in i.value for i in at.info)
    assert not at.dataframe and not at.get("download_button") and not at.get("file_uploader")


def test_an_admin_sees_the_proposal_per_werkzeug_and_the_uebergang(expected):
    at = admin_page()
    view = expected()
    assert at.number_input(key="fortschreibung_jahr").value == 2020  # the plan year + 1
    assert any(h.value == "Übergang 2019 → 2020" for h in at.header)
    passage = view.uebergang
    assert metrics(at) == {
        "übernommen": str(len(passage.uebernommen)),
        "abgeschlossen": str(len(passage.abgeschlossen)),
        "entfallen": str(len(passage.entfallen)), "neu": "0",
        "Werkzeuge fortgeführt": f"{sum(t.fortgefuehrt for t in view.werkzeuge)} von 12"}
    assert [s.value for s in at.subheader] == [t.name for t in view.werkzeuge]
    tables = at.dataframe
    shown_ids = sorted(i for table in tables[1:] for i in table.value["ID"])
    assert shown_ids == sorted(m.massnahme_id for m in view.massnahmen)
    dropped = tables[0].value[tables[0].value["Übergang"] == "entfallen"]
    assert set(dropped["Grund"]) == {"Werkzeug 2020 nicht fortgeführt"}


def test_another_target_year_changes_the_proposal():
    at = admin_page()
    at.number_input(key="fortschreibung_jahr").set_value(2021).run()
    assert not at.exception
    assert any(h.value == "Übergang 2019 → 2021" for h in at.header)
    assert "Werkzeug 2021 nicht fortgeführt" in set(at.dataframe[0].value["Grund"])


def test_the_download_is_the_proposal_as_decisions_csv(expected, downloads):  # noqa: F811
    at = admin_page()
    assert [b.proto.label for b in at.get("download_button")][0] == DOWNLOAD
    assert as_csv(expected()) in downloads


def test_an_uploaded_csv_changes_the_decisions_shown(expected):
    view = expected()
    dropped = view.uebergang.entfallen[0]
    rows = list(csv.DictReader(io.StringIO(as_csv(view).decode("utf-8-sig")), delimiter=";"))
    for row in rows:
        if row["ID"] == str(dropped.massnahme_id):
            row["Entscheidung"], row["Grund"] = vocab.CARRY, ""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    at = upload(admin_page(), text.getvalue().encode("utf-8-sig"))
    assert not at.exception and not at.error
    assert f"{len(rows)} Entscheidung(en)" in at.success[0].value
    assert metrics(at)["übernommen"] == str(len(view.uebergang.uebernommen) + 1)
    table = next(t.value for t in at.dataframe[1:] if dropped.massnahme_id in set(t.value["ID"]))
    row = table[table["ID"] == dropped.massnahme_id].iloc[0]
    assert (row["Vorschlag"], row["Entscheidung"]) == (vocab.DROP, "übernehmen (geändert)")


def test_a_faulty_csv_is_refused_in_german_and_none_of_it_is_used(expected):
    view = expected()
    first = view.massnahmen[0].massnahme_id
    data = f"ID;Entscheidung;Grund\n{first};übernehmen;\n{first + 1};entfällt;\n".encode()
    at = upload(admin_page(), data)
    assert not at.exception
    message = at.error[0].value
    assert "Zeile 3: „entfällt“ braucht einen Grund" in message.replace("\\", "")
    assert "ohne die Datei" in message
    assert metrics(at)["übernommen"] == str(len(view.uebergang.uebernommen))  # line 2 not kept


def set_decision(at, massnahme_id: int, word: str, grund: str = ""):
    at.selectbox(key="fortschreibung_massnahme").set_value(massnahme_id)
    at.selectbox(key="fortschreibung_entscheidung").set_value(word)
    at.text_input(key="fortschreibung_grund").input(grund)
    return next(b for b in at.button if b.label == "Entscheidung setzen").click().run()


def test_an_admin_changes_a_decision_on_the_page_and_entfaellt_needs_a_grund(expected):
    view = expected()
    carried = view.uebergang.uebernommen[0]
    at = set_decision(admin_page(), carried.massnahme_id, vocab.DROP)
    assert not at.exception
    assert "„entfällt“ braucht einen Grund" in at.error[0].value
    assert metrics(at)["entfallen"] == str(len(view.uebergang.entfallen))  # nothing changed
    at = set_decision(at, carried.massnahme_id, vocab.DROP, "Träger hat abgesagt")
    assert not at.exception and not at.error
    assert metrics(at)["entfallen"] == str(len(view.uebergang.entfallen) + 1)
    passage = at.dataframe[0].value
    row = passage[passage["Maßnahme"] == carried.titel].iloc[0]
    assert (row["Übergang"], row["Grund"]) == ("entfallen", "Träger hat abgesagt")
    next(b for b in at.button if b.label == "Änderungen auf der Seite verwerfen").click().run()
    assert metrics(at)["entfallen"] == str(len(view.uebergang.entfallen))


def test_the_page_offers_the_chosen_plan_as_text_and_word_file():
    at = admin_page()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Plan als Text (.txt)" in labels and "Plan als Word-Datei" in labels
