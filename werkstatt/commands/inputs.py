"""Checking and reading user input for the write commands: German numbers and dates,
comments, days inside the plan. Bad input raises ValidationError with a German message."""
from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import duckdb

from werkstatt import formats
from werkstatt.errors import ValidationError
from werkstatt.text import clean_input
from werkstatt.views.queries import plan_period

MAX_COMMENT = 2000


def check_comment(comment: str | None) -> str | None:
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise ValidationError("Der Kommentar muss Text sein.")
    if len(comment) > MAX_COMMENT:
        raise ValidationError(f"Der Kommentar hat {len(comment)} Zeichen; erlaubt sind "
                              f"höchstens {MAX_COMMENT}.")
    return clean_input(comment, multiline=True) or None


def parse_number(value) -> float:
    """A number from a float/int/Decimal or German text ('1.234,5', '5,8'); else ValidationError."""
    if isinstance(value, bool):
        raise ValidationError("Der Wert ist keine Zahl.")
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?|[-+]?\d+(,\d+)?", text):
            text = text.replace(".", "").replace(",", ".")
        elif not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
            raise ValidationError(f"„{value[:40]}“ ist keine Zahl (Beispiel: 1.234,5).")
        try:
            number = float(Decimal(text))
        except InvalidOperation:
            raise ValidationError(f"„{value[:40]}“ ist keine Zahl.") from None
    else:
        raise ValidationError("Der Wert ist keine Zahl.")
    if not math.isfinite(number):
        raise ValidationError("Der Wert muss eine endliche Zahl sein.")
    return number


def parse_day(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
        try:
            return datetime.strptime(value.strip(), "%d.%m.%Y").date()
        except ValueError:
            pass
    raise ValidationError(f"„{str(value)[:40]}“ ist kein Datum (Beispiel: 31.12.2019).")


def check_in_plan(con: duckdb.DuckDBPyConnection, day: date, plan_id: int | None) -> date:
    """`day` if it lies in the plan `plan_id` (its year and the years its overview marks)."""
    first, last = plan_period(con, plan_id)
    if not first <= day <= last:
        raise ValidationError(f"Der {formats.day(day)} liegt außerhalb des Plans "
                              f"({formats.day(first)} bis {formats.day(last)}).")
    return day


def whole_number(value) -> int | None:
    """A cell or field as a whole number (an ID, a version), or None when it is none; "²" is
    a digit to str.isdigit but not to int(), so only ASCII digits count."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None


def check_upload(data, limit: int) -> bytes:
    """An uploaded or named file's bytes, refused in German when empty or above `limit` bytes
    (checked before anything parses it)."""
    if not isinstance(data, (bytes, bytearray)) or not data:
        raise ValidationError("Die Datei ist leer.")
    if len(data) > limit:
        raise ValidationError(f"Die Datei ist {formats.number(len(data) / 1024 / 1024, 1)} MB "
                              f"groß; erlaubt sind höchstens {limit // 1024 // 1024} MB.")
    return bytes(data)


def csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The non-empty rows of an uploaded CSV with their line numbers: UTF-8 with or without
    BOM, the separator (; , or tab) read from the header line, an unclosed quote an error;
    ValidationError (German, naming the line) for a file that is not such a text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ValidationError(f"Zeile {line}: die Datei ist nicht in UTF-8 gespeichert. Bitte "
                              "in Excel „CSV UTF-8 (durch Trennzeichen getrennt)“ "
                              "wählen.") from None
    if "\x00" in text:
        raise ValidationError("Die Datei enthält Binärdaten; ist das wirklich eine CSV-Datei?")
    header_line = text.lstrip().split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True,
                        delimiter=max((";", "\t", ","), key=header_line.count))
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, cells
    except csv.Error as exc:
        raise ValidationError(f"Zeile {reader.line_num}: die CSV-Datei lässt sich nicht lesen "
                              f"({exc}).") from None


def header_columns(cells: list, line: int, required: tuple[str, ...],
                   optional: tuple[str, ...], missing_header: str) -> dict[str, int]:
    """{column name: index} of a file's header row (names matched without case); a column
    named twice or a required one missing is refused, naming the line."""
    names = [str(cell).strip().casefold() if cell is not None else "" for cell in cells]
    columns: dict[str, int] = {}
    for wanted in (*required, *optional):
        found = [index for index, name in enumerate(names) if name == wanted.casefold()]
        if len(found) > 1:
            raise ValidationError(f"Zeile {line}: die Spalte „{wanted}“ steht zweimal in der "
                                  "Kopfzeile.")
        if found:
            columns[wanted] = found[0]
    missing = [name for name in required if name not in columns]
    if missing:
        raise ValidationError(f"Zeile {line}: der Kopfzeile fehlt die Spalte "
                              f"{', '.join(f'„{m}“' for m in missing)}. {missing_header}")
    return columns


def pick_cells(cells: list, columns: dict[str, int]) -> dict[str, object]:
    """A row's cells by column name; empty text is None."""
    picked: dict[str, object] = {}
    for name, index in columns.items():
        cell = cells[index] if index < len(cells) else None
        if isinstance(cell, str):
            cell = cell.strip() or None
        picked[name] = cell
    return picked
