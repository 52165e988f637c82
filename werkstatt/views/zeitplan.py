"""The Zeitplan view: the filtered measures with their Termine and states, per field of action
as the Gantt charts draw them, as a table, and the measures without a date. The page, the
handout, the presentation and the Excel export all render this one object (pure)."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import pandas as pd

from werkstatt.views import schedule, status
from werkstatt.views.filters import Filters, filter_schedule
from werkstatt.views.plan_data import PlanData

# Measures per chart: 40 rows are about two screens (the 2019 plan has at most 30 per field);
# a longer chart is neither readable nor quick to draw, the table holds them all.
GANTT_LIMIT = 40
# what matters first (in view at 1024 px beside the sidebar), where it belongs after
TABLE_COLUMNS = ["Maßnahme", "Zeitraum", "Status", "Lage", "Werkzeug", "Handlungsfeld",
                 "Hinweis", "Kontakte"]


@dataclass(frozen=True)
class Gantt:
    handlungsfeld: str
    rows: pd.DataFrame  # the dated schedule rows the chart draws (the first `limit` measures)
    total: int  # the field's dated measures in all


@dataclass(frozen=True)
class Zeitplan:
    """Shared between sessions by the dashboard: read it, never change it."""
    rows: pd.DataFrame  # schedule rows of the filters and statuses, with 'ueberfaellig'
    states: pd.DataFrame  # status.massnahme_states of those measures
    gantts: list[Gantt]
    measures: pd.DataFrame  # one row per dated measure: schedule.MEASURE_COLUMNS, Status, Lage
    undated: pd.DataFrame  # Werkzeug, Maßnahme, Hinweis, Kontakte of the undated measures
    # (indexed by massnahme_id)
    picker: pd.DataFrame  # schedule.massnahme_picker of every measure of the filters
    # massnahme_id -> latest comment, of every measure of the filters
    comments: Mapping[int, str] = dataclasses.field(default_factory=dict)

    @property
    def table(self) -> pd.DataFrame:
        """The dated measures as the page shows them."""
        return self.measures[TABLE_COLUMNS]

    @property
    def dated(self) -> pd.DataFrame:
        return self.rows[self.rows["termin_id"].notna()]


def zeitplan(plan: PlanData, filters: Filters, statuses: Sequence[str] = (),
             gantt_limit: int = GANTT_LIMIT, only: AbstractSet[int] | None = None) -> Zeitplan:
    """The Zeitplan of these filters (and, if any are chosen, only these statuses; with
    `only`, only these measures, e.g. those changed since the Beschluss)."""
    rows = filter_schedule(plan.schedule, plan.werkzeug_ids(filters), filters)
    if statuses:
        rows = rows[rows["status"].isin(statuses)]
    if only is not None:
        rows = rows[rows["massnahme_id"].isin(only)]
    states = plan.states(filters)
    states = states[states["massnahme_id"].isin(set(rows["massnahme_id"]))]
    rows = rows.merge(states[["massnahme_id", "ueberfaellig"]], on="massnahme_id", how="left")
    dated = rows[rows["termin_id"].notna()]
    gantts = []
    for field, group in dated.groupby("handlungsfeld", sort=False):
        shown, total = schedule.first_massnahmen(group, gantt_limit)
        gantts.append(Gantt(str(field), shown, total))
    kontakte = plan.kontakte_by_werkzeug()
    table = schedule.massnahme_table(rows, kontakte)
    measures = table[table["Beginn"].notna()].merge(status.status_columns(states),
                                                     on="massnahme_id", how="left")
    all_of_filters = plan.rows_of(filters)
    undated = schedule.massnahme_table(schedule.undated(all_of_filters), kontakte)
    return Zeitplan(rows, states, gantts, measures,
                    undated.set_index("massnahme_id")[["Werkzeug", "Maßnahme", "Hinweis",
                                                       "Kontakte"]],
                    schedule.massnahme_picker(rows), schedule.latest_comments(all_of_filters))
