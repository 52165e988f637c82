"""Where a command may write its output file (`--out`): never over the plan or its secrets.

Refused, whatever --force says: a path that is (after following links, or as a hard link to
the same file) the database, its WAL, the secrets file, or anything inside the backup folder
or the read copy. An existing file of another kind (a PDF output over a spreadsheet, …) is
replaced only with --force.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from werkstatt.errors import ValidationError
from werkstatt.store import backup, snapshot

DEFAULT_SECRETS = Path(".streamlit/secrets.toml")
# how a file of each output kind begins, and its name for messages
KINDS: dict[str, tuple[tuple[bytes, ...], str]] = {
    ".pdf": ((b"%PDF-",), "PDF"),
    ".xlsx": ((b"PK\x03\x04",), "Excel"),
    ".pptx": ((b"PK\x03\x04",), "PowerPoint"),
    ".docx": ((b"PK\x03\x04",), "Word"),
    ".ics": ((b"BEGIN:VCALENDAR", b"\xef\xbb\xbfBEGIN:VCALENDAR"), "Kalender"),
    ".txt": ((b"Werkstattplan ",), "Werkstattplan-Text"),
}


@dataclass(frozen=True)
class Protected:
    files: tuple[Path, ...]
    folders: tuple[Path, ...]


def protected(db: Path, secrets: Iterable[Path] = ()) -> Protected:
    """What no output may touch: the database with its WAL, the secrets files, the backup
    folder and the read copy of `db`."""
    db = Path(db)
    return Protected(
        files=(db, db.with_name(db.name + ".wal"), DEFAULT_SECRETS, *map(Path, secrets)),
        folders=(backup.backup_root(db), snapshot.snapshot_root(db)))


def check(target: Path, kind: str, guard: Protected, *, force: bool = False) -> Path:
    """`target` if an output of `kind` (".pdf", …) may be written there; else a German
    ValidationError that says why. Reads only; creates nothing."""
    target = Path(target)
    shown = KINDS[kind][1]
    if target.is_dir():
        raise ValidationError(f"{target} ist ein Ordner. Bitte eine Datei angeben, z. B. "
                              f"{target / ('ausgabe' + kind)}; nichts geschrieben.")
    resolved = target.resolve()
    for file in guard.files:
        if resolved == file.resolve() or _same_file(target, file):
            raise _refused(target, file)
    for folder in guard.folders:
        folder = folder.resolve()
        if resolved == folder or folder in resolved.parents or _hard_link_into(target, folder):
            raise ValidationError(f"{target} liegt im Ordner {folder}, der Sicherungen oder die "
                                  "Lesekopie des Plans enthält. Bitte einen anderen Ort "
                                  "wählen; nichts geschrieben.")
    if target.exists() and not force and not _is_kind(target, kind):
        raise ValidationError(f"{target} gibt es schon, und es ist keine {shown}-Datei. Mit "
                              "--force wird die Datei ersetzt; nichts geschrieben.")
    return target


def _refused(target: Path, file: Path) -> ValidationError:
    return ValidationError(f"{target} ist {file} (die Datenbank, ihr WAL oder die "
                           "Secrets-Datei); sie würde überschrieben. Bitte eine andere "
                           "Zieldatei angeben; nichts geschrieben.")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _same_file(target: Path, file: Path) -> bool:
    """A hard link (or any other name) of `file`: the same device and inode."""
    mine = _identity(target)
    return mine is not None and mine == _identity(file)


def _hard_link_into(target: Path, folder: Path) -> bool:
    mine = _identity(target)
    if mine is None or not folder.is_dir():
        return False
    return any(_identity(Path(top) / name) == mine
               for top, _, names in os.walk(folder) for name in names)


def _is_kind(path: Path, kind: str) -> bool:
    starts = KINDS[kind][0]
    try:
        with path.open("rb") as file:
            head = file.read(max(len(start) for start in starts))
    except OSError:
        return False
    return any(head.startswith(start) for start in starts)
