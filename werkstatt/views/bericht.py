"""The Sachstandsbericht for the committee: one content object (pure) that the PDF and the
DOCX renderer (werkstatt.outputs.report) both draw. It holds no date but the Stichtag and the
Stände's, so the same Stichtag on unchanged data gives the same text."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from werkstatt import formats, vocab
from werkstatt.dates import next_month
from werkstatt.store.baseline import beschluss_name
from werkstatt.views import baseline as bl
from werkstatt.views import fortschreibung, indicators, plancheck, queries, termintreue, vergleich
from werkstatt.views.budget import handlungsfeld_table, totals
from werkstatt.views.filters import Filters, describe
from werkstatt.views.plan_data import PlanData
from werkstatt.views.schedule import massnahmen_in_monat, termine_by_massnahme

# a symbol and a word per status: readable in greyscale and without colour
STATUS_SIGNS = {vocab.DONE: "✓", vocab.IN_PROGRESS: "◐", vocab.OPEN: "○",
                vocab.POSTPONED: "→", vocab.DROPPED: "✗"}
OVERDUE_SIGN = "!"


@dataclass(frozen=True)
class Sachstandsbericht:
    titel: str
    untertitel: str  # plan, county
    beschluss: str  # "Beschluss vom 30.01.2019"
    stichtag: date
    vergleich_mit: bl.Baseline
    filter: str  # the filters in words
    status: pd.DataFrame  # per Handlungsfeld: a column per status (symbol and word), overdue
    termintreue: termintreue.Termintreue
    aenderungen: pd.DataFrame  # each new, removed or moved measure: months then/now, shift, Grund
    aenderungen_zeile: str  # "seit Beschluss: 1 neu, 0 entfallen, 2 verschoben"
    naechstes_titel: str
    naechstes: pd.DataFrame  # what is due next: Werkzeug, Maßnahme, Termine, Status
    indikatoren: pd.DataFrame  # indicators against targets
    budget: pd.DataFrame  # the budget as adopted, per field and period
    budget_summe: str
    befunde: pd.DataFrame  # the Plancheck's findings per rule (rules with findings)
    befunde_zahl: int
    uebergang_titel: str | None = None  # "Übergang 2019 → 2020" once carried forward
    uebergang: pd.DataFrame | None = None  # the Übergang's table (werkstatt.views.fortschreibung)

    @property
    def facts(self) -> list[tuple[str, str]]:
        """The title block's lines: what the report is about."""
        facts = [("Plan", self.untertitel), ("Beschluss", self.beschluss),
                 ("Stichtag", formats.day(self.stichtag)),
                 ("Verglichen mit", self.vergleich_mit.label)]
        return facts + [("Auswahl", self.filter)]


def status_table(states: pd.DataFrame) -> pd.DataFrame:
    """Counts per field of action, each column a status with its symbol and word."""
    columns = [f"{STATUS_SIGNS[s]} {s}" for s in vocab.STATUSES]
    rows = []
    for field, group in states.groupby("handlungsfeld", sort=False):
        counts = group["status"].value_counts()
        row = {"Handlungsfeld": field}
        row.update({f"{STATUS_SIGNS[s]} {s}": int(counts.get(s, 0)) for s in vocab.STATUSES})
        row[f"{OVERDUE_SIGN} davon überfällig"] = int(group["ueberfaellig"].sum())
        row["Maßnahmen"] = len(group)
        rows.append(row)
    return pd.DataFrame(rows, columns=["Handlungsfeld", *columns,
                                       f"{OVERDUE_SIGN} davon überfällig", "Maßnahmen"])


def _next(plan: PlanData, filters: Filters, stichtag: date) -> tuple[str, pd.DataFrame]:
    """Open measures whose Termine touch the Stichtag's month or the next."""
    first = stichtag.replace(day=1)
    months = [first] + ([next_month(first)] if next_month(first) <= plan.months()[-1] else [])
    rows = plan.rows_of(filters)
    ids = set().union(*(massnahmen_in_monat(rows, m) for m in months))
    chosen = rows[rows["massnahme_id"].isin(ids) & ~rows["status"].isin(vocab.CLOSED)]
    spans = termine_by_massnahme(chosen[chosen["termin_id"].notna()])
    measures = chosen.drop_duplicates("massnahme_id")
    table = pd.DataFrame({"Werkzeug": measures["werkzeug"], "Maßnahme": measures["massnahme"],
                          "Termine": measures["massnahme_id"].map(spans),
                          "Status": measures["status"]}).reset_index(drop=True)
    title = "Als Nächstes: " + " und ".join(formats.month_long(m) for m in months)
    return title, table


def adopted_budget(plan: PlanData, filters: Filters, baseline: bl.Baseline
                   ) -> tuple[pd.DataFrame, str]:
    """The budget items as the Stand holds them, per field and period, and their sum."""
    ids = plan.werkzeug_ids(filters)
    tools = plan.werkzeuge[plan.werkzeuge["id"].isin(ids)]
    items = plan.table(bl.stand_budget)
    items = items[(items["stand_id"] == baseline.id) & items["werkzeug_id"].isin(ids)].merge(
        tools[["id", "name", "handlungsfeld", "budget_text"]].rename(
            columns={"id": "werkzeug_id", "name": "werkzeug"}), on="werkzeug_id")
    total = totals(items, tools)
    return handlungsfeld_table(items), f"Summe der genannten {total.headline_label}: " \
                                       f"{total.headline}. {total.caption}"


def sachstandsbericht(plan: PlanData, filters: Filters, baseline: bl.Baseline
                      ) -> Sachstandsbericht:
    stichtag = filters.stichtag or plan.default_stichtag()
    filters = replace(filters, stichtag=stichtag)
    info = plan.info
    found = vergleich.vergleich(plan, replace(filters, monat=None), baseline)
    changes = found.table(only_changed=True).drop(columns="Handlungsfeld")
    next_title, upcoming = _next(plan, filters, stichtag)
    indicator_view = indicators.indikatoren(plan, filters)  # the Indikatoren page's Stand
    budget, budget_sum = adopted_budget(plan, filters, baseline)
    check = plancheck.plancheck(plan, filters)
    # the Übergang out of this plan (carried forward) or else into it (from its predecessor)
    passage: tuple[str, pd.DataFrame] | None = fortschreibung.uebergang_hierher(plan)
    if (nach := plan.table(queries.nachfolger_jahr)) is not None:
        out = fortschreibung.fortschreibung(plan, int(nach)).uebergang
        passage = out.title, out.table(dict(zip(plan.werkzeuge["id"], plan.werkzeuge["name"],
                                                strict=True)))
    counts = check.counts()
    findings = pd.DataFrame([{"Regel": plancheck.RULES[rule], "Befunde": n}
                             for rule, n in counts.items() if n], columns=["Regel", "Befunde"])
    return Sachstandsbericht(
        titel=f"Sachstandsbericht zum {info['titel']}",
        untertitel=f"{info['titel']}, {info['kreis']}",
        beschluss=beschluss_name(info["stand"]),
        stichtag=stichtag, vergleich_mit=baseline, filter=describe(filters),
        status=status_table(plan.states(filters)),
        termintreue=termintreue.termintreue(plan, filters, baseline),
        aenderungen=changes, aenderungen_zeile=found.legend,
        naechstes_titel=next_title, naechstes=upcoming,
        indikatoren=pd.DataFrame(
            [{"Handlungsfeld": field.name, **item.row()} for field in indicator_view.felder
             for item in field.indikatoren],
            columns=["Handlungsfeld", *indicators.TABLE_COLUMNS]),
        budget=budget, budget_summe=budget_sum, befunde=findings,
        befunde_zahl=len(check.findings),
        uebergang_titel=None if passage is None else passage[0],
        uebergang=None if passage is None else passage[1])
