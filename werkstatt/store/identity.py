"""Is the server's database file still the one it opened?

A running server keeps its connection to the file it opened. If that file is deleted, its
data live on only in the open connection: saves would be confirmed and lost at the next
start. If it is replaced (restored, copied over), the server would write into the old one.
So the server records the file's identity (device and inode) when it opens it and compares
it with what the path names now, before every write and on every page run (one stat call).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from werkstatt.errors import DatabaseGoneError
from werkstatt.store import backup, snapshot


@dataclass(frozen=True)
class FileIdentity:
    path: Path
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path | str) -> FileIdentity:
        found = os.stat(path)
        return cls(Path(path), found.st_dev, found.st_ino)

    def problem(self) -> str | None:
        """None while the path still names the opened file; else what happened, in German."""
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return (f"Die Datenbankdatei {self.path} fehlt, seit das Dashboard sie geöffnet hat "
                    "(gelöscht oder verschoben). Es wird nichts mehr gespeichert. Bitte das "
                    "Dashboard beenden und die Datenbank wiederherstellen: „python -m "
                    "werkstatt restore“.")
        if (now.st_dev, now.st_ino) != (self.device, self.inode):
            return (f"Die Datenbankdatei {self.path} wurde durch eine andere Datei ersetzt (z. B. "
                    "wiederhergestellt), seit das Dashboard sie geöffnet hat. Es wird nichts "
                    "mehr gespeichert. Bitte das Dashboard neu starten.")
        return None

    def check(self) -> None:
        """DatabaseGoneError (German) if the file is gone or replaced."""
        problem = self.problem()
        if problem:
            raise DatabaseGoneError(problem)


def refuse_missing_with_backups(db_path: Path) -> None:
    """At a start without the database file: if backups or a read copy of it exist, the plan
    had data, and building a fresh plan would hide them. Raises DatabaseGoneError saying how
    to restore; returns when there is nothing (a first start may build the plan)."""
    db_path = Path(db_path)
    backups = backup.list_backups(backup.backup_root(db_path))
    copy = snapshot.newest(db_path)
    if not backups and copy is None:
        return
    newest = (f"die neueste vom {backup.made_at(backups[-1]):%d.%m.%Y %H:%M} Uhr" if backups
              else "keine Sicherung, aber eine Lesekopie")
    raise DatabaseGoneError(
        f"Die Datenbank {db_path} fehlt, es gibt aber {len(backups)} Sicherung(en) davon "
        f"({newest}). Damit kein neuer, leerer Plan die gespeicherten Daten verdeckt, baut das "
        "Dashboard keinen neuen. Bitte die Datenbank wiederherstellen: „python -m werkstatt "
        f"restore --db {db_path}“ (nimmt die neueste Sicherung; eine andere: ihren Ordner "
        "angeben), dann die Seite neu laden. Einen neuen Plan aus dem Dokument baut nur "
        f"„python -m werkstatt init --db {db_path}“.")
