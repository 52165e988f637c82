"""The Werkzeug profile: the Werkzeug a URL selects and what its profile shows besides the
Werkzeug's own texts (contacts by role: views.contacts)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from werkstatt.views import budget, changes, contacts, schedule
from werkstatt.views.plan_data import PlanData

_MAX_ID_DIGITS = 9


def werkzeug_from_query(raw: str | None, visible: list[int],
                        known: list[int]) -> tuple[int | None, str | None]:
    """The Werkzeug id a URL asks for, or (None, German notice) when it is unusable."""
    if raw is None or raw == "":
        return None, None
    # "²" and "٣" are digits to str.isdigit but not to int(); 5000 digits exceed int()'s limit
    usable = raw.isascii() and raw.isdigit() and len(raw) <= _MAX_ID_DIGITS
    if not usable or int(raw) not in known:
        return None, "Das Werkzeug aus der Adresse gibt es nicht; das erste passende wird gezeigt."
    if int(raw) not in visible:
        return None, ("Das Werkzeug aus der Adresse passt nicht zu den gewählten Filtern; das "
                      "erste passende wird gezeigt.")
    return int(raw), None


@dataclass(frozen=True)
class Profil:
    """The parts of a Werkzeug's profile built from tables. Shared: read, never change."""
    werkzeug: pd.Series  # its row of queries.werkzeuge (the texts)
    kontakte: dict[str, str]  # role -> people (contacts.kontakte_by_rolle)
    budget: pd.DataFrame  # its budget items (budget.item_table), empty without any
    rows: pd.DataFrame  # its schedule rows (the small Gantt draws the dated ones)
    massnahmen: pd.DataFrame  # Maßnahme, Zeitraum, Hinweis
    import_log: pd.DataFrame  # Bereich, Meldung
    fundstelle: str  # where the Werkzeug stands in the plan (changes.fundstelle)

    @property
    def has_dates(self) -> bool:
        return bool(self.rows["termin_id"].notna().any())


def profil(plan: PlanData, werkzeug_id: int) -> Profil:
    tools = plan.werkzeuge
    tool = tools[tools["id"] == werkzeug_id].iloc[0]
    links = plan.werkzeug_kontakte
    items = plan.budget_items
    rows = plan.schedule[plan.schedule["werkzeug_id"] == werkzeug_id]
    log = plan.import_log
    return Profil(
        tool, contacts.kontakte_by_rolle(links[links["werkzeug_id"] == werkzeug_id]),
        budget.item_table(items[items["werkzeug_id"] == werkzeug_id]).drop(
            columns=["Handlungsfeld", "Werkzeug"]),
        rows, schedule.massnahme_table(rows, {})[["Maßnahme", "Zeitraum", "Hinweis"]],
        log.loc[log["werkzeug"] == tool["name"], ["bereich", "meldung"]].rename(
            columns={"bereich": "Bereich", "meldung": "Meldung"}),
        changes.fundstelle(tool["name"]))
