"""Shared test setup: AppTest in navigation mode, the plan database, the CI skip guard."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pages._ui.navigation import keep_navigation_mode_under_apptest

ROOT = Path(__file__).resolve().parents[1]
keep_navigation_mode_under_apptest()  # why: see pages/_ui/navigation.py


# --- database fixtures ----------------------------------------------------------------------
@pytest.fixture(scope="session")
def plan_db(tmp_path_factory) -> Path:
    """The DuckDB file built once per session from data/werkstattplan_2019.txt.
    Do not write to it."""
    from werkstatt.store.importer import (
        build_database,  # imported late: collection works without it
    )

    path = tmp_path_factory.mktemp("plan_db") / "werkstattplan.duckdb"
    build_database(path)
    return path


def copy_database(source: Path, target_dir: Path) -> Path:
    """Copy the .duckdb file and its .wal (a file without its WAL loses committed rows)."""
    target = target_dir / source.name
    shutil.copy2(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + ".wal"))
    return target


@pytest.fixture
def app_env(plan_db, tmp_path, monkeypatch) -> Path:
    """A private copy of the plan database, announced to the app through WERKSTATT_DB.

    Each test gets its own path, so st.cache_resource (keyed on the path) never hands one
    test's connection to the next.
    """
    path = copy_database(plan_db, tmp_path)
    monkeypatch.setenv("WERKSTATT_DB", str(path))
    return path


def plan_2020_document(target: Path) -> Path:
    """A 2020 Werkstattplan of the same county: the shipped document one year on (its 2020
    becomes 2021, its 2019 2020), Stand 15.01.2020."""
    from werkstatt.ingest.plan import SOURCE_DOCUMENT  # imported late, as above

    text = SOURCE_DOCUMENT.read_text(encoding="utf-8").replace("2020", "2021")
    text = text.replace("(Stand:2019_01_30)", "(Stand:2019_01_15)").replace("2019", "2020")
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def two_plans_db(tmp_path_factory) -> Path:
    """A database with the 2019 plan and, added with init --hinzufuegen's function, a 2020
    plan of the same county (plan_2020_document). Do not write to it."""
    from werkstatt.store.importer import add_plan, build_database

    folder = tmp_path_factory.mktemp("two_plans")
    path = folder / "werkstattplan.duckdb"
    build_database(path)
    add_plan(path, plan_2020_document(folder / "werkstattplan_2020.txt"))
    return path


@pytest.fixture
def two_plans_env(two_plans_db, tmp_path, monkeypatch) -> Path:
    """A private copy of the two-plan database, announced to the app through WERKSTATT_DB."""
    target = tmp_path / "zwei"
    target.mkdir()
    path = copy_database(two_plans_db, target)
    monkeypatch.setenv("WERKSTATT_DB", str(path))
    return path


# --- CI: a skipped test is a failure ----------------------------------------------------------
# A browser test that silently skips (no chromium, missing package) would leave CI green while
# testing nothing, so with CI set any skip turns the exit status into 1.
_skipped: list[str] = []  # node ids; one pytest session per process


def pytest_runtest_logreport(report):
    # an xfail also reports as skipped but carries `wasxfail`: it is a deliberate outcome
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


# a module-level pytest.skip()/importorskip() skips at collection and never reaches logreport
pytest_collectreport = pytest_runtest_logreport


def pytest_sessionfinish(session, exitstatus):
    # 5 = "no tests collected": a module skipped at import leaves nothing to run
    if os.environ.get("CI") and _skipped and exitstatus in (0, 5):
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if os.environ.get("CI") and _skipped:
        terminalreporter.section("CI: skipped tests count as failures", red=True, bold=True)
        for nodeid in _skipped:
            terminalreporter.write_line(f"SKIPPED in CI: {nodeid}")
        terminalreporter.write_line("Exit status set to 1: no test may be skipped when CI is set.")


ADDRESSES = ("Herr", "Herrn", "Frau", "Dr.", "Prof.")


def person_names_in_plan(con) -> list[str]:
    """Every name of a person in the plan, decided apart from the code under test: contacts of
    kind Person, outside parties named with a form of address ("Herr Dr. Zeitler"), the
    aliases of both, and each surname after every form of address ("Herrn Zeitler",
    "Frau Baron")."""
    people = ("SELECT id, name FROM kontakt WHERE art = 'Person' OR (art = 'Extern' AND "
              "(name LIKE 'Herr %' OR name LIKE 'Frau %' OR name LIKE 'Dr. %'))")
    rows = con.execute(f"SELECT name FROM ({people}) UNION SELECT a.alias FROM kontakt_alias a "
                       f"JOIN ({people}) p ON p.id = a.kontakt_id").fetchall()
    names = {name for (name,) in rows if name.strip()}
    surnames = {name.split()[-1] for name in names}
    names |= {f"{address} {surname}" for address in ADDRESSES for surname in surnames}
    assert len(names) >= 10  # the plan names people: a test would prove nothing otherwise
    return sorted(names)


# --- a small plan for rules that must break exactly once ------------------------------------
SMALL_PLAN_SQL = """
INSERT INTO plan (id, titel, kreis, jahr, stand, einleitung, quelle)
    VALUES (1, 'Testplan', 'Kreis Test', 2019, DATE '2019-01-30', NULL, 'test');
INSERT INTO ziel VALUES (1, 1, 'übergeordnet', 'Inhalt', 'Oberziel', 1),
                        (2, 1, 'konkretisiert', 'Inhalt', 'Konkretes Ziel', 1);
INSERT INTO handlungsfeld VALUES (1, 1, 'Feld A', NULL, 1);
INSERT INTO werkzeug (id, plan_id, handlungsfeld_id, name, budget_text, position)
    VALUES (1, 1, 1, 'Werkzeug A', '1.000 €', 1), (2, 1, 1, 'Werkzeug B', '500 €', 2);
INSERT INTO werkzeug_jahr VALUES (1, 2019), (2, 2019);
INSERT INTO kontakt VALUES (1, 'Anna Muster', 'Person', NULL);
INSERT INTO werkzeug_kontakt VALUES (1, 1, 'Ansprechperson', NULL, 'Blatt'),
                                    (2, 1, 'Ansprechperson', NULL, 'Blatt');
INSERT INTO budget_posten VALUES (1, 1, 1000, 1000, 'einmalig', NULL, 'Betrag', false, '1.000 €'),
                                 (2, 2, 500, 500, 'einmalig', NULL, 'Betrag', false, '500 €');
INSERT INTO massnahme (id, werkzeug_id, titel, position, version)
    VALUES (1, 1, 'Auftakt', 1, 1), (2, 1, 'Workshop', 2, 1), (3, 2, 'Bericht', 1, 1);
INSERT INTO termin (id, massnahme_id, beginn, ende, art, ungefaehr, rohmarke, deutung) VALUES
    (1, 1, DATE '2019-02-01', DATE '2019-02-28', 'meilenstein', false, 'X', 'X in Monat 2'),
    (2, 2, DATE '2019-05-01', DATE '2019-06-30', 'zeitraum', false, 'X X', 'X in 5 bis 6'),
    (3, 3, DATE '2019-12-01', DATE '2019-12-31', 'meilenstein', false, 'X', 'X in Monat 12');
INSERT INTO fortschritt (massnahme_id, status, kommentar, benutzer, erfasst_am, version) VALUES
    (1, 'erledigt', NULL, 'anna', TIMESTAMP '2019-12-15 10:00', 1),
    (2, 'erledigt', NULL, 'anna', TIMESTAMP '2019-12-01 10:00', 1),
    (3, 'in Arbeit', NULL, 'anna', TIMESTAMP '2019-12-01 10:00', 1);
INSERT INTO indikator (id, plan_id, schluessel, werkzeug_id, handlungsfeld_id, name, art,
                       basiswert, zielwert, zitat, position) VALUES
    (1, 1, 'i1', 1, 1, 'Quote A', 'Zielindikator', 10, 20, 'Zitat', 1),
    (2, 1, 'i2', 2, 1, 'Zahl B', 'Kontextzahl', 5, NULL, 'Zitat', 2);
INSERT INTO ziel_werkzeug VALUES (2, 1);
"""


def build_small_plan():
    """An in-memory plan with two Werkzeuge and three measures that no Plancheck rule finds
    fault with at the Stichtag 31.12.2019 (two measures erledigt, one in Arbeit in December),
    its Beschluss written as the import writes it."""
    import duckdb

    from werkstatt.store import schema
    from werkstatt.store.baseline import write_beschluss

    con = duckdb.connect(":memory:")
    schema.migrate(con)
    con.execute(SMALL_PLAN_SQL)
    write_beschluss(con, 1)
    return con


@pytest.fixture
def small_plan():
    con = build_small_plan()
    yield con
    con.close()
