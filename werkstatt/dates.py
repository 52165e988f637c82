"""Month and day arithmetic shared by reading the document, the views and the outputs (one
place for it)."""
from __future__ import annotations

import calendar
from datetime import date, timedelta


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


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lam = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * lam) // 433
    month = (h + lam - 7 * m + 90) // 25
    return date(year, month, (h + lam - 7 * m + 33 * month + 19) % 32)


def public_holidays(year: int) -> set[date]:
    """The public holidays of Schleswig-Holstein (the Kreis Dithmarschen's Land)."""
    easter = easter_sunday(year)
    moving = {easter + timedelta(days=offset) for offset in (-2, 1, 39, 50)}
    return moving | {date(year, 1, 1), date(year, 5, 1), date(year, 10, 3), date(year, 10, 31),
                     date(year, 12, 25), date(year, 12, 26)}


def first_working_day(month: date) -> date:
    """The first day of `month` that is neither a weekend day nor a public holiday."""
    day, holidays = month.replace(day=1), public_holidays(month.year)
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day
