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
