"""The running server keeps a read copy of its database current for the command line: written
shortly after each change (one copy for a burst of saves), complete before it replaces the
previous one, and read by the same data-only loader as a backup (issue 15, section 6)."""
from __future__ import annotations

import time

from tests.app.test_progress_pages import (
    app,
    button,
    edit_rows,
    login,
    page,
    set_status,
    worklist_ids,
)
from werkstatt.store import background, loader, snapshot


def newest_status_in_copy(db, mid: int) -> str | None:
    copy = snapshot.newest(db)
    if copy is None:
        return None
    con = loader.open_folder(copy)
    try:
        found = con.execute("SELECT status FROM fortschritt WHERE massnahme_id = ? ORDER BY "
                            "version DESC LIMIT 1", [mid]).fetchone()
    finally:
        con.close()
    return found[0] if found else None


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_save_reaches_the_read_copy_shortly_after(app_env):
    at = page(login(app(), "anna"), "fortschritt.py")
    assert wait_for(lambda: snapshot.newest(app_env) is not None)  # the copy of the start
    first = worklist_ids(at)[0]
    edit_rows(at, {first: set_status("erledigt", "für die Lesekopie")})
    button(at, "Änderungen speichern").click().run()
    assert not at.exception and not at.error
    time.sleep(background.DEBOUNCE)  # written a moment after the last save, not during it
    assert wait_for(lambda: newest_status_in_copy(app_env, first) == "erledigt")
    copies = [p for p in snapshot.snapshot_root(app_env).iterdir()]
    assert len(copies) == 1  # the previous copy is gone, no half-written one is left
