"""The goal catalogue with the Werkzeuge that serve each concrete goal and how far they are
(erledigte of all measures), for the Überblick (pure)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from werkstatt import vocab
from werkstatt.views import baseline as bl
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData


@dataclass(frozen=True)
class Beitrag:
    werkzeug_id: int
    werkzeug: str
    erledigt: int
    massnahmen: int

    @property
    def text(self) -> str:
        if not self.massnahmen:
            return f"{self.werkzeug}: keine Maßnahme"
        return f"{self.werkzeug}: {self.erledigt} von {self.massnahmen} Maßnahmen erledigt"


@dataclass(frozen=True)
class Ziel:
    id: int
    ebene: str
    dimension: str
    text: str
    werkzeuge: tuple[Beitrag, ...]  # only for concrete goals; empty: none linked yet


def zielkatalog(plan: PlanData, filters: Filters) -> tuple[Ziel, ...]:
    """Every goal in the plan's order; a concrete goal with the filtered Werkzeuge serving it."""
    goals = plan.ziele
    links = plan.table(bl.ziel_werkzeuge)
    ids = plan.werkzeug_ids(filters)
    measures = plan.schedule.drop_duplicates("massnahme_id")
    per_tool = measures.groupby("werkzeug_id").agg(
        massnahmen=("massnahme_id", "size"),
        erledigt=("status", lambda s: int((s == vocab.DONE).sum())))
    names = dict(zip(plan.werkzeuge["id"], plan.werkzeuge["name"], strict=True))
    served: dict[int, list[Beitrag]] = {}
    for goal_id, tool_id in zip(links["ziel_id"], links["werkzeug_id"], strict=True):
        if tool_id not in ids:
            continue
        counts = per_tool.loc[tool_id] if tool_id in per_tool.index else pd.Series(
            {"massnahmen": 0, "erledigt": 0})
        served.setdefault(int(goal_id), []).append(Beitrag(
            int(tool_id), names[tool_id], int(counts["erledigt"]), int(counts["massnahmen"])))
    return tuple(Ziel(int(g.id), g.ebene, g.dimension, g.text, tuple(served.get(int(g.id), ())))
                 for g in goals.itertuples())
