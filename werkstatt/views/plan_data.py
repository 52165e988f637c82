"""The plan as the views read it: one data version's tables, each read once when first needed,
and the derived reads every view shares (the plan's months, the filter choices, the Werkzeuge
a filter choice matches, the measures' states at a Stichtag).

Every view in werkstatt/views is a pure function of (PlanData, Filters). The dashboard keeps
one PlanData per data version and shares it between sessions; a command-line output makes one
for its call (`PlanData.of(con)`). What it returns is shared: read it, never change it.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from werkstatt import dates
from werkstatt.views import contacts, queries, schedule, status
from werkstatt.views.filters import Choices, Filters, matching_werkzeuge

Query = Callable[..., Any]  # a function of werkstatt.views.queries: (con, *args) -> result
MAX_DERIVED = 256  # derived entries kept per data version (one per filter choice, Stichtag …)


class PlanData:
    def __init__(self, read: Callable[[Query], Any]) -> None:
        """`read(query)` runs a query function of one plan on a connection and returns its
        result."""
        self._read = read
        self._tables: dict[Query, Any] = {}
        self._derived: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection, plan_id: int | None = None) -> PlanData:
        """The plan `plan_id` (default: the newest) behind one open connection (command line,
        handout, exports)."""
        return cls(lambda query: query(con, plan_id))

    def _once(self, store: dict, key: Hashable, compute: Callable[[], Any]) -> Any:
        # computed outside the lock: two sessions asking at once may both compute (the same
        # result, one is kept), but a slow read never blocks another session's look-up
        with self._lock:
            if key in store:
                return store[key]
        value = compute()
        with self._lock:
            if store is self._derived and len(store) >= MAX_DERIVED:
                store.clear()
            return store.setdefault(key, value)

    def table(self, query: Query) -> Any:
        return self._once(self._tables, query, lambda: self._read(query))

    # --- the tables -------------------------------------------------------------------------
    @property
    def info(self) -> dict:
        return self.table(queries.plan_info)

    @property
    def read_only_reason(self) -> str | None:
        """Why the plan takes no more writes (German), None while it does."""
        return self.table(queries.read_only_reason)

    @property
    def schedule(self) -> pd.DataFrame:
        return self.table(queries.schedule)

    @property
    def werkzeuge(self) -> pd.DataFrame:
        return self.table(queries.werkzeuge)

    @property
    def werkzeug_kontakte(self) -> pd.DataFrame:
        return self.table(queries.werkzeug_kontakte)

    @property
    def kontakte(self) -> pd.DataFrame:
        return self.table(queries.kontakte)

    @property
    def handlungsfelder(self) -> pd.DataFrame:
        return self.table(queries.handlungsfelder)

    @property
    def ziele(self) -> pd.DataFrame:
        return self.table(queries.ziele)

    @property
    def budget_items(self) -> pd.DataFrame:
        return self.table(queries.budget_items)

    @property
    def indikatoren(self) -> pd.DataFrame:
        return self.table(queries.indikatoren)

    @property
    def messwerte(self) -> pd.DataFrame:
        return self.table(queries.messwerte)

    @property
    def import_log(self) -> pd.DataFrame:
        return self.table(queries.import_log)

    @property
    def removed_massnahmen(self) -> pd.DataFrame:
        return self.table(queries.removed_massnahmen)

    @property
    def period(self) -> tuple[date, date]:
        """Days a value or Termin may have (the plan year and the years the overview marks)."""
        return self.table(queries.plan_period)

    # --- derived, once per data version -----------------------------------------------------
    def _derive(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        return self._once(self._derived, key, compute)

    def derived(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """A value a view module computes once per data version (e.g. the whole plan against
        a Stand), under a key of its own (a tuple starting with the module's name)."""
        return self._derive(key, compute)

    def months(self) -> list[date]:
        """First days of the plan's months: the plan year, widened to every Termin."""
        return self._derive("months", lambda: schedule.plan_monate(self.info["jahr"],
                                                                    self.schedule))

    def choices(self) -> Choices:
        """What the shared filters may take (sidebar and command line alike)."""
        def build() -> Choices:
            months = self.months()
            return Choices(monate=tuple(months), kontakte=tuple(self.kontakte["name"]),
                           handlungsfelder=tuple(self.handlungsfelder["name"]),
                           first_day=months[0], last_day=dates.month_end(months[-1]))
        return self._derive("choices", build)

    def default_stichtag(self, today: date | None = None) -> date:
        return self.choices().default_stichtag(today)

    def kontakte_by_werkzeug(self) -> dict[int, str]:
        """{werkzeug_id: 'Name (Rolle); …'} for the measure tables."""
        return self._derive("kontakte", lambda: contacts.kontakte_by_werkzeug(
            self.werkzeug_kontakte))

    def massnahme_titel(self) -> dict[int, str]:
        """Every measure's title by id (also of measures no filter shows)."""
        rows = self.schedule
        return self._derive("titel", lambda: dict(zip(
            rows["massnahme_id"].tolist(), rows["massnahme"].tolist(), strict=True)))

    def werkzeug_ids(self, filters: Filters) -> frozenset[int]:
        """The Werkzeuge passing the filters (the month and the Stichtag do not matter)."""
        choice = filters.werkzeug_choice()
        return self._derive(("werkzeuge", choice), lambda: frozenset(matching_werkzeuge(
            self.werkzeuge, self.werkzeug_kontakte, choice)))

    def rows_of(self, filters: Filters) -> pd.DataFrame:
        """The schedule rows of the Werkzeuge passing the filters (every month)."""
        ids = self.werkzeug_ids(filters)
        return self._derive(("rows", ids), lambda: self.schedule[
            self.schedule["werkzeug_id"].isin(ids)])

    def states(self, filters: Filters) -> pd.DataFrame:
        """status.massnahme_states of the filtered Werkzeuge' measures at the Stichtag and the
        focus month."""
        month, stichtag = filters.focus_month(), filters.stichtag or self.default_stichtag()
        key = ("states", filters.werkzeug_choice(), stichtag, month)
        return self._derive(key, lambda: status.massnahme_states(
            self.rows_of(filters), stichtag, month))
