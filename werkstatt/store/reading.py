"""Opening the plan to read it, from the command line: never a write to the file.

The file is opened read-only and never migrated; a file of an older schema version is read
through an in-memory copy with today's schema. While the dashboard holds the file (DuckDB
lets no other process open it), the server's read copy is read instead, or else the newest
backup, and the note says which one and from when.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from werkstatt.errors import DatabaseBusyError, NoPlanError, StoreError
from werkstatt.store import backup, loader, schema, snapshot
from werkstatt.store.connection import connect


@dataclass
class Reading:
    con: duckdb.DuckDBPyConnection
    note: str | None = None  # where the data come from, if not the file itself

    def close(self) -> None:
        self.con.close()


def open_for_reading(db: Path) -> Reading:
    db = Path(db)
    try:
        con = connect(db, read_only=True)
    except DatabaseBusyError as busy:
        return _from_copy(db, busy)
    try:
        version = schema.schema_version(con)
        if 0 < version < schema.latest_version():
            con.close()
            con = loader.open_current_copy(db, version)
        elif version > schema.latest_version():
            raise StoreError(f"Die Datenbank {db} stammt aus einer neueren Programmversion "
                             f"(Schema {version}); bitte das Programm aktualisieren.")
        loader.check_holds_plan(con, f"Die Datenbank {db}")
    except NoPlanError:
        con.close()
        raise NoPlanError(f"Die Datenbank {db} enthält keinen Werkstattplan (leere oder fremde "
                          "DuckDB-Datei). Erst „python -m werkstatt init“ ausführen; die Datei "
                          "wurde nicht verändert.") from None
    except BaseException:
        con.close()
        raise
    return Reading(con)


def _from_copy(db: Path, busy: DatabaseBusyError) -> Reading:
    """The read copy, else the newest backup; the server may replace its copy meanwhile, so
    a copy that vanished while loading is looked up once more."""
    for _attempt in range(2):
        copy = snapshot.newest(db)
        if copy is not None:
            what = f"die Lesekopie des Dashboards vom {backup.made_at(copy):%d.%m.%Y %H:%M} Uhr"
        else:
            copy = backup.newest_backup(backup.backup_root(db))
            if copy is None:
                raise DatabaseBusyError(
                    f"{busy} Ersatzweise wird die Lesekopie oder die neueste Sicherung gelesen, "
                    f"aber neben {db} gibt es keine.") from busy
            what = (f"die neueste Sicherung {copy.name} vom "
                    f"{backup.made_at(copy):%d.%m.%Y %H:%M} Uhr")
        try:
            con = loader.open_folder(copy)
        except StoreError:
            if copy.exists():
                raise
            continue
        return Reading(con, f"Hinweis: Die Datenbank {db} wird gerade benutzt (läuft das "
                            f"Dashboard?); gelesen wird {what}.")
    raise busy
