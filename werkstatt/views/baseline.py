"""Reads of the plan over time: the Stände (the Beschluss is Stand 0), what each holds, the
reasons kept with every shift, and the goals' Werkzeuge. A view names its baseline by a
`Baseline`, chosen from a URL or the command line ("beschluss" or a Stand's id)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from werkstatt import formats, vocab
from werkstatt.errors import FilterValueError
from werkstatt.views.plan_data import PlanData
from werkstatt.views.queries import PLAN


def _df(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


# --- queries (PlanData.table keeps each once per data version), of one plan ----------------
_WERKZEUG_OF_PLAN = f"(SELECT id FROM werkzeug WHERE plan_id = {PLAN})"
_MASSNAHME_OF_PLAN = f"(SELECT id FROM massnahme WHERE werkzeug_id IN {_WERKZEUG_OF_PLAN})"


def staende(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT id, art, name, datum, drucksache, angelegt_am, angelegt_von, herkunft "
                    f"FROM stand WHERE plan_id = {PLAN} ORDER BY id", [plan_id])


def stand_massnahmen(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT stand_id, massnahme_id, werkzeug_id, titel, position, fortfuehrung, "
                    "status, termine_bekannt FROM stand_massnahme "
                    f"WHERE werkzeug_id IN {_WERKZEUG_OF_PLAN} "
                    "ORDER BY stand_id, werkzeug_id, position", [plan_id])


def stand_termine(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT stand_id, termin_id, massnahme_id, beginn, ende, art, bezeichnung, "
                    f"ungefaehr FROM stand_termin WHERE massnahme_id IN {_MASSNAHME_OF_PLAN} "
                    "ORDER BY stand_id, massnahme_id, beginn", [plan_id])


def stand_budget(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT stand_id, budget_posten_id AS id, werkzeug_id, "
                    "betrag_min::DOUBLE AS betrag_min, betrag_max::DOUBLE AS betrag_max, periode, "
                    "vk::DOUBLE AS vk, ungefaehr, text FROM stand_budget "
                    f"WHERE werkzeug_id IN {_WERKZEUG_OF_PLAN} "
                    "ORDER BY stand_id, budget_posten_id", [plan_id])


def verschiebungen(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT id, massnahme_id, termin_id, aktion, alt, neu, grund, benutzer, "
                    f"zeitpunkt FROM verschiebung WHERE massnahme_id IN {_MASSNAHME_OF_PLAN} "
                    "ORDER BY id", [plan_id])


def ziel_werkzeuge(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT ziel_id, werkzeug_id FROM ziel_werkzeug "
                    f"WHERE werkzeug_id IN {_WERKZEUG_OF_PLAN} ORDER BY ziel_id, werkzeug_id",
               [plan_id])


# --- the baseline a view compares with ---------------------------------------------------------
@dataclass(frozen=True)
class Baseline:
    id: int
    name: str  # "Beschluss vom 30.01.2019", "Sachstand Juni 2019"
    datum: date
    drucksache: str | None
    since: datetime | None  # shifts counted from here on (None: all, for the Beschluss)

    @property
    def is_beschluss(self) -> bool:
        return self.id == vocab.BESCHLUSS_ID

    @property
    def key(self) -> str:
        """How the URL and the command line name it."""
        return vocab.BESCHLUSS_KEY if self.is_beschluss else str(self.id)

    @property
    def label(self) -> str:
        """'Beschluss 30.01.2019' or 'Sachstand Juni 2019 (04.12.2026)' for a picker."""
        if self.is_beschluss:
            return f"Beschluss {formats.day(self.datum)}"
        extra = f", Drucksache {self.drucksache}" if self.drucksache else ""
        return f"{self.name} ({formats.day(self.datum)}{extra})"

    @property
    def column(self) -> str:
        """The table column of its months: 'laut Beschluss'."""
        return "laut Beschluss" if self.is_beschluss else f"laut {self.name}"

    @property
    def seit(self) -> str:
        return "seit Beschluss" if self.is_beschluss else f"seit {self.name}"


def baselines(plan: PlanData) -> list[Baseline]:
    """Every Stand of the plan, the Beschluss first."""
    rows = plan.table(staende)
    return [Baseline(int(r.id), r.name, pd.Timestamp(r.datum).date(),
                     r.drucksache if isinstance(r.drucksache, str) else None,
                     None if r.id == vocab.BESCHLUSS_ID else pd.Timestamp(r.angelegt_am)
                     .to_pydatetime()) for r in rows.itertuples()]


def baseline_of(plan: PlanData, raw: str | None) -> Baseline | None:
    """The Stand a URL or the command line names ('beschluss' or its id); None if none such."""
    if raw is None:
        return None
    key = str(raw).strip().casefold()
    return next((b for b in baselines(plan) if b.key == key), None)


def strict_baseline(plan: PlanData, raw: str | None) -> Baseline:
    """For the command line: the named Stand, the Beschluss when none is named, else a
    FilterValueError (German) listing what exists."""
    found = baseline_of(plan, vocab.BESCHLUSS_KEY if raw is None else raw)
    if found is None:
        known = ", ".join(f"{b.key} ({b.name})" for b in baselines(plan))
        raise FilterValueError(f"Einen Stand „{str(raw)[:40]}“ gibt es nicht. Bekannt sind: "
                               f"{known}.")
    return found


# --- reasons ------------------------------------------------------------------------------------
MOVES = (vocab.SHIFT_CHANGED, vocab.SHIFT_DELETED, vocab.SHIFT_ADDED)


def reasons(plan: PlanData, baseline: Baseline | None = None) -> dict[int, str]:
    """{massnahme_id: '2× verschoben, zuletzt: <Grund>'} for every measure whose Termine were
    changed (since the baseline was frozen), or 'entfernt: <Grund>' for a removed one."""
    shifts = plan.table(verschiebungen)
    if baseline is not None and baseline.since is not None:
        shifts = shifts[shifts["zeitpunkt"] > pd.Timestamp(baseline.since)]
    texts: dict[int, str] = {}
    counts: dict[int, int] = {}
    for mid, action, grund in zip(shifts["massnahme_id"], shifts["aktion"], shifts["grund"],
                                  strict=True):
        mid = int(mid)
        if action == vocab.SHIFT_REMOVED:
            texts[mid] = f"entfernt: {grund}"
            continue
        counts[mid] = counts.get(mid, 0) + 1
        texts[mid] = f"{counts[mid]}× verschoben, zuletzt: {grund}"
    return texts
