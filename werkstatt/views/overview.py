"""The Überblick's figures for one set of filters (pure, no database): key figures, the state
per field of action and the Werkzeuge of each field's card."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from werkstatt.views import schedule, status, worklist
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData


@dataclass(frozen=True)
class Overview:
    werkzeuge: int  # Werkzeuge passing the filters
    massnahmen: int
    aktiv: int  # measures whose Termin touches the month
    ohne_termin: int
    ohne_termin_ohne_status: int
    stand: pd.DataFrame  # status.summary_by_handlungsfeld
    karten: dict[str, list[tuple[int, str]]]  # Handlungsfeld -> its Werkzeuge (id, name)


def overview(plan: PlanData, filters: Filters) -> Overview:
    """The Überblick of these filters at their Stichtag and focus month."""
    rows, tools = plan.rows_of(filters), plan.werkzeuge
    tools = tools[tools["id"].isin(plan.werkzeug_ids(filters))]
    karten: dict[str, list[tuple[int, str]]] = {}
    for tool_id, field, name in zip(tools["id"], tools["handlungsfeld"], tools["name"],
                                    strict=True):
        karten.setdefault(field, []).append((int(tool_id), name))
    return Overview(werkzeuge=len(tools), massnahmen=rows["massnahme_id"].nunique(),
                    aktiv=len(schedule.massnahmen_in_monat(rows, filters.focus_month())),
                    ohne_termin=len(schedule.undated(rows)),
                    ohne_termin_ohne_status=worklist.undated_without_status(rows),
                    stand=stand(plan, filters), karten=karten)


def stand(plan: PlanData, filters: Filters) -> pd.DataFrame:
    """Per field of action: fällig in the focus month, überfällig at the Stichtag, erledigt,
    all measures of the filtered Werkzeuge (Überblick, presentation, handout)."""
    return status.summary_by_handlungsfeld(plan.states(filters), filters.focus_month())
