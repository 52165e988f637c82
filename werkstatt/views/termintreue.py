"""Termintreue at a Stichtag: of the measures whose months in the Beschluss (or another
Stand) ended on or before the Stichtag, how many are erledigt. Always counted against the
adopted months (moving a Termin never changes the figure); an approximate span counts with
its interpreted end. Measures entfallen or removed since are left out of both numbers and
listed beside them. Nothing due: no figure ("noch nichts fällig"), never 0 % (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from werkstatt import formats, vocab
from werkstatt.views import baseline as bl
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData

NOTHING_DUE = "noch nichts fällig"
FIELD, DUE, DONE, RATE = "Handlungsfeld", "fällig laut Beschluss", "erledigt", "Termintreue"


@dataclass(frozen=True)
class Quote:
    erledigt: int
    faellig: int

    @property
    def text(self) -> str:
        """'7 von 12 (58 %)' or 'noch nichts fällig'."""
        if not self.faellig:
            return NOTHING_DUE
        percent = formats.number(round(100 * self.erledigt / self.faellig), 0)
        return f"{self.erledigt} von {self.faellig} ({percent} %)"


@dataclass(frozen=True)
class Termintreue:
    stichtag: date
    baseline: bl.Baseline
    gesamt: Quote
    je_feld: tuple[tuple[str, Quote], ...]
    ausgenommen: pd.DataFrame  # Werkzeug, Maßnahme, warum (entfallen / entfernt)

    def table(self) -> pd.DataFrame:
        """Per field of action and in all: due, erledigt, the figure in words."""
        rows = [{FIELD: field, DUE: q.faellig, DONE: q.erledigt, RATE: q.text}
                for field, q in (*self.je_feld, ("alle", self.gesamt))]
        return pd.DataFrame(rows, columns=[FIELD, DUE, DONE, RATE]).rename(
            columns={DUE: f"fällig {self.baseline.column}"})

    @property
    def sentence(self) -> str:
        """One line for a caption or a report."""
        return (f"Termintreue zum {formats.day(self.stichtag)} ({self.baseline.column}): "
                f"{self.gesamt.text}")


def termintreue(plan: PlanData, filters: Filters, baseline: bl.Baseline) -> Termintreue:
    stichtag = filters.stichtag or plan.default_stichtag()
    ids = plan.werkzeug_ids(filters)
    measures = plan.table(bl.stand_massnahmen)
    measures = measures[(measures["stand_id"] == baseline.id) & measures["werkzeug_id"].isin(ids)
                        & measures["termine_bekannt"].astype(bool)]
    termine = plan.table(bl.stand_termine)
    termine = termine[termine["stand_id"] == baseline.id]
    ends = termine.groupby("massnahme_id")["ende"].max()
    due_ids = set(ends[ends <= pd.Timestamp(stichtag)].index)
    due = measures[measures["massnahme_id"].isin(due_ids)]
    current = plan.schedule.drop_duplicates("massnahme_id").set_index("massnahme_id")
    tools = plan.werkzeuge.set_index("id")
    status = {mid: (current.loc[mid, "status"] if mid in current.index else None)
              for mid in due["massnahme_id"]}
    left_out = [mid for mid, state in status.items() if state in (None, vocab.DROPPED)]
    counted = due[~due["massnahme_id"].isin(left_out)].assign(
        handlungsfeld=lambda d: d["werkzeug_id"].map(tools["handlungsfeld"]),
        status=lambda d: d["massnahme_id"].map(status))
    counted = counted.assign(done=counted["status"] == vocab.DONE)
    fields = tuple((str(field), Quote(int(group["done"].sum()), len(group)))
                   for field, group in counted.groupby("handlungsfeld", sort=False))
    order = {name: i for i, name in enumerate(plan.werkzeuge["handlungsfeld"].drop_duplicates())}
    fields = tuple(sorted(fields, key=lambda item: order.get(item[0], len(order))))
    excluded = due[due["massnahme_id"].isin(left_out)]
    ausgenommen = pd.DataFrame({
        "Werkzeug": excluded["werkzeug_id"].map(tools["name"]).tolist(),
        "Maßnahme": excluded["titel"].tolist(),
        "warum": ["entfernt" if status[m] is None else vocab.DROPPED
                  for m in excluded["massnahme_id"]]}, columns=["Werkzeug", "Maßnahme", "warum"])
    return Termintreue(stichtag, baseline, Quote(int(counted["done"].sum()), len(counted)),
                       fields, ausgenommen)
