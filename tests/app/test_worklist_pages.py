"""AppTest: the Fortschritt worklist (every measure in exactly one section), "Meine
Maßnahmen", the Zeitplan's status filter in the URL, forms that keep a refused input, and
tables without "None"."""
from datetime import date

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.app.conftest import DASHBOARD
from tests.app.test_progress_pages import (
    EDITORS,
    USERS,
    button,
    edit_indicator,
    edit_rows,
    login,
    page,
    set_status,
    shown_status,
    submit,
    worklist_ids,
)
from werkstatt.views import contacts, queries

HASH = USERS["anna"]["password_hash"]
NIELS = {"role": "bearbeiter", "password_hash": HASH, "kontakt": "Niels Buck"}


def app(query: dict | None = None, users: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets["werkstatt_users"] = {**USERS, **(users or {})}
    at.run()
    if query:
        at.query_params.update(query)
    return at


def fortschritt(query: dict | None = None, user: str | None = "anna",
                users: dict | None = None) -> AppTest:
    at = app(users=users)
    if user:
        login(at, user)
    at.switch_page("pages/fortschritt.py")
    if query:
        at.query_params.update(query)
    return at.run()


def schedule_of(db) -> pd.DataFrame:
    con = duckdb.connect(str(db))
    try:
        return queries.schedule(con)
    finally:
        con.close()


def test_the_chosen_months_measures_come_first_and_every_measure_is_listed_once(app_env):
    at = fortschritt({"monat": "2019-09"})
    assert not at.exception
    assert [s.value for s in at.subheader] == [
        "Im September 2019", "Überfällig zum Stichtag 30.09.2019",
        "Vermutlich überfällig zum Stichtag 30.09.2019 (ungefährer Termin)", "Ohne Termin"]
    rows = schedule_of(app_env)
    last_end = rows.groupby("massnahme_id")["ende"].max()
    later = set(last_end[last_end >= "2019-09-30"].index)
    september = set(rows.loc[(rows["beginn"] <= "2019-09-30") & (rows["ende"] >= "2019-09-01"),
                             "massnahme_id"])
    undated = set(rows.loc[rows["termin_id"].isna(), "massnahme_id"])
    ids = worklist_ids(at)
    assert set(ids[:len(september)]) == september  # September's measures first, not buried
    assert not set(ids) & (later - september)  # folded away: drawn only when opened
    open_section(at, "noch nicht fällig")
    ids = worklist_ids(at)
    assert sorted(ids) == sorted(set(rows["massnahme_id"]))  # each of the 57 once
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["im September 2019"] == len(september)
    assert metrics["ohne Termin"] == len(undated) == 14
    assert metrics["noch nicht fällig"] == len(later - september)  # folded away, with its count
    assert [e.label for e in at.expander] == [
        f"Noch nicht fällig (Termin endet am 30.09.2019 oder später): {len(later - september)}"]
    assert sum(metrics.values()) == 57
    assert any(c.value.endswith("= 57 Maßnahmen: jede der 57 Maßnahmen der gewählten Werkzeuge "
                                "steht in genau einem Abschnitt.") for c in at.caption)


def test_a_measure_without_a_date_gets_a_status_and_a_comment(app_env):
    at = fortschritt()
    rows = schedule_of(app_env)
    mid = int(rows.loc[rows["termin_id"].isna(), "massnahme_id"].iloc[0])
    edit_rows(at, {mid: set_status("in Arbeit", "läuft ohne festen Termin")})
    button(at, "Änderungen speichern").click().run()
    assert not at.exception and not at.error
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT status, kommentar, benutzer FROM fortschritt WHERE massnahme_id "
                       "= ?", [mid]).fetchall() == [("in Arbeit", "läuft ohne festen Termin",
                                                     "anna")]
    con.close()
    # the row is drawn for the new version in a fresh editor: nothing is saved again
    assert shown_status(at, mid) == "in Arbeit"
    assert dict(at.session_state.get(EDITORS).items()) and (mid, 1, "in Arbeit") in [
        row for drawn in at.session_state[EDITORS].values() for row in drawn]
    button(at, "Änderungen speichern").click().run()
    assert [i.value for i in at.info] == ["Keine Änderung zum Speichern\\."]


def test_a_contact_whose_measures_are_all_undated_sees_them_and_why_the_other_sections_are_empty():
    at = fortschritt({"kontakt": "Frau Dümchen"})
    assert not at.exception
    assert len(worklist_ids(at)) == 6
    captions = " ".join(c.value for c in at.caption)
    assert "Im Dezember 2019 ist keine passende Maßnahme geplant" in captions
    assert "Zum Stichtag 31.12.2019 ist keine passende Maßnahme überfällig" in captions
    assert not [s for s in at.success if "Nichts ist fällig" in s.value]


def test_a_continuation_measure_is_marked_fortfuehrung():
    at = fortschritt({"monat": "2019-11"})
    titles = [title for editor in at.data_editor for title in editor.value["Maßnahme"]]
    assert "Evaluierung und Fortführung 2020 (Fortführung)" in titles


def test_visitors_see_the_sections_as_tables_without_none():
    at = fortschritt(user=None)
    assert [s.value for s in at.subheader] == [
        "Im Dezember 2019", "Überfällig zum Stichtag 31.12.2019",
        "Vermutlich überfällig zum Stichtag 31.12.2019 (ungefährer Termin)", "Ohne Termin"]
    assert len(at.dataframe) == 4
    assert sum(len(table.value) for table in at.dataframe) == 57
    for table in at.dataframe:
        assert not table.value.isna().any().any()
    assert "Evaluierung und Fortführung 2020 (Fortführung)" in set(at.dataframe[0].value[
        "Maßnahme"])


def test_the_overview_counts_measures_without_a_date_and_without_status(app_env):
    from werkstatt.commands.progress import record_status

    rows = schedule_of(app_env)
    con = duckdb.connect(str(app_env))
    record_status(con, int(rows.loc[rows["termin_id"].isna(), "massnahme_id"].iloc[0]),
                  "in Arbeit", user="anna")
    con.close()
    at = page(app(), "ueberblick.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Maßnahmen ohne Termin"] == "14"
    assert metrics["ohne Termin und ohne Status"] == "13"


def test_my_measures_after_login_are_those_of_my_contacts_werkzeuge(app_env):
    at = fortschritt(user="niels", users={"niels": NIELS})
    assert not at.exception
    toggle = at.toggle(key="nur_meine")
    assert toggle.value is True and toggle.label == "Nur meine Maßnahmen (Niels Buck)"
    assert any(c.value.startswith("Meine Maßnahmen: Niels Buck") for c in at.caption)
    con = duckdb.connect(str(app_env))
    mine = contacts.werkzeuge_with_kontakt(queries.werkzeug_kontakte(con), "Niels Buck")
    rows = queries.schedule(con)
    con.close()
    ids = worklist_ids(at)
    assert ids and set(rows.loc[rows["massnahme_id"].isin(ids), "werkzeug_id"]) <= set(mine)
    toggle.set_value(False).run()
    assert len(worklist_ids(at)) > len(ids)
    assert not any(c.value.startswith("Meine Maßnahmen") for c in at.caption)


def test_a_contact_the_plan_does_not_name_gets_a_german_hint_instead_of_an_empty_page():
    unknown = {**NIELS, "kontakt": "Nicht im Plan"}
    at = fortschritt(user="niels", users={"niels": unknown})
    assert not at.exception and not worklist_ids(at)
    assert any("„Nicht im Plan“" in i.value and "Nur meine Maßnahmen" in i.value
               for i in at.info)


def test_a_user_without_a_contact_gets_no_my_measures_toggle():
    at = fortschritt()
    assert not at.toggle


def zeitplan(query: dict) -> AppTest:
    at = app()
    at.switch_page("pages/zeitplan.py")
    at.query_params.update(query)
    return at.run()


def test_the_status_filter_comes_from_the_url_repeated_or_comma_separated():
    for query in ({"status": ["erledigt", "in Arbeit"]}, {"status": "in Arbeit,erledigt"}):
        at = zeitplan(query)
        assert not at.exception and not at.warning
        assert at.multiselect(key="status_filter").value == ["in Arbeit", "erledigt"]
        assert at.query_params["status"] == ["in Arbeit", "erledigt"]


def test_an_unknown_status_in_the_url_is_dropped_with_a_german_notice():
    at = zeitplan({"status": ["erledigt", "<b>kaputt</b>"]})
    assert not at.exception
    assert at.multiselect(key="status_filter").value == ["erledigt"]
    [notice] = [w.value for w in at.warning]
    assert "unbekannt und wurde entfernt" in notice and "kaputt" not in notice


def test_a_chosen_status_is_written_to_the_url_and_removed_again():
    at = zeitplan({})
    at.multiselect(key="status_filter").select("verschoben").run()
    assert at.query_params["status"] in ("verschoben", ["verschoben"])  # one value: a string
    at.multiselect(key="status_filter").unselect("verschoben").run()
    assert "status" not in at.query_params


def test_a_refused_indicator_value_keeps_the_date_and_comment_and_a_saved_one_clears_them(
        app_env):
    at = edit_indicator(page(login(app(), "anna"), "indikatoren.py"), 9)
    at.date_input(key="wert_tag_9_n0").set_value(date(2019, 6, 30))
    at.text_input(key="wert_zahl_9_n0").input("drei")
    at.text_input(key="wert_kommentar_9_n0").input("aus dem Jahresbericht")
    submit(at, "wert-9").click().run()
    assert any("keine Zahl" in e.value for e in at.error)
    assert at.date_input(key="wert_tag_9_n0").value == date(2019, 6, 30)
    assert at.text_input(key="wert_zahl_9_n0").value == "drei"
    assert at.text_input(key="wert_kommentar_9_n0").value == "aus dem Jahresbericht"
    at.text_input(key="wert_zahl_9_n0").input("3")
    submit(at, "wert-9").click().run()
    assert not at.error
    assert at.text_input(key="wert_zahl_9_n1").value == ""  # new, empty fields after a save
    assert at.date_input(key="wert_tag_9_n1").value is None


def test_no_table_on_any_page_shows_none(app_env):
    from werkstatt.commands.progress import record_status, record_value

    con = duckdb.connect(str(app_env))
    record_status(con, 1, "in Arbeit", user="anna")  # no comment
    record_value(con, 9, date(2019, 6, 30), "4", user="anna")  # no comment
    con.close()
    at = login(app(), "chef")
    for name in ("ueberblick.py", "zeitplan.py", "fortschritt.py", "werkzeuge.py", "budget.py",
                 "indikatoren.py", "aenderungen.py", "bearbeiten.py"):
        at = page(at, name)
        if name == "fortschritt.py":
            at.selectbox(key="verlauf_auswahl").select(1).run()
        assert not at.exception, name
        for table in at.dataframe:
            value = table.value
            assert not value.isna().any().any(), (name, value.columns[value.isna().any()])
            assert not value.astype(str).isin(["None", "nan", "NaT"]).any().any(), name


def open_section(at, label: str) -> AppTest:
    """Open a folded section (its table is drawn only while open), as a click would."""
    at.session_state[f"abschnitt_{label}"] = True
    return at.run()


def section_of(at, mid: int) -> str:
    """The label of the worklist section whose editor holds the measure."""
    for key, drawn in at.session_state[EDITORS].items():
        if mid in [row_mid for row_mid, _, _ in drawn]:
            return key.split("_")[1]
    raise AssertionError(f"measure {mid} is not in the worklist")


def test_a_measure_set_to_erledigt_stays_in_its_section_until_reload_or_filter_change(app_env):
    at = fortschritt()
    rows = schedule_of(app_env)
    mid = int(rows.loc[rows["massnahme"] == "Prozessabläufe optimieren", "massnahme_id"].iloc[0])
    assert section_of(at, mid) == "überfällig"
    edit_rows(at, {mid: set_status("erledigt")})
    button(at, "Änderungen speichern").click().run()
    assert not at.exception and not at.error
    # still where it was changed, with its new status: a mis-click is undone right there
    assert section_of(at, mid) == "überfällig" and shown_status(at, mid) == "erledigt"
    button(at, "Neu laden (Änderungen anderer übernehmen)").click().run()
    open_section(at, "erledigt oder entfallen")
    assert section_of(at, mid) == "erledigt oder entfallen"
    edit_rows(at, {mid: set_status("offen")})
    button(at, "Änderungen speichern").click().run()
    assert section_of(at, mid) == "erledigt oder entfallen"  # kept again, now there
    at.sidebar.selectbox(key="handlungsfeld").select("Bildungskette mit Übergängen").run()
    assert section_of(at, mid) == "überfällig"  # another filter choice sorts afresh
