"""The plans of one file: which is the newest (every default), which one a year names."""
from __future__ import annotations

import duckdb

from werkstatt.errors import FilterValueError
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
