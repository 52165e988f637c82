"""The public mode ([werkstatt] oeffentlich = true) under AppTest: no person's name, comment,
user name or change history on any page or in any download; no login box; a broken secrets
file closes the dashboard."""
from __future__ import annotations

import json
import re

import duckdb
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tests.app.conftest import DASHBOARD
from tests.conftest import person_names_in_plan
from werkstatt.commands import progress

PUBLIC = {"werkstatt": {"oeffentlich": True}}
PAGES = ["ueberblick.py", "zeitplan.py", "fortschritt.py", "werkzeuge.py", "budget.py",
         "indikatoren.py"]
USER = "benutzerin-zoe"  # a user name that must not show
COMMENT = "Rücksprache intern vereinbart"


def person_names(db) -> list[str]:
    con = duckdb.connect(str(db))
    try:
        return person_names_in_plan(con)
    finally:
        con.close()


def all_text(at: AppTest) -> str:
    """Everything a page shows: text elements, tables, chart specs, widget options."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "metric", "text", "exception", "expandable"):
        parts += [str(getattr(e, "value", "")) + str(getattr(e, "label", ""))
                  for e in at.get(kind)]
    parts += [e.value.to_csv() for e in at.dataframe]
    parts += [json.dumps(json.loads(e.proto.spec), ensure_ascii=False)
              for e in at.get("plotly_chart")]
    for box in at.selectbox:
        parts += [box.label] + [str(o) for o in box.options]
    parts += [b.label for b in at.button] + [e.proto.label for e in at.get("download_button")]
    parts += [e.proto.label for e in at.get("page_link")]
    return "\n".join(parts)


def assert_no_names(text: str, names: list[str], where: str) -> None:
    # markdown escapes: "Johanna A\. Baron" is the name too
    readable = text.replace("\\", "").casefold()
    leaked = [n for n in names if n.casefold() in readable]
    assert not leaked, f"{where}: {leaked}"


@pytest.fixture
def downloads(monkeypatch) -> list[bytes]:
    """The bytes of every download button the app creates (AppTest keeps them in memory)."""
    seen: list[bytes] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes):
            seen.append(path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return seen


def public_app(query: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets.update(PUBLIC)
    at.run()
    if page:
        at.switch_page(f"pages/{page}")
        if query:
            at.query_params.update(query)
        at.run()
    return at


def with_progress_by_a_user(db) -> int:
    """A status with a comment by USER on a dated measure; returns its id."""
    con = duckdb.connect(str(db))
    try:
        (mid,) = con.execute("SELECT min(massnahme_id) FROM termin").fetchone()
        progress.record_status(con, mid, "in Arbeit", user=USER, comment=COMMENT,
                               expected_version=0)
    finally:
        con.close()
    return mid


def test_no_person_name_user_name_or_comment_appears_on_any_public_page(app_env, downloads):
    names = person_names(app_env)
    mid = with_progress_by_a_user(app_env)
    hidden = names + [USER, COMMENT]
    for page in PAGES:
        at = public_app(page=page)
        assert not at.exception, page
        assert_no_names(all_text(at), hidden, page)
    tool_ids = [i for (i,) in duckdb.connect(str(app_env)).execute(
        "SELECT id FROM werkzeug ORDER BY id").fetchall()]
    for tool_id in tool_ids:  # every profile: contacts, verbatim contact cells, Beteiligte
        at = public_app({"werkzeug": str(tool_id)}, "werkzeuge.py")
        assert not at.exception
        assert_no_names(all_text(at), hidden, f"Werkzeug {tool_id}")
    at = public_app(page="fortschritt.py")
    at.selectbox(key="verlauf_auswahl").select(mid).run()  # the status history of that measure
    assert "in Arbeit" in all_text(at)
    assert_no_names(all_text(at), hidden, "Verlauf")
    assert downloads, "the Zeitplan offers its CSV"
    for data in downloads:
        assert_no_names(data.decode("utf-8-sig"), hidden, "CSV")


def test_the_public_mode_has_no_login_box_and_no_person_in_the_contact_filter(app_env):
    at = public_app()
    assert not at.exception
    assert not [t for t in at.text_input if t.key in ("login_name", "login_password")]
    assert not [b for b in at.button if "Anmelden" in b.label]
    contacts = at.selectbox(key="kontakt").options
    assert "Stabsstelle „Hilfen im Übergang“" in contacts and "Jugendberufsagentur" in contacts
    assert_no_names("\n".join(contacts), person_names(app_env), "Kontaktfilter")
    # people without a unit: one entry per role, not one "Ansprechperson" for all
    assert {"Ansprechperson", "Ansprechperson vor Ort", "Externe Beratung"} <= set(contacts)


REPEATED = re.compile(r"(?P<role>Ansprechperson vor Ort|Ansprechperson|Externe Beratung) "
                      r"\((?:[^()]*, )?(?P=role)[,)]")


@pytest.mark.parametrize("page", ["zeitplan.py", "fortschritt.py"])
def test_the_public_view_offers_no_excel_file_to_fill_in(app_env, page):
    at = public_app(page=page)
    assert not at.exception
    labels = [e.proto.label for e in at.get("download_button")]
    assert at.dataframe and "Excel-Datei zum Ausfüllen" not in labels, labels


def test_public_contact_labels_do_not_repeat_the_role(app_env):
    at = public_app(page="zeitplan.py")
    assert not at.exception
    labels = "\n".join(at.dataframe[0].value["Kontakte"].astype(str))
    assert "Externe Beratung" in labels and not REPEATED.search(labels), labels
    assert REPEATED.search("Ansprechperson (Ansprechperson, Externe Beratung)")  # the check works


def test_the_public_mode_keeps_units_partners_budgets_and_indicators(app_env):
    at = public_app({"werkzeug": "2"}, "werkzeuge.py")
    text = all_text(at).replace("\\", "")
    assert "Stabsstelle „Hilfen im Übergang“" in text
    assert "Nordfriesland (Ansprechperson vor Ort)" in text  # a local contact: the place stays
    assert "Ansprechperson vor Ort:** Name nicht veröffentlicht (Nordfriesland" in text
    assert "€" in all_text(public_app(page="budget.py"))
    assert at.get("plotly_chart")
    assert public_app(page="indikatoren.py").get("subheader")


def test_admin_pages_are_closed_in_the_public_mode(app_env):
    for page in ("aenderungen.py", "bearbeiten.py", "sicherung.py", "fortschreibung.py"):
        at = public_app(page=page)
        assert not at.exception
        assert not at.dataframe and not at.get("download_button"), page
        assert any("angemeldete Administratoren" in i.value for i in at.info), page


@pytest.mark.parametrize("secrets, detail", [
    ({"werkstatt": {"anmeldung_zum_lesen": "ja"}}, "anmeldung_zum_lesen muss true oder false"),
    ({"werkstatt": {"oeffentlich": 1}}, "oeffentlich muss true oder false"),
    ({"werkstatt": "an"}, "[werkstatt] ist kein Abschnitt"),
    ({"werkstatt": {"oeffentlich": True, "anmeldung_zum_lesen": True}}, "schließen einander aus"),
])
def test_settings_of_the_wrong_kind_close_the_dashboard_with_a_german_message(secrets, detail):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.secrets.update(secrets)
    at.run()
    assert not at.exception
    assert [e.value.replace("\\", "") for e in at.error][0].startswith(
        "Die Einstellungen (secrets.toml) sind fehlerhaft")
    assert detail in at.error[0].value.replace("\\", "")
    assert not at.dataframe and not at.get("plotly_chart") and not at.selectbox


BROKEN_TOML = ['[werkstatt]\nanmeldung_zum_lesen = true\n[[[kaputt',
               '[werkstatt]\nanmeldung_zum_lesen = true\nanmeldung_zum_lesen = false\n',
               '[werkstatt\noeffentlich = true\n', 'anmeldung_zum_lesen = "\n']


@pytest.mark.parametrize("toml", BROKEN_TOML)
def test_a_broken_secrets_file_closes_the_dashboard_for_everyone(tmp_path, monkeypatch, toml):
    from streamlit import config

    broken = tmp_path / "secrets.toml"
    broken.write_text(toml, encoding="utf-8")
    monkeypatch.setattr(config, "get_option", lambda key, _get=config.get_option:
                        [str(broken)] if key == "secrets.files" else _get(key))
    import streamlit as st
    monkeypatch.setattr(st.secrets, "_secrets", None)
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()  # deep links: tests/e2e
    assert not at.exception
    assert at.error and "Die Einstellungen (secrets.toml) sind fehlerhaft" in \
        at.error[0].value.replace("\\", "")
    assert str(tmp_path) not in at.error[0].value  # no path for anonymous visitors
    assert not at.dataframe and not at.get("plotly_chart") and not at.selectbox
    assert not at.text_input  # no login box either


def test_the_public_view_follows_a_write_made_elsewhere(app_env):
    at = public_app(page="fortschritt.py")
    mid = with_progress_by_a_user(app_env)  # another connection writes after the first run
    at.run()
    at.selectbox(key="verlauf_auswahl").select(mid).run()
    history = at.dataframe[-1].value
    assert list(history["Status"]) == ["in Arbeit"]
    assert_no_names(history.to_csv(), [USER, COMMENT], "Verlauf nach dem Schreiben")


def test_without_the_public_mode_the_same_collection_finds_the_names(app_env):
    """The control for the tests above: all_text does see names when they are shown."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("pages/werkzeuge.py")
    at.query_params.update({"werkzeug": "2"})
    at.run()
    with pytest.raises(AssertionError):
        assert_no_names(all_text(at), person_names(app_env), "Werkzeug 2")
    assert at.text_input(key="login_name")  # and the login box is there


@pytest.mark.parametrize("kontakt", ["Niels Buck", "Johanna A. Baron", "Frau Dümchen"])
def test_a_link_filtering_by_a_person_is_refused_in_the_public_mode(app_env, kontakt):
    at = public_app({"kontakt": kontakt}, "zeitplan.py")
    assert not at.exception
    assert any("Kontakt" in w.value for w in at.warning)  # reset to all, said in German
    assert at.selectbox(key="kontakt").value == "alle"
    assert_no_names(all_text(at), person_names(app_env), kontakt)


def test_a_unit_filter_works_in_the_public_mode_and_finds_its_peoples_werkzeuge(app_env):
    # Corinna Viyo's Werkzeuge are found through her unit, the Jugendberufsagentur
    at = public_app({"kontakt": "Jugendberufsagentur"}, "zeitplan.py")
    assert not at.exception and not at.warning
    tools = set(at.dataframe[0].value["Werkzeug"])
    assert "Jugendberufsagentur" in tools


def test_reasons_and_staende_name_no_person_or_user_in_the_public_view(app_env):
    from werkstatt.commands import edits, staende

    names = person_names(app_env)
    con = duckdb.connect(str(app_env))
    try:
        tid, mid = con.execute("SELECT id, massnahme_id FROM termin ORDER BY id LIMIT 1"
                               ).fetchone()
        edits.change_termin(con, tid, "2019-12-01", "2019-12-31", "meilenstein", user=USER,
                            grund=f"laut {names[0]} erst im Dezember")
        staende.create_stand(con, "Sachstand Juni 2019", user=USER)
    finally:
        con.close()
    for page in ("zeitplan.py", "staende.py", "plancheck.py", "ueberblick.py"):
        at = public_app(page=page)
        assert not at.exception, page
        text = all_text(at)
        assert_no_names(text, names + [USER], page)
    assert "erst im Dezember" in all_text(public_app(page="zeitplan.py"))
    at = public_app(page="fortschritt.py")
    at.selectbox(key="verlauf_auswahl").select(mid).run()
    assert "1× verschoben, zuletzt: laut" in all_text(at).replace("\\", "")
    assert_no_names(all_text(at), names + [USER], "Verlauf")
