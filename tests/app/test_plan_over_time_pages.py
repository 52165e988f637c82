"""AppTest: Plancheck, Beschluss und Stände, the Zeitplan's comparison and the Überblick's
Termintreue, findings and goals."""
from __future__ import annotations

import duckdb

from tests.app.conftest import run_page
from tests.app.test_progress_pages import app, login, page, submit
from werkstatt.commands import edits
from werkstatt.views.plancheck import RULES


def shown(at) -> list[str]:
    """The page's Markdown as read (without the escapes that keep plan text plain)."""
    return [m.value.replace("\\", "") for m in at.markdown]


def moved(app_env) -> tuple[int, str]:
    """Move the first Termin of the plan two months later, with a Grund; (its measure, title)."""
    con = duckdb.connect(str(app_env))
    tid, mid, title = con.execute("SELECT t.id, m.id, m.titel FROM termin t JOIN massnahme m "
                                  "ON m.id = t.massnahme_id WHERE t.beginn = DATE '2019-09-01' "
                                  "AND t.ende = DATE '2019-09-30' ORDER BY t.id LIMIT 1"
                                  ).fetchone()
    edits.change_termin(con, tid, "2019-11-01", "2019-11-30", "meilenstein", user="chef",
                        grund="Referentin erst im November frei")
    con.close()
    return mid, title


def test_the_plancheck_lists_every_rule_with_its_count_and_links_where_it_is_fixed():
    at = run_page("plancheck.py")
    assert not at.exception
    counts = at.dataframe[0].value
    assert list(counts["Kennung"]) == list(RULES)
    total = int(counts["Befunde"].sum())
    assert at.metric[0].value == str(total) and total > 0
    links = at.get("page_link")
    assert any(link.proto.page.endswith("werkzeuge") or "werkzeuge" in link.proto.page
               for link in links)
    assert any("indikatoren" in link.proto.page for link in links)


def test_the_ueberblick_shows_termintreue_the_findings_and_goals_without_werkzeug():
    at = run_page("ueberblick.py", {"stichtag": "2019-06-30"})
    assert not at.exception
    labels = {m.label: m.value for m in at.metric}
    assert labels["Termintreue laut Beschluss: erledigt von fällig"].endswith("(0 %)")
    assert int(labels["Plancheck: Befunde"]) > 0
    assert any("noch kein Werkzeug zugeordnet" in m for m in shown(at))


def test_the_ueberblick_says_nothing_is_due_yet_instead_of_zero_percent():
    at = run_page("ueberblick.py", {"stichtag": "2019-01-01"})
    labels = {m.label: m.value for m in at.metric}
    assert labels["Termintreue laut Beschluss: erledigt von fällig"] == "noch nichts fällig"


def test_a_goal_linked_on_plan_bearbeiten_shows_its_werkzeug_on_the_ueberblick(app_env):
    at = page(login(app(), "chef"), "bearbeiten.py")
    at.multiselect(key="ziele_1_v1").select(10)  # in a form: sent with the submit
    submit(at, "werkzeug_ziele").click().run()
    assert not at.exception and not at.error
    at = page(at, "ueberblick.py")
    assert any("Praxispool: 0 von 4 Maßnahmen erledigt" in m for m in shown(at))


def test_the_zeitplan_compares_with_the_beschluss_and_shows_the_shift_and_its_reason(app_env):
    mid, title = moved(app_env)
    at = run_page("zeitplan.py", {"vergleich": "beschluss"})
    assert not at.exception
    assert any("seit Beschluss: 0 neu, 0 entfallen, 1 verschoben" in m for m in shown(at))
    table = next(df.value for df in at.dataframe if "laut Beschluss" in df.value.columns)
    row = table.set_index("Maßnahme").loc[title]
    assert (row["laut Beschluss"], row["jetzt"], row["Verschiebung (Monate)"]) == (
        "Sep 2019", "Nov 2019", "+2")
    assert row["Grund"] == "1× verschoben, zuletzt: Referentin erst im November frei"
    ghosts = [t for fig in (el.proto.spec for el in at.get("plotly_chart"))
              for t in __import__("json").loads(fig)["data"] if t.get("name") == "laut Beschluss"]
    assert len(ghosts) == 1 and len(ghosts[0]["y"]) == 1  # one thin bar: the moved measure
    marks = [(y, m) for fig in (el.proto.spec for el in at.get("plotly_chart"))
             for t in __import__("json").loads(fig)["data"] if t.get("customdata")
             for y, (m,) in zip(t["y"], t["customdata"], strict=True)]  # today's bars, marks
    nearest = min(marks, key=lambda mark: abs(ghosts[0]["y"][0] - mark[0]))
    assert nearest[1] == mid and nearest[0] < ghosts[0]["y"][0]  # just under the moved one


def test_nur_geaenderte_keeps_only_the_moved_measure(app_env):
    _, title = moved(app_env)
    at = run_page("zeitplan.py", {"vergleich": "beschluss", "geaendert": "1"})
    assert not at.exception and at.toggle(key="geaendert").value
    table = next(df.value for df in at.dataframe if "laut Beschluss" in df.value.columns)
    assert list(table["Maßnahme"]) == [title]


def test_an_unknown_stand_in_the_address_falls_back_to_the_beschluss_with_a_notice():
    at = run_page("zeitplan.py", {"vergleich": "99"})
    assert not at.exception
    assert any("Vergleich mit" in w.value for w in at.warning)
    assert at.selectbox(key="vergleich").value == "beschluss"


def test_an_admin_freezes_a_stand_and_the_zeitplan_can_compare_with_it(app_env):
    at = page(login(app(), "chef"), "staende.py")
    at.text_input(key="stand_name_0").input("Sachstand Juni 2019")
    at.text_input(key="stand_ds_0").input("DS 2019/42")
    submit(at, "stand_anlegen").click().run()
    assert not at.exception and not at.error
    assert any("Sachstand Juni 2019" in m and "DS 2019/42" in m for m in shown(at))
    con = duckdb.connect(str(app_env))
    assert con.execute("SELECT id, name, drucksache, angelegt_von FROM stand WHERE id > 0"
                       ).fetchall() == [(1, "Sachstand Juni 2019", "DS 2019/42", "chef")]
    con.close()
    at = run_page("zeitplan.py", {"vergleich": "1"})
    assert at.selectbox(key="vergleich").value == "1"
    assert any("seit Sachstand Juni 2019: 0 neu" in m for m in shown(at))


def test_a_bearbeiter_sees_the_staende_but_cannot_freeze_one():
    at = page(login(app(), "anna"), "staende.py")
    assert not at.exception
    assert any("Beschluss 30.01.2019" in m for m in shown(at))
    assert not [b for b in at.button if b.label == "Stand einfrieren"]


def test_fortschritt_shows_how_often_a_measure_was_moved_and_the_last_reason(app_env):
    mid, _ = moved(app_env)
    at = run_page("fortschritt.py")
    at.selectbox(key="verlauf_auswahl").select(mid).run()
    assert not at.exception
    assert any("1× verschoben, zuletzt: Referentin erst im November frei" in m
               for m in shown(at))


def test_the_zeitplan_details_of_a_moved_measure_name_its_shifts(app_env):
    mid, _ = moved(app_env)
    at = run_page("zeitplan.py")
    at.selectbox(key="massnahme_auswahl").select(mid).run()
    assert any("1× verschoben, zuletzt: Referentin erst im November frei" in m
               for m in shown(at))


def slide_titled(title: str) -> object:
    """The presentation's slide with this title (walked from slide 1)."""
    at = run_page("praesentation.py", {"folie": "1"})
    for _ in range(40):
        if at.title and at.title[0].value.replace("\\", "") == title:
            return at
        at.button(key="weiter").click().run()
    raise AssertionError(f"no slide {title!r}")


def test_the_presentation_shows_what_changed_since_the_beschluss_with_the_reason(app_env):
    _, title = moved(app_env)
    at = slide_titled("Was sich seit dem Beschluss geändert hat")  # one part: one slide
    assert not at.exception
    table = at.table[0].value
    assert list(table.columns) == ["Maßnahme", "laut Beschluss", "jetzt",
                                   "Verschiebung (Monate)", "Grund"]
    table = table.map(lambda cell: str(cell).replace("\\", ""))  # as shown: no Markdown escapes
    row = table.set_index("Maßnahme").loc[title]
    assert (row["laut Beschluss"], row["jetzt"], row["Verschiebung (Monate)"]) == (
        "Sep 2019", "Nov 2019", "+2")
    assert row["Grund"] == "1× verschoben, zuletzt: Referentin erst im November frei"
    assert any("seit Beschluss: 0 neu, 0 entfallen, 1 verschoben" in m for m in shown(at))


def test_the_presentations_status_slide_names_the_termintreue():
    at = run_page("praesentation.py", {"folie": "2", "stichtag": "2019-01-01"})
    assert any("Termintreue laut Beschluss:" in m and "alle: noch nichts fällig" in m
               for m in shown(at))


def test_a_plancheck_link_opens_plan_bearbeiten_on_its_werkzeug(app_env):
    con = duckdb.connect(str(app_env))
    new = edits.add_massnahme(con, 5, "Nachlauf", user="chef")
    edits.add_termin(con, new, "2020-03-01", "2020-03-31", "meilenstein", user="chef")
    con.close()  # a Termin outside the plan year: fixed on Plan bearbeiten
    at = run_page("plancheck.py")
    links = [link for link in at.get("page_link") if "bearbeiten" in link.proto.page
             and "werkzeug=" in link.proto.query_string]
    assert links
    wanted = links[0].proto.query_string.split("werkzeug=")[1]
    at = login(app(), "chef")
    at.switch_page("pages/bearbeiten.py")
    at.query_params["werkzeug"] = wanted
    at.run()
    assert not at.exception
    assert at.selectbox(key="edit_werkzeug").value == int(wanted)
