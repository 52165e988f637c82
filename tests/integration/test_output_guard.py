"""`--out` never destroys the plan: every command that writes a file refuses the database, its
WAL, the secrets file and anything in the backup folder or the read copy, also through a
symbolic or hard link; an existing file of another kind is replaced only with --force; outputs
are 0644 (issue 14 HIGH 2, issue 15 section 6)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import duckdb
import pytest

from tests.integration.test_backup import fingerprint, werkstatt
from werkstatt.store import backup, snapshot

WRITERS = {  # command -> (arguments before --out, kind)
    "handout": (["handout"], ".pdf"),
    "excel export": (["excel", "export"], ".xlsx"),
    "ical": (["ical", "--kontakt", "Niels Buck"], ".ics"),
}


@pytest.fixture
def place(db, tmp_path, monkeypatch):
    """The working folder with a secrets file, a backup and a read copy of `db`."""
    monkeypatch.chdir(tmp_path)
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text('[werkstatt]\noeffentlich = false\n')
    con = duckdb.connect(str(db))
    made = backup.backup(con, backup.backup_root(db))
    copy = snapshot.write(con, db)
    con.execute("CREATE TABLE wal_probe AS SELECT 1 AS x")  # leaves a WAL beside the file
    con.close()
    return {"secrets": secrets, "backup": made, "copy": copy}


def targets(db: Path, place: dict, tmp_path: Path) -> dict[str, Path]:
    wal = db.with_name(db.name + ".wal")
    wal.touch()
    symlink = tmp_path / "verweis.pdf"
    symlink.symlink_to(db)
    hardlink = tmp_path / "zweiter-name.pdf"
    os.link(db, hardlink)
    backup_hardlink = tmp_path / "auch.pdf"
    os.link(place["backup"] / "plan.parquet", backup_hardlink)
    return {"Datenbank": db, "WAL": wal, "Secrets": place["secrets"],
            "relative Secrets": Path(".streamlit/secrets.toml"),
            "in einer Sicherung": place["backup"] / "plan.parquet",
            "neu im Sicherungsordner": backup.backup_root(db) / "neu.pdf",
            "in der Lesekopie": place["copy"] / "werkzeug.parquet",
            "Verweis auf die Datenbank": symlink, "harter Link auf die Datenbank": hardlink,
            "harter Link in eine Sicherung": backup_hardlink}


def snapshot_of(paths: list[Path]) -> dict[Path, bytes | None]:
    return {p: p.read_bytes() if p.exists() else None for p in paths}


@pytest.mark.parametrize("command", list(WRITERS))
def test_no_output_goes_over_the_database_its_wal_a_backup_or_the_secrets(db, tmp_path, place,
                                                                           command):
    before = fingerprint(db)
    words, _ = WRITERS[command]
    aims = targets(db, place, tmp_path)
    contents = snapshot_of(list(aims.values()) + [db])
    for name, target in aims.items():
        code, _, err = werkstatt(*words, "--db", db, "--out", target, "--force")
        assert code == 1, (name, err)
        assert err.startswith("Fehler:") and "nichts geschrieben" in err, (name, err)
        assert "Traceback" not in err
    assert snapshot_of(list(aims.values()) + [db]) == contents
    assert fingerprint(db) == before


@pytest.mark.parametrize("command", ["excel export", "ical"])
def test_an_existing_file_of_another_kind_is_replaced_only_with_force(db, tmp_path, command):
    words, kind = WRITERS[command]
    notes = tmp_path / f"notizen{kind}"
    notes.write_text("Meine Notizen, kein Export\n")
    code, _, err = werkstatt(*words, "--db", db, "--out", notes)
    assert code == 1 and "--force" in err and "nichts geschrieben" in err
    assert notes.read_text() == "Meine Notizen, kein Export\n"
    code, _, err = werkstatt(*words, "--db", db, "--out", notes, "--force")
    assert code == 0, err
    assert notes.read_bytes()[:4] in (b"PK\x03\x04", b"BEGI")
    code, _, err = werkstatt(*words, "--db", db, "--out", notes)  # now its own kind
    assert code == 0, err
    assert stat.S_IMODE(notes.stat().st_mode) == 0o644


def test_the_handout_replaces_its_own_pdf_and_is_0644(db, tmp_path):
    target = tmp_path / "handout.pdf"
    for _ in range(2):
        code, _, err = werkstatt("handout", "--db", db, "--out", target)
        assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize("command", list(WRITERS))
def test_out_at_a_folder_names_the_folder(db, tmp_path, command):
    words, _ = WRITERS[command]
    folder = tmp_path / "ausgaben"
    folder.mkdir()
    code, _, err = werkstatt(*words, "--db", db, "--out", folder)
    assert code == 1 and f"{folder} ist ein Ordner" in err and "Datenbank" not in err
    assert list(folder.iterdir()) == []


def test_out_in_a_folder_without_rights_says_so_and_names_the_file(db, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    from werkstatt.store import files
    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    target = tmp_path / "kalender.ics"
    code, _, err = werkstatt("ical", "--db", db, "--kontakt", "Niels Buck", "--out", target)
    assert code == 1 and f"Keine Schreibrechte für {target}" in err
    assert "Permission denied" not in err and not target.exists()


def test_user_add_never_writes_its_secrets_over_the_database(db, tmp_path):
    from tests.integration.test_auth import user_add

    before = db.read_bytes()
    run = user_add(db, "anna")
    assert run.returncode == 1 and "keine UTF-8-Textdatei" in run.stderr.decode()
    assert db.read_bytes() == before
