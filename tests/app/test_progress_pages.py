"""AppTest: login, roles, the Fortschritt worklist, plan edits and the change history."""
from datetime import date

import bcrypt
import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import DASHBOARD
from werkstatt.views import worklist

PASSWORD = "richtiges-passwort"
HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
USERS = {"anna": {"role": "bearbeiter", "password_hash": HASH},
         "chef": {"role": "admin", "password_hash": HASH},
         "leo": {"role": "leser", "password_hash": HASH}}


def app(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets["werkstatt_users"] = USERS
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    return at.run()


def login(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return button(at, "Anmelden").click().run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def submit(at: AppTest, form_key: str):
    """The submit button of one form (several forms share a label)."""
    return next(b for b in at.button if b.proto.form_id == form_key)


def page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"pages/{name}")
    return at.run()


def test_the_right_password_logs_in_and_shows_the_role():
    at = login(app(), "anna")
    assert not at.exception
    assert any("anna" in m.value and "bearbeiter" in m.value for m in at.sidebar.markdown)


def test_a_wrong_password_shows_a_german_error_and_stays_logged_out():
    at = login(app(), "anna", "falsch")
    assert [e.value.replace("\\", "") for e in at.sidebar.error] == [
        "Benutzername oder Passwort falsch."]
    assert not any("Angemeldet" in m.value for m in at.sidebar.markdown)


def test_five_wrong_passwords_lock_the_account():
    at = app()
    for _ in range(5):
        login(at, "anna", "falsch")
    login(at, "anna")
    assert any("gesperrt" in e.value for e in at.sidebar.error)
    assert not any("Angemeldet" in m.value for m in at.sidebar.markdown)


def test_without_login_the_worklist_is_read_only():
    at = page(app(), "fortschritt.py")
    assert not at.exception
    assert any("anmelden" in i.value for i in at.info)
    assert not worklist_ids(at) and not at.data_editor
    assert at.dataframe and len(at.dataframe[0].value) > 0


def test_a_reader_cannot_write():
    at = page(login(app(), "leo"), "fortschritt.py")
    assert not worklist_ids(at) and not at.data_editor
    at = page(at, "bearbeiten.py")
    assert any("Administratoren" in i.value for i in at.info)
    at = page(at, "indikatoren.py")
    assert not at.toggle and not [b for b in at.button if b.label == "Messwert speichern"]


def edit_indicator(at, indikator_id: int):
    """Switch on "Bearbeiten" of one indicator: its forms are drawn."""
    return at.toggle(key=f"bearbeiten_{indikator_id}").set_value(True).run()


def test_an_admin_gets_the_forms_of_the_indicator_being_edited_only():
    at = page(login(app(), "chef"), "indikatoren.py")
    toggles = [t for t in at.toggle if t.label == "Bearbeiten"]
    assert len(toggles) == len(at.subheader) > 1 and not any(t.value for t in toggles)
    assert not at.main.text_input and not at.main.date_input  # none until one is edited
    edit_indicator(at, 9)
    assert {b.label for b in at.button} >= {"Messwert speichern", "Basis und Ziel speichern"}
    assert {t.key for t in at.main.text_input} == {"wert_zahl_9_n0", "wert_kommentar_9_n0",
                                                   "basis_9_v1", "ziel_9_v1"}


EDITORS = "_worklist_editors"  # pages/fortschritt.py: editor key -> drawn rows


def worklist_ids(at) -> list[int]:
    """Measure ids of the worklist editors' rows, in page order (none without the form)."""
    editors = at.session_state.get(EDITORS, {})
    return [mid for drawn in editors.values() for mid, _, _ in drawn]


def shown_status(at, mid: int) -> str:
    """The status a measure's row of the worklist editor shows."""
    for editor in at.data_editor:
        drawn = at.session_state[EDITORS].get(editor.key, [])
        for position, (row_mid, _, _) in enumerate(drawn):
            if row_mid == mid:
                return editor.value[worklist.STATUS].iloc[position]
    raise AssertionError(f"measure {mid} is not in the worklist")


def edit_rows(at, changes: dict[int, dict[str, str]]):
    """Edit worklist rows as the browser sends it: {massnahme_id: {column: value}} becomes
    each editor's edited_rows by row position (AppTest seeds a keyed editor's state)."""
    for key, drawn in at.session_state[EDITORS].items():
        rows = {str(i): changes[mid] for i, (mid, _, _) in enumerate(drawn) if mid in changes}
        if rows:
            at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at


def set_status(status: str, comment: str | None = None) -> dict[str, str]:
    return {worklist.STATUS: status} | ({worklist.NEW_COMMENT: comment} if comment else {})


def comment_only(comment: str) -> dict[str, str]:
    return {worklist.NEW_COMMENT: comment}


def test_a_logged_in_user_updates_several_measures_in_one_go(app_env):
    at = page(login(app(), "anna"), "fortschritt.py")
    first, second, third = worklist_ids(at)[:3]
    edit_rows(at, {first: set_status("erledigt", "fertig im Oktober"),
                   second: set_status("in Arbeit"), third: set_status("offen")})  # unchanged
    button(at, "Änderungen speichern").click().run()
    assert not at.exception and not at.error
    assert any("Gespeichert" in s.value for s in at.success)
    con = duckdb.connect(str(app_env))
    saved = con.execute("SELECT massnahme_id, status, kommentar FROM fortschritt "
                        "ORDER BY massnahme_id").fetchall()
    assert saved == sorted([(first, "erledigt", "fertig im Oktober"),
                            (second, "in Arbeit", None)])
    assert shown_status(at, first) == "erledigt" and shown_status(at, second) == "in Arbeit"
    assert con.execute("SELECT benutzer FROM fortschritt").fetchall() == [("anna",), ("anna",)]


def test_a_write_through_another_connection_reaches_a_running_session_on_its_next_run(app_env):
    from werkstatt.commands.progress import record_status

    def status_of_pflege(at) -> list[str]:
        return [status for table in at.dataframe for title, status in zip(
            table.value["Maßnahme"], table.value["Status"], strict=True)
            if title == "Pflege der Datenbank"]

    at = page(app(), "fortschritt.py")
    assert status_of_pflege(at) == ["offen"]
    con = duckdb.connect(str(app_env))  # not through the app: only the database knows of it
    record_status(con, 1, "erledigt", user="bert")  # Pflege der Datenbank
    con.close()
    at.run()
    assert status_of_pflege(at) == ["erledigt"]


def test_logins_change_no_data_version_and_read_no_table_again(monkeypatch):
    from werkstatt.views import queries

    at = page(app(), "zeitplan.py")
    version = at.session_state["_data_state"][0]
    reads = []
    real_schedule = queries.schedule
    monkeypatch.setattr(queries, "schedule", lambda con: reads.append(1) or real_schedule(con))
    at = page(login(login(at, "anna", "falsch"), "anna"), "zeitplan.py")
    assert any("Angemeldet" in m.value for m in at.sidebar.markdown)
    assert at.session_state["_data_state"][0] == version
    assert reads == []  # the cached schedule served every run


def test_a_form_saved_over_a_newer_edit_is_refused_with_the_newer_value(app_env):
    from werkstatt.commands.progress import record_status

    at = page(login(app(), "anna"), "fortschritt.py")
    mid = worklist_ids(at)[0]
    con = duckdb.connect(str(app_env))  # someone else saves in between
    record_status(con, mid, "entfallen", user="bert", comment="gestrichen")
    con.close()
    edit_rows(at, {mid: set_status("erledigt")})
    button(at, "Änderungen speichern").click().run()
    errors = [e.value for e in at.error]
    assert errors and "bert" in errors[0] and "„entfallen“" in errors[0]
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT status FROM fortschritt WHERE massnahme_id = ? ORDER BY version "
                       "DESC LIMIT 1", [mid]).fetchone() == ("entfallen",)


def test_the_change_history_lists_writes_and_failed_logins_and_exports_csv():
    at = login(app(), "anna", "falsch")
    at = login(at, "anna")
    at = page(at, "fortschritt.py")
    edit_rows(at, {worklist_ids(at)[0]: set_status("erledigt")})
    button(at, "Änderungen speichern").click().run()
    at.button(key="logout").click().run()
    at = page(login(at, "chef"), "aenderungen.py")
    table = at.dataframe[0].value
    assert {"Anmeldung fehlgeschlagen", "Anmeldung"} <= set(table["Änderung"])
    assert [change for change in table["Änderung"] if change.startswith("Status von „")
            and change.endswith("“: offen → erledigt")]
    assert set(table["Bereich"]) == {"Anmeldung", "Status"}
    assert at.get("download_button")
    at.selectbox(key="ae_benutzer").select("anna").run()
    assert set(at.dataframe[0].value["Benutzer"]) == {"anna"}


def test_the_change_history_is_for_admins_only():
    at = page(app(), "aenderungen.py")
    assert any("Administratoren" in i.value for i in at.info) and not at.dataframe
    at = page(login(at, "anna"), "aenderungen.py")
    assert any("Administratoren" in i.value for i in at.info) and not at.dataframe


def test_an_admin_adds_and_removes_a_measure_and_brings_it_back(app_env):
    at = page(login(app(), "chef"), "bearbeiten.py")
    at.text_input(key="neu_titel_n0").input("Neue Pressemitteilung")
    button(at, "Maßnahme anlegen").click().run()
    assert not at.exception and not at.error
    con = duckdb.connect(str(app_env))
    mid = con.execute("SELECT id FROM massnahme WHERE titel = 'Neue Pressemitteilung'"
                      ).fetchone()[0]
    con.close()
    submit(at, f"entfernen_{mid}").click().run()  # without a Grund: refused
    assert any("Grund" in e.value for e in at.error)
    at.text_input(key=f"rm_grund_{mid}").input("doppelt angelegt")
    submit(at, f"entfernen_{mid}").click().run()
    assert any(b.key == f"restore_{mid}" for b in at.button)
    next(b for b in at.button if b.key == f"restore_{mid}").click().run()
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT entfernt_am FROM massnahme WHERE id = ?",
                       [mid]).fetchone() == (None,)


def test_a_bearbeiter_enters_an_indicator_value_and_sees_it_against_the_target(app_env):
    at = edit_indicator(page(login(app(), "anna"), "indikatoren.py"), 9)
    at.date_input(key="wert_tag_9_n0").set_value(date(2019, 6, 30))
    at.text_input(key="wert_zahl_9_n0").input("4")
    submit(at, "wert-9").click().run()
    assert not at.exception
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT indikator_id, wert, benutzer FROM messwert").fetchall() == [
        (9, 4.0, "anna")]
    figures = [f for f in at.get("plotly_chart")]
    assert figures, "a chart of values against the target"


@pytest.mark.parametrize("value, message", [("viele", "keine Zahl")])
def test_a_bad_indicator_value_gets_a_german_message_and_nothing_is_saved(app_env, value, message):
    at = edit_indicator(page(login(app(), "anna"), "indikatoren.py"), 9)
    at.date_input(key="wert_tag_9_n0").set_value(date(2019, 6, 30))
    at.text_input(key="wert_zahl_9_n0").input(value)
    submit(at, "wert-9").click().run()
    assert any(message in e.value for e in at.error)
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT count(*) FROM messwert").fetchone() == (0,)


def test_viewing_can_be_configured_to_require_a_login():
    at = app({"werkstatt": {"anmeldung_zum_lesen": True}})
    assert any("melden Sie sich in der Seitenleiste an" in i.value for i in at.info)
    assert not at.metric
    at = login(at, "leo")
    assert at.metric


def test_an_identity_provider_offers_its_own_login_button():
    at = app({"auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                       "cookie_secret": "x" * 32, "client_id": "id", "client_secret": "s",
                       "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}})
    assert any(b.label == "Mit Dienstkonto anmelden" for b in at.button)


def test_an_admin_corrects_a_date_and_the_schedule_shows_it(app_env):
    con = duckdb.connect(str(app_env))
    tid = con.execute("SELECT id FROM termin WHERE rohmarke = '[Progress bar from 1 to 7]'"
                      ).fetchone()[0]
    con.close()
    at = page(login(app(), "chef"), "bearbeiten.py")
    at.selectbox(key="edit_werkzeug").select(3).run()  # Jugendberufsagentur
    at.date_input(key=f"te_{tid}_v1").set_value(date(2019, 9, 30))
    submit(at, f"termin_aendern_{tid}").click().run()  # without a Grund: refused
    assert [e.value for e in at.error if "Grund" in e.value]
    at.text_input(key=f"tg_{tid}_v1").input("Förderbescheid kam später")
    submit(at, f"termin_aendern_{tid}").click().run()
    assert not at.exception and not at.error
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT beginn, ende FROM termin WHERE id = ?", [tid]).fetchone() == (
        date(2019, 1, 1), date(2019, 9, 30))
    assert con.execute("SELECT aktion FROM aenderung WHERE tabelle = 'termin'").fetchone() == (
        "geändert",)
    assert con.execute("SELECT grund, benutzer FROM verschiebung").fetchall() == [
        ("Förderbescheid kam später", "chef")]


def test_plan_editing_is_for_admins_only():
    at = page(login(app(), "anna"), "bearbeiten.py")
    assert any("Administratoren" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Maßnahme anlegen"]


def test_saving_other_rows_never_touches_a_row_someone_else_changed(app_env):
    from werkstatt.commands.progress import record_status

    at = page(login(app(), "anna"), "fortschritt.py")
    first, second = worklist_ids(at)[:2]
    con = duckdb.connect(str(app_env))
    record_status(con, first, "in Arbeit", user="bert", comment="läuft")
    con.close()
    edit_rows(at, {second: comment_only("nur hier")})
    button(at, "Änderungen speichern").click().run()
    assert not at.error
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT benutzer, status FROM fortschritt WHERE massnahme_id = ? "
                       "ORDER BY version DESC LIMIT 1", [first]).fetchone() == ("bert",
                                                                                "in Arbeit")
    con.close()
    # after "Neu laden" the row shows bert's status, and saving another row leaves it alone
    button(at, "Neu laden (Änderungen anderer übernehmen)").click().run()
    assert shown_status(at, first) == "in Arbeit"
    edit_rows(at, {second: comment_only("noch einmal")})
    button(at, "Änderungen speichern").click().run()
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT count(*) FROM fortschritt WHERE massnahme_id = ?",
                       [first]).fetchone() == (1,)


def test_a_conflict_shows_the_newer_state_in_the_form_afterwards(app_env):
    from werkstatt.commands.progress import record_status

    at = page(login(app(), "anna"), "fortschritt.py")
    mid = worklist_ids(at)[0]
    con = duckdb.connect(str(app_env))
    record_status(con, mid, "verschoben", user="bert")
    con.close()
    assert shown_status(at.run(), mid) == "offen"  # the row stays as drawn until saved
    edit_rows(at, {mid: set_status("erledigt")})
    button(at, "Änderungen speichern").click().run()
    assert any("bert" in e.value for e in at.error)
    assert shown_status(at, mid) == "verschoben"


def test_a_colleagues_comment_in_a_conflict_message_cannot_inject_a_link(app_env):
    from werkstatt.commands.progress import record_status

    at = page(login(app(), "anna"), "fortschritt.py")
    mid = worklist_ids(at)[0]
    con = duckdb.connect(str(app_env))
    record_status(con, mid, "verschoben", user="bert",
                  comment="[neu anmelden](https://evil.example) ![](https://evil.example/p.png)")
    con.close()
    edit_rows(at, {mid: set_status("erledigt")})
    button(at, "Änderungen speichern").click().run()
    message = next(e.value for e in at.error if "bert" in e.value)
    assert "](https" not in message and "\\[neu anmelden\\]" in message


def test_an_admin_form_saved_over_a_newer_edit_shows_the_newer_title(app_env):
    from werkstatt.commands.edits import rename_massnahme

    at = page(login(app(), "chef"), "bearbeiten.py")
    con = duckdb.connect(str(app_env))
    rename_massnahme(con, 1, "Pflege der Datenbank (neu)", user="bert")
    con.close()
    at.text_input(key="titel_1_text_v1").input("Mein Titel")
    submit(at, "titel_1").click().run()
    assert any("Pflege der Datenbank (neu)" in e.value.replace("\\", "") for e in at.error)
    assert at.text_input(key="titel_1_text_v2").value == "Pflege der Datenbank (neu)"
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT titel FROM massnahme WHERE id = 1").fetchone() == (
        "Pflege der Datenbank (neu)",)


def test_the_schedule_colours_and_filters_by_status_and_the_overview_counts_it(app_env):
    import json

    from werkstatt.commands.progress import record_status
    from werkstatt.outputs.charts import STATUS_COLORS

    con = duckdb.connect(str(app_env))
    record_status(con, 1, "erledigt", user="anna")  # Pflege der Datenbank, Praxispool
    con.close()
    at = page(app(), "zeitplan.py")
    at.multiselect(key="status_filter").select("erledigt").run()
    table = at.dataframe[0].value
    assert list(table["Maßnahme"]) == ["Pflege der Datenbank"] and list(table["Status"]) == [
        "erledigt"]
    [chart] = at.get("plotly_chart")
    traces = [t for t in json.loads(chart.proto.spec)["data"] if t.get("customdata")]
    colours = {c for t in traces for c in t["marker"]["color"]}
    assert colours == {STATUS_COLORS["erledigt"]}
    at = page(at, "ueberblick.py")
    summary = at.dataframe[0].value.set_index("Handlungsfeld")
    assert summary.loc["Bildungskette mit Übergängen", "erledigt"] == 1
    assert summary["überfällig"].sum() > 0
