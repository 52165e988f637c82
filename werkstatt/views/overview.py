"""The Überblick's figures for one set of filters (pure, no database): key figures, the state
per field of action and the Werkzeuge of each field's card."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from werkstatt.views import schedule, status, worklist


@dataclass(frozen=True)
class Overview:
    werkzeuge: int  # Werkzeuge passing the filters
    massnahmen: int
    aktiv: int  # measures whose Termin touches the month
    ohne_termin: int
    ohne_termin_ohne_status: int
    stand: pd.DataFrame  # status.summary_by_handlungsfeld
    karten: dict[str, list[tuple[int, str]]]  # Handlungsfeld -> its Werkzeuge (id, name)


def overview(rows: pd.DataFrame, tools: pd.DataFrame, states: pd.DataFrame,
             month: date) -> Overview:
    """`rows`: the schedule of the filtered Werkzeuge, `tools`: those Werkzeuge, `states`:
    status.massnahme_states of `rows` at the Stichtag and month."""
    karten: dict[str, list[tuple[int, str]]] = {}
    for tool_id, field, name in zip(tools["id"], tools["handlungsfeld"], tools["name"],
                                    strict=True):
        karten.setdefault(field, []).append((int(tool_id), name))
    return Overview(werkzeuge=len(tools), massnahmen=rows["massnahme_id"].nunique(),
                    aktiv=len(schedule.massnahmen_in_monat(rows, month)),
                    ohne_termin=len(schedule.undated(rows)),
                    ohne_termin_ohne_status=worklist.undated_without_status(rows),
                    stand=status.summary_by_handlungsfeld(states, month), karten=karten)
