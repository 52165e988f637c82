"""The plans of one file: which is the newest (every default), which one a year names."""
from __future__ import annotations

import duckdb

from werkstatt.errors import FilterValueError, ReadOnlyPlanError
from werkstatt.store.schema import one_row

NEWEST = "(SELECT id FROM plan ORDER BY jahr DESC, id DESC LIMIT 1)"


def newest(con: duckdb.DuckDBPyConnection) -> int:
    return one_row(con, f"SELECT {NEWEST}")[0]


def of_year(con: duckdb.DuckDBPyConnection, jahr: int | None) -> int:
    """The id of the plan of `jahr` (the newest of that year), without a year the newest; a
    year the file holds no plan of raises FilterValueError (German, naming the plans there)."""
    if jahr is None:
        return newest(con)
    found = con.execute("SELECT id FROM plan WHERE jahr = ? ORDER BY id DESC LIMIT 1",
                        [jahr]).fetchall()
    if not found:
        years = ", ".join(str(y) for (y,) in con.execute(
            "SELECT DISTINCT jahr FROM plan ORDER BY jahr").fetchall())
        raise FilterValueError(f"Einen Plan {jahr} gibt es in der Datenbank nicht (vorhanden: "
                               f"{years or 'keiner'}); nichts geschrieben.")
    return found[0][0]


# the plan a written record belongs to, by the table its change is logged under
_PLAN_OF_RECORD = {
    "werkzeug": "SELECT plan_id FROM werkzeug WHERE id = ?",
    "ziel_werkzeug": "SELECT plan_id FROM werkzeug WHERE id = ?",
    "massnahme": "SELECT w.plan_id FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id "
                 "WHERE m.id = ?",
    "fortschritt": "SELECT w.plan_id FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id "
                   "WHERE m.id = ?",
    "termin": "SELECT w.plan_id FROM termin t JOIN massnahme m ON m.id = t.massnahme_id "
              "JOIN werkzeug w ON w.id = m.werkzeug_id WHERE t.id = ?",
    "indikator": "SELECT plan_id FROM indikator WHERE id = ?",
    "messwert": "SELECT i.plan_id FROM messwert v JOIN indikator i ON i.id = v.indikator_id "
                "WHERE v.id = ?",
    "stand": "SELECT plan_id FROM stand WHERE id = ? AND id <> 0",
}


def plan_of_record(con: duckdb.DuckDBPyConnection, table: str, record_id: int | None,
                   values: dict | None = None) -> int | None:
    """The plan of a record a write changes (a deleted Termin: by its measure, kept in the
    logged values); None where the table belongs to no plan (users, logins)."""
    sql = _PLAN_OF_RECORD.get(table)
    found = con.execute(sql, [record_id]).fetchall() if sql and record_id is not None else []
    if not found and isinstance(values, dict) and values.get("massnahme_id") is not None:
        found = con.execute(_PLAN_OF_RECORD["massnahme"], [values["massnahme_id"]]).fetchall()
    return found[0][0] if found else None


def successor(con: duckdb.DuckDBPyConnection, plan_id: int) -> tuple[int, int] | None:
    """(the plan's year, its successor's year) once it has been carried forward, else None."""
    found = con.execute("SELECT p.jahr, n.jahr FROM plan p JOIN plan n ON n.vorgaenger_id = p.id "
                        "WHERE p.id = ? ORDER BY n.id LIMIT 1", [plan_id]).fetchall()
    return found[0] if found else None


def read_only_reason(con: duckdb.DuckDBPyConnection, plan_id: int | None) -> str | None:
    """Why nothing may be written to the plan (German), None while it may."""
    found = None if plan_id is None else successor(con, plan_id)
    if found is None:
        return None
    return (f"Der Plan {found[0]} ist in den Plan {found[1]} fortgeschrieben und kann nur noch "
            "gelesen werden")


def check_writable(con: duckdb.DuckDBPyConnection, plan_id: int | None) -> None:
    """ReadOnlyPlanError (German) for a write to a plan carried forward."""
    if (reason := read_only_reason(con, plan_id)) is not None:
        raise ReadOnlyPlanError(f"{reason}; es wurde nichts gespeichert.")
