"""Filters given by name (command line, exports): checked strictly against the plan.

The dashboard resets a bad filter from the URL with a notice; a command that writes a file
refuses instead, so nobody sends round an export of the whole plan by a typo.
"""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from werkstatt import formats
from werkstatt.errors import ValidationError
from werkstatt.views import filters as flt
from werkstatt.views import queries, schedule


def choices(con: duckdb.DuckDBPyConnection) -> flt.Choices:
    """What the filters may take in this plan (the same lists the sidebar offers)."""
    months = schedule.plan_months(queries.plan_info(con)["jahr"], queries.schedule(con))
    return flt.Choices(months=[schedule.month_key(m) for m in months],
                       contacts=list(queries.contacts(con)["name"]),
                       fields=list(queries.fields(con)["name"]), first_day=months[0],
                       last_day=schedule.month_end(months[-1]))


def strict_filters(con: duckdb.DuckDBPyConnection, *, monat: str | None = None,
                   kontakt: str | None = None, handlungsfeld: str | None = None,
                   stichtag: str | None = None, today: date | None = None) -> flt.Filters:
    """Filters from names; an unknown value raises ValidationError naming what exists.
    Without a Stichtag: today, held within the plan period (as in the dashboard)."""
    known = choices(con)
    result = flt.Filters()
    if monat not in (None, flt.ALL):
        if monat not in known.months:
            raise ValidationError(f"Den Monat „{monat}“ gibt es im Plan nicht (Format JJJJ-MM, "
                                  f"{known.months[0]} bis {known.months[-1]}).")
        result.monat = monat
    if kontakt not in (None, flt.ALL):
        result.kontakt = known_contact(known, kontakt)
    if handlungsfeld not in (None, flt.ALL):
        allowed = known.fields + [flt.CROSS_CUTTING]
        if handlungsfeld not in allowed:
            raise ValidationError(f"Das Handlungsfeld „{handlungsfeld}“ gibt es nicht. "
                                  f"Möglich: {', '.join(allowed)}.")
        result.handlungsfeld = handlungsfeld
    if stichtag:
        try:
            day = date.fromisoformat(stichtag)
        except ValueError:
            raise ValidationError(f"„{stichtag}“ ist kein Datum im Format JJJJ-MM-TT.") from None
        if not known.first_day <= day <= known.last_day:
            raise ValidationError(f"Der Stichtag {formats.day(day)} liegt außerhalb des Plans "
                                  f"({formats.day(known.first_day)} bis "
                                  f"{formats.day(known.last_day)}).")
        result.stichtag = day
    else:
        result.stichtag = default_stichtag(known, today)
    return result


def default_stichtag(known: flt.Choices, today: date | None = None) -> date:
    """Today, held within the plan period (the 2019 plan shows 31.12.2019 in 2026)."""
    return min(max(today or date.today(), known.first_day), known.last_day)


def known_contact(known: flt.Choices, name: str) -> str:
    if name not in known.contacts:
        raise ValidationError(f"Den Kontakt „{name}“ gibt es im Plan nicht. Bekannt sind: "
                              f"{', '.join(known.contacts)}.")
    return name


def selected_rows(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> pd.DataFrame:
    """The schedule rows the filters select, exactly as the Zeitplan selects them."""
    tool_ids = flt.matching_tools(queries.tools(con), queries.tool_contacts(con), filters)
    return flt.filter_schedule(queries.schedule(con), tool_ids, filters)
