"""The server notices when its database file is deleted or replaced under it: every page says
so, every save is refused; a start without the file but with backups of it builds no new plan
and says how to restore (issue 14, HIGH 4)."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import streamlit as st

from tests.app.test_backup_page import backups, settle
from tests.app.test_progress_pages import (
    app,
    button,
    edit_rows,
    login,
    page,
    set_status,
    worklist_ids,
)
from werkstatt.store import backup


def remove(db: Path) -> None:
    db.unlink()
    db.with_name(db.name + ".wal").unlink(missing_ok=True)


def texts(at) -> str:
    return "\n".join(e.value.replace("\\", "") for e in [*at.error, *at.success, *at.info])


def test_a_save_after_the_file_was_deleted_is_refused_and_every_page_says_so(app_env):
    at = page(login(app(), "anna"), "fortschritt.py")
    first = worklist_ids(at)[0]
    settle()
    remove(app_env)
    at.run()
    assert "fehlt, seit das Dashboard sie geöffnet hat" in texts(at)
    edit_rows(at, {first: set_status("erledigt", "nach dem Löschen")})
    button(at, "Änderungen speichern").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Es wird nichts mehr gespeichert" in shown and "Gespeichert" not in shown
    assert not app_env.exists()


def test_a_save_into_a_replaced_file_is_refused(app_env, tmp_path):
    at = page(login(app(), "anna"), "fortschritt.py")
    first = worklist_ids(at)[0]
    settle()
    replacement = tmp_path / "ersatz.duckdb"
    shutil.copy2(app_env, replacement)
    replacement.replace(app_env)  # e.g. a restore while the server runs
    edit_rows(at, {first: set_status("erledigt")})
    button(at, "Änderungen speichern").click().run()
    assert not at.exception
    assert "durch eine andere Datei ersetzt" in texts(at)
    check = tmp_path / "pruefung.duckdb"  # this process still has the old file open by name
    shutil.copy2(app_env, check)
    con = duckdb.connect(str(check), read_only=True)
    assert con.execute("SELECT count(*) FROM fortschritt").fetchone() == (0,)
    con.close()


def test_a_restart_without_the_file_but_with_backups_builds_nothing_and_says_how_to_restore(
        app_env):
    app()
    assert backups(app_env)  # the start backup
    remove(app_env)
    st.cache_resource.clear()  # what a restart of the server does
    at = app()
    assert not at.exception
    message = texts(at)
    assert "fehlt, es gibt aber 1 Sicherung(en)" in message
    assert "python -m werkstatt restore" in message and "init" in message
    assert not at.metric and not at.dataframe
    assert not app_env.exists()  # no new, empty plan over the saved data


def test_a_first_start_without_file_and_backups_builds_the_plan(tmp_path, monkeypatch):
    db = tmp_path / "neu" / "werkstattplan.duckdb"
    monkeypatch.setenv("WERKSTATT_DB", str(db))
    at = app()
    assert not at.exception and at.metric
    assert db.exists()
    settle()
    assert backup.list_backups(backup.backup_root(db))


def test_a_date_far_outside_the_plan_breaks_no_page(app_env):
    """A Termin in 9999 (stored by another tool; the import and the forms refuse it)."""
    con = duckdb.connect(str(app_env))
    con.execute("UPDATE termin SET ende = DATE '9999-12-31' WHERE id = 1")
    con.close()
    for name in ("ueberblick.py", "zeitplan.py", "fortschritt.py", "werkzeuge.py",
                 "praesentation.py"):
        at = page(app(), name)
        assert not at.exception, name
