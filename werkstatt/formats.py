"""German display formats (babel): money, dates, months, numbers."""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from werkstatt.dates import month_end

LOCALE = "de_DE"
UNKNOWN = "unbekannt"


@lru_cache(maxsize=8192)  # babel takes 0.1 ms per call; a plan repeats its amounts
def euro(amount: Decimal | float | int | None) -> str:
    """210165 -> '210.165,00 €'; None stays visibly unknown."""
    if amount is None or amount != amount:  # NaN from pandas is unknown too
        return UNKNOWN
    return format_currency(amount, "EUR", locale=LOCALE)


NO_AMOUNT = "kein Betrag genannt"


def euro_range(low, high) -> str:
    """'1.000,00 € – 3.000,00 €', 'bis 5.000,00 €', or one amount when both ends agree."""
    low_known = low is not None and low == low
    high_known = high is not None and high == high
    if low_known and high_known:
        return euro(low) if low == high else f"{euro(low)} – {euro(high)}"
    if high_known:
        return f"bis {euro(high)}"
    if low_known:
        return f"ab {euro(low)}"
    return NO_AMOUNT


def money(low, high, approximate: bool = False) -> str:
    """An amount or range as exact as the plan states it: exact ones to the cent
    (euro_range), an approximate one ("Ca. 800.000,-- Euro", or a sum containing one) as
    'ca. 800.000 €' or 'ca. 1.011.165 – 1.013.165 €': whole euros, never cents it never had."""
    if not approximate:
        return euro_range(low, high)
    low_known = low is not None and low == low
    high_known = high is not None and high == high
    if low_known and high_known:
        if low == high:
            return f"ca. {whole_euros(low)}\xa0€"
        return f"ca. {whole_euros(low)} – {whole_euros(high)}\xa0€"
    if high_known:
        return f"bis ca. {whole_euros(high)}\xa0€"
    if low_known:
        return f"ab ca. {whole_euros(low)}\xa0€"
    return NO_AMOUNT


def whole_euros(amount) -> str:
    """1011165.4 -> '1.011.165' (rounded half up to whole euros, German grouping)."""
    return number(int(Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP)),
                  digits=0)


@lru_cache(maxsize=4096)  # babel is slow per call; a plan has few distinct dates
def day(value: date | None) -> str:
    return format_date(value, "dd.MM.yyyy", locale=LOCALE) if value else UNKNOWN


def moment(value: datetime) -> str:
    """'26.11.2026, 03:15 Uhr'."""
    return f"{day(value.date())}, {value:%H:%M} Uhr"


@lru_cache(maxsize=1024)
def month(value: date) -> str:
    """'Sep 2019'."""
    return format_date(value, "LLL yyyy", locale=LOCALE)


@lru_cache(maxsize=1024)
def month_long(value: date) -> str:
    """'September 2019'."""
    return format_date(value, "LLLL yyyy", locale=LOCALE)


@lru_cache(maxsize=4096)
def number(value, digits: int = 2) -> str:
    if value is None or value != value:
        return UNKNOWN
    return format_decimal(value, format=f"#,##0.{'#' * digits}" if digits else "#,##0",
                          locale=LOCALE)


@lru_cache(maxsize=8192)
def span(beginn: date | None, ende: date | None) -> str:
    """A Termin in words: '06.10.2019', 'Sep 2019', 'Jan 2019 – Jul 2019'."""
    if beginn is None or ende is None:
        return "ohne Termin"
    if beginn == ende:
        return day(beginn)
    whole_months = beginn.day == 1 and ende == month_end(ende)
    if whole_months:
        if (beginn.year, beginn.month) == (ende.year, ende.month):
            return month(beginn)
        return f"{month(beginn)} – {month(ende)}"
    return f"{day(beginn)} – {day(ende)}"
