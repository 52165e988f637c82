"""Month arithmetic shared by reading the document and the views (one place for it)."""
from __future__ import annotations

import calendar
from datetime import date


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def month_end(value: date) -> date:
    """The last day of the month `value` lies in."""
    return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])


def next_month(value: date) -> date:
    """The first day of the month after `value`."""
    return date(value.year + value.month // 12, value.month % 12 + 1, 1)


def month_key(value: date) -> str:
    """'2019-09': how a month appears in the URL and the month filter."""
    return f"{value.year:04d}-{value.month:02d}"
