"""The Plancheck: what is incomplete or inconsistent in the plan, as warnings that never block.

Twelve rules, each finding one thing (a Werkzeug, a measure, an indicator or a goal) at most
once, so the counts add up; each finding says where it is fixed (pure, vectorised: the check
of a plan 100 times the 2019 plan's size takes a fraction of a second, bench/bench_plancheck.py).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

import pandas as pd

from werkstatt import vocab
from werkstatt.views import baseline as bl
from werkstatt.views.budget import unquantified_werkzeuge
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData
from werkstatt.views.status import massnahme_states

STALE_DAYS = 90
# where a finding is fixed: the page (file under pages/) and what to open there
PROFILE, EDIT, INDICATORS, PROGRESS = ("werkzeuge", "bearbeiten", "indikatoren", "fortschritt")
RULES: dict[str, str] = {
    "werkzeug_ohne_massnahme": "Werkzeug ohne Maßnahme",
    "werkzeug_ohne_kontakt": "Werkzeug ohne Ansprechperson",
    "werkzeug_ohne_indikator": "Werkzeug ohne eigenen Indikator",
    "massnahme_ohne_termin_ohne_status": "Maßnahme ohne Termin und ohne Status",
    "massnahme_ueberfaellig": "Maßnahme überfällig",
    "massnahme_ohne_aktualisierung": f"Maßnahme seit über {STALE_DAYS} Tagen ohne Statuseintrag",
    "termin_ausserhalb_planjahr": "Termin außerhalb des Planjahres",
    "zielindikator_ohne_ziel": "Zielindikator ohne Zielwert",
    "zielindikator_ohne_basis": "Zielindikator ohne Basiswert",
    "budget_nicht_beziffert": "Budget nicht beziffert",
    "ziel_ohne_werkzeug": "Konkretisiertes Ziel ohne Werkzeug",
    "uebersicht_weicht_ab": "Übersicht und Werkzeugblatt weichen ab",
}


@dataclass(frozen=True)
class Finding:
    regel: str
    text: str
    werkzeug: int | None = None
    massnahme: int | None = None
    indikator: int | None = None
    ziel: int | None = None
    seite: str = PROFILE  # the page where it is fixed

    def as_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "seite"}


@dataclass(frozen=True)
class Plancheck:
    stichtag: date
    findings: tuple[Finding, ...]

    def counts(self) -> dict[str, int]:
        """Findings per rule, every rule listed (0 where nothing was found)."""
        found = {rule: 0 for rule in RULES}
        for finding in self.findings:
            found[finding.regel] += 1
        return found

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([{"Regel": RULES[f.regel], "Befund": f.text} for f in self.findings],
                            columns=["Regel", "Befund"])


def plancheck(plan: PlanData, filters: Filters) -> Plancheck:
    """Every finding for the filtered Werkzeuge at the filters' Stichtag, rule by rule."""
    stichtag = filters.stichtag or plan.default_stichtag()
    ids = plan.werkzeug_ids(filters)
    tools = plan.werkzeuge[plan.werkzeuge["id"].isin(ids)]
    names = dict(zip(tools["id"], tools["name"], strict=True))
    rows = plan.rows_of(filters)
    measures = rows.drop_duplicates("massnahme_id")
    findings: list[Finding] = []

    def per_tool(rule: str, tool_ids, text: str, page: str = PROFILE) -> None:
        wanted = set(tool_ids)  # in plan order, each Werkzeug once
        findings.extend(Finding(rule, text.format(names[t]), werkzeug=int(t), seite=page)
                        for t in tools["id"] if t in wanted)

    def per_measure(rule: str, chosen: pd.DataFrame, text: str, page: str = EDIT) -> None:
        findings.extend(Finding(rule, text.format(m=m, w=w), werkzeug=int(t), massnahme=int(i),
                                seite=page) for i, t, w, m in zip(
            chosen["massnahme_id"], chosen["werkzeug_id"], chosen["werkzeug"],
            chosen["massnahme"], strict=True))

    per_tool("werkzeug_ohne_massnahme", set(ids) - set(measures["werkzeug_id"]),
             "„{}“ hat keine Maßnahme.", EDIT)
    links = plan.werkzeug_kontakte
    contacts = links[links["rolle"].isin((vocab.CONTACT_PERSON, vocab.LOCAL_CONTACT))]
    per_tool("werkzeug_ohne_kontakt", set(ids) - set(contacts["werkzeug_id"]),
             "„{}“ nennt keine Ansprechperson.")
    indicators = plan.indikatoren
    per_tool("werkzeug_ohne_indikator", set(ids) - set(indicators["werkzeug_id"].dropna()),
             "„{}“ hat keinen eigenen Indikator.", INDICATORS)
    undated = measures[measures["termin_id"].isna() & (measures["status_version"] == 0)]
    per_measure("massnahme_ohne_termin_ohne_status", undated,
                "„{m}“ ({w}) hat weder Termin noch Status.", PROGRESS)
    states = massnahme_states(rows, stichtag, stichtag.replace(day=1))
    late = measures[measures["massnahme_id"].isin(
        set(states.loc[states["ueberfaellig"], "massnahme_id"]))]
    per_measure("massnahme_ueberfaellig", late,
                f"„{{m}}“ ({{w}}) ist zum {stichtag:%d.%m.%Y} überfällig.", PROGRESS)
    per_measure("massnahme_ohne_aktualisierung", _stale(rows, measures, stichtag),
                f"„{{m}}“ ({{w}}) läuft, hat aber seit über {STALE_DAYS} Tagen keinen "
                "Statuseintrag.", PROGRESS)
    year = plan.info["jahr"]
    dated = rows[rows["termin_id"].notna() & ~rows["fortfuehrung"].astype(bool)]
    outside = dated[(dated["beginn"].dt.year != year) | (dated["ende"].dt.year != year)]
    per_measure("termin_ausserhalb_planjahr", outside.drop_duplicates("massnahme_id"),
                f"„{{m}}“ ({{w}}) hat einen Termin außerhalb von {year} und ist nicht als "
                "Fortführung markiert.")
    chosen = indicators[indicators["werkzeug_id"].isin(ids) | indicators["werkzeug_id"].isna()]
    goal = chosen[chosen["art"] == "Zielindikator"]
    for rule, column, what in (("zielindikator_ohne_ziel", "zielwert", "Zielwert"),
                               ("zielindikator_ohne_basis", "basiswert", "Basiswert")):
        findings.extend(Finding(rule, f"„{name}“: der Plan nennt keinen {what}.",
                                werkzeug=None if pd.isna(t) else int(t), indikator=int(i),
                                seite=INDICATORS)
                        for i, t, name in zip(goal.loc[goal[column].isna(), "id"],
                                              goal.loc[goal[column].isna(), "werkzeug_id"],
                                              goal.loc[goal[column].isna(), "name"], strict=True))
    unknown = unquantified_werkzeuge(plan.budget_items, tools)
    per_tool("budget_nicht_beziffert", set(tools.loc[tools["name"].isin(unknown["Werkzeug"]),
                                                     "id"]),
             "„{}“: der Plan beziffert kein Budget.")
    findings += _goals_without_tool(plan)
    log = plan.import_log
    differs = log[log["werkzeug"].notna() & log["meldung"].str.contains("Übersicht",
                                                                        regex=False)]
    per_tool("uebersicht_weicht_ab", set(tools.loc[tools["name"].isin(differs["werkzeug"]),
                                                   "id"]),
             "„{}“: Übersicht und Werkzeugblatt weichen ab (siehe Importhinweise).")
    return Plancheck(stichtag, tuple(findings))


def _stale(rows: pd.DataFrame, measures: pd.DataFrame, stichtag: date) -> pd.DataFrame:
    """Open measures that started by the Stichtag and whose last status entry (or, without
    one, their start) lies more than STALE_DAYS before it."""
    dated = rows[rows["termin_id"].notna()]
    started = dated.groupby("massnahme_id")["beginn"].min()
    started = started[started <= pd.Timestamp(stichtag)]
    if started.empty:  # e.g. a plan just carried forward, its measures still without Termin
        return measures.iloc[:0]
    chosen = measures[measures["massnahme_id"].isin(set(started.index))
                      & ~measures["status"].isin(vocab.CLOSED)]
    since = chosen["status_am"].where(chosen["status_version"] > 0,
                                      chosen["massnahme_id"].map(started))
    limit = pd.Timestamp(stichtag - timedelta(days=STALE_DAYS))
    return chosen[pd.to_datetime(since) < limit]


def _goals_without_tool(plan: PlanData) -> list[Finding]:
    goals = plan.ziele
    linked = set(plan.table(bl.ziel_werkzeuge)["ziel_id"])
    lonely = goals[(goals["ebene"] == vocab.CONCRETE) & ~goals["id"].isin(linked)]
    return [Finding("ziel_ohne_werkzeug", f"Kein Werkzeug dient dem Ziel „{text}“.",
                    ziel=int(i), seite=EDIT) for i, text in zip(lonely["id"], lonely["text"],
                                                                 strict=True)]
