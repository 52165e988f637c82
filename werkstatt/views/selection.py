"""Filters given by name (command line, exports): checked strictly against the plan.

The dashboard resets a bad filter from the URL with a notice; a command that writes a file
refuses instead, so nobody sends round an export of the whole plan by a typo.
"""
from __future__ import annotations

from datetime import date

from werkstatt.views import filters as flt
from werkstatt.views.plan_data import PlanData

FILTER_NAMES = ("monat", "kontakt", "handlungsfeld", "stichtag")


def strict_filters(plan: PlanData, *, monat: str | None = None, kontakt: str | None = None,
                   handlungsfeld: str | None = None, stichtag: str | None = None,
                   today: date | None = None) -> flt.Filters:
    """Filters from names; FilterValueError (German) names every value the plan does not know.
    Without a Stichtag: today, held within the plan period (as in the dashboard)."""
    known = plan.choices()
    given = {"monat": monat, "kontakt": kontakt, "handlungsfeld": handlungsfeld,
             "stichtag": stichtag}
    return flt.from_values({k: v for k, v in given.items() if v not in (None, flt.ALL)}, known,
                           known.default_stichtag(today))
