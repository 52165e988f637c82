"""The Sicherung page (admins) and the nightly backup inside the running server."""
from __future__ import annotations

import io
import threading
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pages._ui import backups as server_backups
from tests.app.test_progress_pages import app, login, page
from werkstatt.store import backup


def backups(db: Path) -> list[Path]:
    settle()
    return backup.list_backups(backup.backup_root(db))


def settle() -> None:
    """Wait for the backups the server makes beside the pages (start, nightly)."""
    for thread in threading.enumerate():
        if thread.name == "Sicherung":
            thread.join(timeout=60)


def age_all_backups(db: Path, hours: int) -> None:
    """Make every backup look `hours` old (renamed as made then)."""
    for found in backups(db):
        stamp = (datetime.now() - timedelta(hours=hours)).strftime("%Y%m%d-%H%M%S-%f")
        found.rename(found.with_name(f"sicherung-{stamp}"))


@pytest.mark.parametrize("user", [None, "leo", "anna"])
def test_the_backup_page_is_for_admins_only(user):
    at = app()
    if user:
        at = login(at, user)
    at = page(at, "sicherung.py")
    assert not at.exception
    assert any("angemeldete Administratoren" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Sicherung jetzt"]
    assert not at.get("download_button") and not at.dataframe


def test_an_admin_backs_up_now_and_sees_it_listed_with_its_time(app_env):
    at = page(login(app(), "chef"), "sicherung.py")
    before = backups(app_env)
    assert len(before) == 1  # the server's start backup
    next(b for b in at.button if b.label == "Sicherung jetzt").click().run()
    assert not at.exception
    after = backups(app_env)
    assert len(after) == 2
    made = after[-1]
    message = at.success[0].value
    assert made.name in message and "Uhr" in message
    assert made.name in set(at.dataframe[0].value["Sicherung"])
    assert len(at.dataframe[0].value) == 2
    button = at.get("download_button")[0]
    assert button.proto.label.startswith("Neueste Sicherung herunterladen (ZIP")
    with zipfile.ZipFile(io.BytesIO(backup.zip_bytes(made))) as archive:
        assert f"{made.name}/schema.sql" in archive.namelist()


@pytest.mark.parametrize("problem, german", [
    (duckdb.IOException("No space left on device"), "Datenträger voll"),
    (duckdb.IOException("Permission denied"), "Keine Schreibrechte"),
    (duckdb.InternalException("etwas anderes"), "lässt sich nicht verwenden")])
def test_a_failed_backup_gets_a_german_message_and_the_page_stays(app_env, monkeypatch, problem,
                                                                  german):
    at = page(login(app(), "chef"), "sicherung.py")

    def export_fails(con, root):
        raise problem

    monkeypatch.setattr(backup, "_export", export_fails)
    next(b for b in at.button if b.label == "Sicherung jetzt").click().run()
    assert not at.exception
    assert at.error and not at.success
    assert german in at.error[0].value.replace("\\", "")
    assert len(at.dataframe[0].value) == 1  # the start backup, nothing else listed


def test_a_due_nightly_backup_is_made_once_by_the_next_run(app_env):
    at = app()
    assert len(backups(app_env)) == 1
    age_all_backups(app_env, 25)
    at.run()
    assert len(backups(app_env)) == 2
    for _ in range(3):  # not due any more: no further backup
        at.run()
    assert len(backups(app_env)) == 2
    age_all_backups(app_env, 23)
    at.run()
    assert len(backups(app_env)) == 2


def test_two_sessions_never_both_make_the_nightly_backup(app_env, monkeypatch):

    app()  # the connection and its start backup
    age_all_backups(app_env, 25)
    started = threading.Barrier(4)
    calls: list[Path] = []
    slow = backup.backup_now

    def counted(con, db_path, keep=backup.KEEP):
        calls.append(db_path)
        return slow(con, db_path, keep)

    monkeypatch.setattr(backup, "backup_now", counted)

    def session() -> None:
        started.wait()
        server_backups.nightly_backup()

    threads = [threading.Thread(target=session) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(backups(app_env)) == 2
