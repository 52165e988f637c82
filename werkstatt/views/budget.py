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

    @property
    def headline(self) -> str:
        if not self.by_period:
            return "kein Betrag genannt"
        low, high = next(iter(self.by_period.values()))
        return formats.euro_range(low, high)

    @property
    def headline_label(self) -> str:
        """What the headline sums: 'Beträge ohne Zeitangabe', 'Beträge pro Jahr', …"""
        return f"Beträge {next(iter(self.by_period), 'ohne Zeitangabe')}"

    @property
    def caption(self) -> str:
        if not self.by_period:
            return "Der Plan nennt für die gewählten Werkzeuge keine Beträge."
        parts = []
        for index, (label, (low, high)) in enumerate(self.by_period.items()):
            prefix = "Oben: Summe der genannten Beträge" if index == 0 else "Dazu"
            parts.append(f"{prefix} {label}: {formats.euro_range(low, high)}")
        if self.vk:
            parts.append(f"Personal: {formats.number(self.vk)} VK (nicht in Euro beziffert)")
        if self.approximate:
            parts.append(f"{self.approximate} Betrag/Beträge „ca.“ wie genannt gezählt")
        if self.unquantified:
            parts.append(f"Nicht enthalten: {len(self.unquantified)} Werkzeug(e) ohne "
                         "bezifferten Betrag (Liste auf der Seite Budget)")
        return ". ".join(parts) + "."


def totals(items: pd.DataFrame, tools: pd.DataFrame | None = None) -> Totals:
    """Range totals; an item 'bis 5.000 €' adds to the maximum only."""
    by_period: dict[str, tuple[float, float]] = {}
    stated = items[items["betrag_max"].notna() | items["betrag_min"].notna()]
    order = sorted(stated["periode"].map(_period).unique(), key=lambda p: p != PERIODS[None])
    for label in order:
        by_period[label] = range_sum(stated[stated["periode"].map(_period) == label])
    return Totals(by_period, float(items["vk"].fillna(0).sum()),
                  unquantified_werkzeuge(items, tools)["Werkzeug"].tolist(),
                  int(stated["ungefaehr"].sum()))


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


def item_table(items: pd.DataFrame) -> pd.DataFrame:
    """One row per budget item, formatted German, with the verbatim text beside it."""
    return pd.DataFrame({
        "Handlungsfeld": items["handlungsfeld"], "Werkzeug": items["werkzeug"],
        "Betrag": [formats.euro_range(lo, hi) for lo, hi in zip(items["betrag_min"],
                                                                items["betrag_max"], strict=True)],
        "Zeitbezug": items["periode"].map(_period),
        "VK": [formats.number(v) if v == v and v is not None else "–" for v in items["vk"]],
        "Art": items["art"], "ungefähr": items["ungefaehr"].map({True: "ja", False: "nein"}),
        "Text im Plan": items["text"],
    })


def handlungsfeld_table(items: pd.DataFrame) -> pd.DataFrame:
    """Per field of action and period: summed range, staff positions, Werkzeuge counted."""
    rows = []
    for (field, period), group in items.groupby(["handlungsfeld", items["periode"].map(_period)],
                                                sort=False):
        stated = group[group["betrag_max"].notna() | group["betrag_min"].notna()]
        low, high = range_sum(stated) if len(stated) else (None, None)
        rows.append({"Handlungsfeld": field, "Zeitbezug": period,
                     "Summe (Spanne)": formats.euro_range(low, high),
                     "VK": formats.number(group["vk"].fillna(0).sum()) if group["vk"].notna().any()
                     else "–",
                     "Werkzeuge mit Betrag": stated["werkzeug"].nunique()})
    return pd.DataFrame(rows, columns=["Handlungsfeld", "Zeitbezug", "Summe (Spanne)", "VK",
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
