"""Filters given by name (command line, exports): checked strictly against the plan.

The dashboard resets a bad filter from the URL with a notice; a command that writes a file
refuses instead, so nobody sends round an export of the whole plan by a typo.
"""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from werkstatt import dates
from werkstatt.errors import FilterValueError
from werkstatt.views import filters as flt
from werkstatt.views import queries, schedule

FILTER_NAMES = ("monat", "kontakt", "handlungsfeld", "stichtag")


def choices(con: duckdb.DuckDBPyConnection) -> flt.Choices:
    """What the filters may take in this plan (the same lists the sidebar offers)."""
    months = schedule.plan_monate(queries.plan_info(con)["jahr"], queries.schedule(con))
    return flt.Choices(monate=[dates.month_key(m) for m in months],
                       kontakte=list(queries.kontakte(con)["name"]),
                       handlungsfelder=list(queries.handlungsfelder(con)["name"]),
                       first_day=months[0], last_day=dates.month_end(months[-1]))


def default_stichtag(known: flt.Choices, today: date | None = None) -> date:
    """Today, held within the plan period (the 2019 plan shows 31.12.2019 in 2026)."""
    return min(max(today or date.today(), known.first_day), known.last_day)


def strict_filters(con: duckdb.DuckDBPyConnection, *, monat: str | None = None,
                   kontakt: str | None = None, handlungsfeld: str | None = None,
                   stichtag: str | None = None, today: date | None = None) -> flt.Filters:
    """Filters from names; FilterValueError (German) names every value the plan does not know.
    Without a Stichtag: today, held within the plan period (as in the dashboard)."""
    known = choices(con)
    given = {"monat": monat, "kontakt": kontakt, "handlungsfeld": handlungsfeld,
             "stichtag": stichtag}
    return flt.from_values({k: v for k, v in given.items() if v not in (None, flt.ALL)}, known,
                           default_stichtag(known, today))


def known_contact(known: flt.Choices, name: str) -> str:
    if name not in known.kontakte:
        raise FilterValueError(f"Den Kontakt „{name}“ gibt es im Plan nicht. Bekannt sind: "
                               f"{', '.join(known.kontakte)}.")
    return name


def selected_rows(con: duckdb.DuckDBPyConnection, filters: flt.Filters) -> pd.DataFrame:
    """The schedule rows the filters select, exactly as the Zeitplan selects them."""
    werkzeug_ids = flt.matching_werkzeuge(queries.werkzeuge(con), queries.werkzeug_kontakte(con),
                                          filters)
    return flt.filter_schedule(queries.schedule(con), werkzeug_ids, filters)
