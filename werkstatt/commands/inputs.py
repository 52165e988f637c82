"""Checking and reading user input for the write commands: German numbers and dates,
comments, days inside the plan. Bad input raises ValidationError with a German message."""
from __future__ import annotations

import math
import re
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


def check_in_plan(con: duckdb.DuckDBPyConnection, day: date) -> date:
    first, last = plan_period(con)
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
