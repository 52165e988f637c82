"""Budget views: totals as ranges per period, per field, per Werkzeug, and what is unknown.

Only stated amounts are summed; a Werkzeug without an amount is listed, never counted as 0 €.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from werkstatt import formats, vocab
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData

PERIODS = {None: "ohne Zeitangabe", vocab.ONCE: "einmalig", vocab.YEARLY: "pro Jahr",
           vocab.PROJECT_TERM: "Projektlaufzeit"}


def _period(value) -> str:
    return PERIODS.get(value if isinstance(value, str) else None, str(value))


@dataclass
class Totals:
    by_period: dict[str, tuple[float, float]]  # label -> (sum of minimums, sum of maximums)
    vk: float
    unquantified: list[str]  # Werkzeuge with budget items but no amount
    approximate: int  # items stated as "ca."
    approximate_periods: frozenset[str] = frozenset()  # periods whose sum holds a "ca." item

    def amount(self, label: str) -> str:
        """The sum of one period as exact as its items: 'ca. 1.011.165 – 1.013.165 €'."""
        low, high = self.by_period[label]
        return formats.money(low, high, label in self.approximate_periods)

    @property
    def headlines(self) -> list[tuple[str, str]]:
        """(period, sum) per period, never added up across periods: 'ohne Zeitangabe',
        'pro Jahr', 'einmalig', 'Projektlaufzeit'."""
        return [(label, self.amount(label)) for label in self.by_period]

    @property
    def headline(self) -> str:
        """The sums in one line, each period apart: 'ca. 1.011.165 – 1.013.165 € (ohne
        Zeitangabe) · ca. 27.000 – 32.000 € (pro Jahr)'; one period without its label."""
        if not self.by_period:
            return formats.NO_AMOUNT
        if len(self.by_period) == 1:
            return self.headlines[0][1]
        return " · ".join(f"{amount} ({label})" for label, amount in self.headlines)

    @property
    def headline_label(self) -> str:
        """What the headline sums: 'Beträge pro Jahr' for one period, else 'Beträge' (the
        headline names each period)."""
        if len(self.by_period) > 1:
            return "Beträge"
        return f"Beträge {next(iter(self.by_period), 'ohne Zeitangabe')}"

    @property
    def caption(self) -> str:
        if not self.by_period:
            return "Der Plan nennt für die gewählten Werkzeuge keine Beträge."
        parts = []
        if len(self.by_period) > 1:
            parts.append("Beträge mit verschiedenem Zeitbezug werden nicht zusammengezählt")
        if self.vk:
            parts.append(f"Personal: {formats.number(self.vk)} VK (nicht in Euro beziffert)")
        if self.approximate:
            parts.append(f"{self.approximate} Betrag/Beträge nennt der Plan nur ungefähr "
                         "(„ca.“): eine Summe mit ihnen steht als „ca.“ auf ganze Euro")
        if self.unquantified:
            parts.append(f"Nicht enthalten: {len(self.unquantified)} Werkzeug(e) ohne "
                         "bezifferten Betrag (Liste auf der Seite Budget)")
        return ". ".join(parts) + "."


def totals(items: pd.DataFrame, tools: pd.DataFrame | None = None) -> Totals:
    """Range totals per period; an item 'bis 5.000 €' adds to the maximum only."""
    by_period: dict[str, tuple[float, float]] = {}
    approximate = set()
    stated = items[items["betrag_max"].notna() | items["betrag_min"].notna()]
    order = sorted(stated["periode"].map(_period).unique(), key=lambda p: p != PERIODS[None])
    for label in order:
        group = stated[stated["periode"].map(_period) == label]
        by_period[label] = range_sum(group)
        if group["ungefaehr"].astype(bool).any():
            approximate.add(label)
    return Totals(by_period, float(items["vk"].fillna(0).sum()),
                  unquantified_werkzeuge(items, tools)["Werkzeug"].tolist(),
                  int(stated["ungefaehr"].sum()), frozenset(approximate))


def range_sum(items: pd.DataFrame) -> tuple[float, float]:
    """(sum of minimums, sum of maximums) of items with an amount; an item "bis 5.000 €" adds
    to the maximum only, and when no item states a lower amount the minimum stays unknown
    (NaN, shown as "bis …")."""
    return (float(items["betrag_min"].sum(min_count=1)),
            float(items["betrag_max"].fillna(items["betrag_min"]).sum()))


def unquantified_werkzeuge(items: pd.DataFrame, tools: pd.DataFrame | None = None) -> pd.DataFrame:
    """Werkzeuge for which the plan states no amount (and no staff positions), with its text."""
    has_amount = items[items["betrag_max"].notna() | items["betrag_min"].notna() |
                       items["vk"].notna()]["werkzeug_id"].unique()
    source = tools if tools is not None else items.drop_duplicates("werkzeug_id").rename(
        columns={"werkzeug_id": "id", "werkzeug": "name"})
    missing = source[~source["id"].isin(set(has_amount))]
    text = missing["budget_text"] if "budget_text" in missing else pd.Series(index=missing.index)
    return pd.DataFrame({"Werkzeug": missing["name"], "Handlungsfeld": missing["handlungsfeld"],
                         "Angabe im Plan": text.where(text.notna(), "keine Angabe")}
                        ).reset_index(drop=True)


def item_amounts(items: pd.DataFrame) -> list[str]:
    """Each item's amount as exact as the plan states it ('ca. 800.000 €', '210.165,00 €')."""
    return [formats.money(lo, hi, bool(approx)) for lo, hi, approx in zip(
        items["betrag_min"], items["betrag_max"], items["ungefaehr"], strict=True)]


def item_table(items: pd.DataFrame) -> pd.DataFrame:
    """One row per budget item, formatted German, the amount first (in view at 1024 px),
    with the verbatim text beside it."""
    return pd.DataFrame({
        "Betrag": item_amounts(items), "Zeitbezug": items["periode"].map(_period),
        "Werkzeug": items["werkzeug"], "Handlungsfeld": items["handlungsfeld"],
        "VK": [formats.number(v) if v == v and v is not None else "–" for v in items["vk"]],
        "Art": items["art"], "Text im Plan": items["text"],
    })


def handlungsfeld_table(items: pd.DataFrame) -> pd.DataFrame:
    """Per field of action and period: summed range ("ca." when it holds an approximate item),
    staff positions, Werkzeuge counted; the sum first (in view at 1024 px)."""
    rows = []
    for (field, period), group in items.groupby(["handlungsfeld", items["periode"].map(_period)],
                                                sort=False):
        stated = group[group["betrag_max"].notna() | group["betrag_min"].notna()]
        low, high = range_sum(stated) if len(stated) else (None, None)
        rows.append({"Summe (Spanne)": formats.money(
                         low, high, bool(stated["ungefaehr"].astype(bool).any())),
                     "Zeitbezug": period, "Handlungsfeld": field,
                     "VK": formats.number(group["vk"].fillna(0).sum()) if group["vk"].notna().any()
                     else "–",
                     "Werkzeuge mit Betrag": stated["werkzeug"].nunique()})
    return pd.DataFrame(rows, columns=["Summe (Spanne)", "Zeitbezug", "Handlungsfeld", "VK",
                                       "Werkzeuge mit Betrag"])


@dataclass(frozen=True)
class BudgetView:
    """What the Budget page, the presentation and the handout show for the filtered
    Werkzeuge (the month does not matter). Shared: read it, never change it."""
    werkzeuge: int  # how many Werkzeuge pass the filters
    totals: Totals
    items: pd.DataFrame  # the budget items (queries.budget_items rows), for the chart
    stated: int  # items with an amount
    table: pd.DataFrame  # item_table
    by_field: pd.DataFrame  # handlungsfeld_table
    unknown: pd.DataFrame  # unquantified_werkzeuge


def budget_view(plan: PlanData, filters: Filters) -> BudgetView:
    ids = plan.werkzeug_ids(filters)
    tools = plan.werkzeuge[plan.werkzeuge["id"].isin(ids)]
    items = plan.budget_items[plan.budget_items["werkzeug_id"].isin(ids)]
    return BudgetView(len(tools), totals(items, tools), items,
                      int(items["betrag_max"].notna().sum()), item_table(items),
                      handlungsfeld_table(items), unquantified_werkzeuge(items, tools))
