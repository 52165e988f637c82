"""Measured values from elsewhere: a CSV or Excel file of statistics or a partner's sheet.

Columns `Indikator` (number or exact name), `Stichtag` (TT.MM.JJJJ or JJJJ-MM-TT), `Wert`
(German 1.234,5 or 1234.5) and optionally `Kommentar`. Two steps, as for the Excel round trip:
`read_entries` checks the whole file and writes nothing (any problem refuses the file with a
German message naming each bad line); `apply_entries` saves all values in one transaction,
or none. Workbooks pass the Excel import's checks (size, zip bomb, macros, formulas) first.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

import duckdb
import pandas as pd

from werkstatt import formats, vocab
from werkstatt.commands.inputs import (
    check_comment,
    check_upload,
    csv_rows,
    header_columns,
    parse_day,
    parse_number,
    pick_cells,
    whole_number,
)
from werkstatt.commands.progress import append_value
from werkstatt.commands.workbooks import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    check_archive,
    formulas,
    open_workbook,
    refuse_if,
)
from werkstatt.errors import ValidationError
from werkstatt.store import plans
from werkstatt.store.schema import one_row
from werkstatt.store.transaction import check_user, transaction
from werkstatt.views.queries import plan_period

SOURCE = "Messwert-Import"
INDICATOR, DAY, VALUE, COMMENT = "Indikator", "Stichtag", "Wert", "Kommentar"
REQUIRED = (INDICATOR, DAY, VALUE)
PREVIEW_COLUMNS = ["Zeile", INDICATOR, DAY, VALUE, COMMENT]
FILE_TYPES = ("csv", "xlsx")
Cells = dict[str, object]  # column -> raw cell (text from a CSV; text, number, date from Excel)


@dataclass(frozen=True)
class Entry:
    """One checked value of the file, with its line for the preview."""
    line: int
    indikator_id: int
    indikator: str
    stichtag: date
    wert: float
    kommentar: str | None

    def describe(self) -> str:
        comment = f" ({self.kommentar})" if self.kommentar else ""
        return (f"Zeile {self.line}: „{self.indikator}“ am {formats.day(self.stichtag)}: "
                f"{formats.number(self.wert, 4)}{comment}")


def read_entries(con: duckdb.DuckDBPyConnection, data: bytes, filename: str,
                 plan_id: int | None = None) -> list[Entry]:
    """The values a file brings for the indicators of the plan `plan_id` (default: the
    newest); raises ValidationError (German, naming the lines) and writes nothing."""
    data = check_upload(data, MAX_UPLOAD_BYTES)
    kind = PurePath(filename).suffix.lower().lstrip(".")
    if kind == "csv":
        rows = read_csv(data)
    elif kind == "xlsx":
        rows = read_xlsx(data)
    else:
        raise ValidationError(f"„{PurePath(filename).name[:80]}“ ist weder eine CSV-Datei "
                              "(.csv) noch eine Excel-Arbeitsmappe (.xlsx).")
    return check_entries(con, rows, plan_id)


def read_csv(data: bytes) -> list[tuple[int, Cells]]:
    """The rows of a UTF-8 CSV (separator ; , or tab, read from the header line) by line."""
    rows: list[tuple[int, Cells]] = []
    columns: dict[str, int] | None = None
    for line, cells in csv_rows(data):
        if columns is None:
            columns = header_columns(cells, line, REQUIRED, (COMMENT,), _missing_header())
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(f"Die Datei hat mehr als {MAX_ROWS} Zeilen.")
        rows.append((line, pick_cells(cells, columns)))
    if columns is None:
        raise ValidationError(_missing_header())
    return rows


def read_xlsx(data: bytes) -> list[tuple[int, Cells]]:
    """The rows of the first sheet of a workbook, after the Excel import's checks."""
    check_archive(data)
    workbook = open_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # the sheet's XML part (openpyxl keeps its path privately; pinned version)
            refuse_if(formulas(archive.read(sheet._worksheet_path), sheet.title))
        sheet.reset_dimensions()  # a declared huge used range pads no rows
        rows: list[tuple[int, Cells]] = []
        columns: dict[str, int] | None = None
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True),
                                        start=1):
            cells = list(values)
            if all(cell is None or (isinstance(cell, str) and not cell.strip())
                   for cell in cells):
                continue
            if columns is None:
                columns = header_columns(cells, number, REQUIRED, (COMMENT,),
                                         _missing_header())
                continue
            if len(rows) >= MAX_ROWS:
                raise ValidationError(f"Die Arbeitsmappe hat mehr als {MAX_ROWS} Zeilen.")
            rows.append((number, pick_cells(cells, columns)))
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, IndexError):
        raise ValidationError("Die Arbeitsmappe lässt sich nicht lesen; die Datei ist "
                              "beschädigt.") from None
    except Exception:  # noqa: BLE001 - broken XML inside a sheet fails in openpyxl in many ways
        raise ValidationError("Das erste Blatt der Arbeitsmappe lässt sich nicht lesen; die "
                              "Datei ist beschädigt.") from None
    finally:
        workbook.close()
    if columns is None:
        raise ValidationError(_missing_header())
    return rows


def _missing_header() -> str:
    return ("Die Datei hat keine Kopfzeile mit den Spalten " + ", ".join(REQUIRED)
            + f" (und wahlweise {COMMENT}).")


def check_entries(con: duckdb.DuckDBPyConnection, rows: Iterable[tuple[int, Cells]],
                  plan_id: int | None = None) -> list[Entry]:
    """Every row checked against the plan: a known target indicator of it, a day in the
    plan's years, a number, no value already stored or twice in the file."""
    plan_id = plans.newest(con) if plan_id is None else plan_id
    plans.check_writable(con, plan_id)  # a plan carried forward takes no values
    indicators = {int(i): (name, art) for i, name, art in con.execute(
        "SELECT id, name, art FROM indikator WHERE plan_id = ?", [plan_id]).fetchall()}
    by_name = {name: i for i, (name, _) in indicators.items()}
    first, last = plan_period(con, plan_id)
    stored = {(int(i), day): (value, user) for i, day, value, user in con.execute(
        "SELECT indikator_id, stichtag, wert, benutzer FROM messwert").fetchall()}
    errors: list[str] = []
    entries: list[Entry] = []
    seen: dict[tuple[int, date], int] = {}
    for line, cells in rows:
        problems: list[str] = []
        indikator_id = _indicator(cells.get(INDICATOR), indicators, by_name, problems)
        day = _day(cells.get(DAY), first, last, problems)
        value = _value(cells.get(VALUE), problems)
        comment = _comment(cells.get(COMMENT), problems)
        if indikator_id is not None and day is not None and not problems:
            name = indicators[indikator_id][0]
            if (indikator_id, day) in stored:
                old, user = stored[(indikator_id, day)]
                problems.append(f"für „{name}“ ist am {formats.day(day)} schon der Wert "
                                f"{formats.number(old, 4)} gespeichert (von {user}).")
            elif (indikator_id, day) in seen:
                problems.append(f"„{name}“ am {formats.day(day)} steht schon in Zeile "
                                f"{seen[(indikator_id, day)]}.")
            seen.setdefault((indikator_id, day), line)
        errors += [f"Zeile {line}: {problem}" for problem in problems]
        if not problems and indikator_id is not None and day is not None and value is not None:
            entries.append(Entry(line, indikator_id, indicators[indikator_id][0], day, value,
                                 comment))
    refuse_if(errors)
    if not entries:
        raise ValidationError("Die Datei enthält keine Messwerte (nur die Kopfzeile).")
    return entries


def _indicator(raw, indicators: dict[int, tuple[str, str]], by_name: dict[str, int],
               problems: list[str]) -> int | None:
    if raw is None:
        problems.append("ohne Indikator.")
        return None
    found = whole_number(raw)
    if found is None and isinstance(raw, str):
        found = by_name.get(" ".join(raw.split()))
    if found is None or found not in indicators:
        problems.append(f"den Indikator „{str(raw)[:80]}“ gibt es nicht (Nummer oder genauer "
                        "Name wie auf der Seite Indikatoren).")
        return None
    name, art = indicators[found]
    if art == vocab.CONTEXT_FIGURE:
        problems.append(f"„{name}“ ist eine Kontextzahl des Plans: sie beschreibt die "
                        "Ausgangslage und bekommt keine Messwerte.")
        return None
    return found


def _day(raw, first: date, last: date, problems: list[str]) -> date | None:
    if raw is None:
        problems.append("ohne Stichtag.")
        return None
    try:
        day = parse_day(raw.date() if isinstance(raw, datetime) else raw)
    except ValidationError:
        problems.append(f"„{str(raw)[:40]}“ ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT).")
        return None
    if not first <= day <= last:
        problems.append(f"der {formats.day(day)} liegt außerhalb der Jahre des Plans "
                        f"({formats.day(first)} bis {formats.day(last)}).")
        return None
    return day


def _value(raw, problems: list[str]) -> float | None:
    if raw is None:
        problems.append("ohne Wert.")
        return None
    try:
        return parse_number(raw)
    except ValidationError as exc:
        problems.append(str(exc))
        return None


def _comment(raw, problems: list[str]) -> str | None:
    try:
        return check_comment(None if raw is None else str(raw))
    except ValidationError as exc:
        problems.append(str(exc))
        return None


def preview_table(entries: list[Entry]) -> pd.DataFrame:
    """The values as a German table for the preview before saving."""
    return pd.DataFrame([{"Zeile": e.line, INDICATOR: e.indikator, DAY: formats.day(e.stichtag),
                          VALUE: formats.number(e.wert, 4), COMMENT: e.kommentar or "–"}
                         for e in entries], columns=PREVIEW_COLUMNS)


def apply_entries(con: duckdb.DuckDBPyConnection, entries: list[Entry], user: str) -> int:
    """Save every value in one transaction, each in the change history with the user and
    "Messwert-Import"; if a value for one of the days was stored since the check, nothing."""
    user = check_user(user)

    def work() -> int:
        for entry in entries:
            (stored,) = one_row(con, "SELECT count(*) FROM messwert WHERE indikator_id = ? "
                                     "AND stichtag = ?", [entry.indikator_id, entry.stichtag])
            if stored:
                raise ValidationError(f"Zeile {entry.line}: für „{entry.indikator}“ wurde am "
                                      f"{formats.day(entry.stichtag)} inzwischen ein Wert "
                                      "gespeichert. Nichts wurde gespeichert; bitte die Datei "
                                      "erneut prüfen.")
            append_value(con, entry.indikator_id, entry.stichtag, entry.wert, user=user,
                         comment=entry.kommentar, source=SOURCE)
        return len(entries)

    return transaction(con, work)
