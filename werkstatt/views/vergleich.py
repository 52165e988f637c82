"""The plan against the Beschluss (or any Stand), month by month: per measure the months then
and now, the shift of its end month, new and removed measures, and the reason of every shift.
The Zeitplan (table and grey bars), the presentation, the handout and the report render this
one object (pure)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from werkstatt.views import baseline as bl
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData
from werkstatt.views.schedule import termin_texts

NEW, REMOVED, SHIFTED = "neu", "entfallen", "verschoben"
NOW, SHIFT, CHANGE, REASON = "jetzt", "Verschiebung (Monate)", "Änderung", "Grund"
NO_DATE, UNKNOWN = "ohne Termin", "unbekannt"


@dataclass(frozen=True)
class Vergleich:
    """Shared between sessions by the dashboard: read it, never change it."""
    baseline: bl.Baseline
    rows: pd.DataFrame  # one row per measure then or now: see COLUMNS
    ghost: pd.DataFrame  # the baseline's Termine of the changed measures (grey bars)
    neu: int
    entfallen: int
    verschoben: int

    @property
    def legend(self) -> str:
        """'seit Beschluss: 1 neu, 2 entfallen, 3 verschoben'."""
        return (f"{self.baseline.seit}: {self.neu} neu, {self.entfallen} entfallen, "
                f"{self.verschoben} verschoben")

    @property
    def changed(self) -> pd.DataFrame:
        """Only the measures that are new, removed or moved."""
        return self.rows[self.rows[CHANGE] != ""]

    def table(self, only_changed: bool = False) -> pd.DataFrame:
        """The comparison as a German table (the baseline's column named after it)."""
        rows = self.changed if only_changed else self.rows
        shown = rows[["Handlungsfeld", "Werkzeug", "Maßnahme", "then", NOW, SHIFT, CHANGE,
                      REASON]].rename(columns={"then": self.baseline.column})
        return shown.assign(**{SHIFT: [shift_text(v, c) for v, c in zip(
            shown[SHIFT], shown[CHANGE], strict=True)]})


def shift_text(value, change: str = SHIFTED) -> str:
    """+2, −1, ±0 or '–' (no months then or now); empty for a measure that did not change."""
    if not change:
        return ""
    if value is None or value != value:
        return "–"
    value = int(value)
    return f"+{value}" if value > 0 else ("±0" if value == 0 else f"−{-value}")


def _month_index(series: pd.Series) -> pd.Series:
    return series.dt.year * 12 + series.dt.month - 1


def _months(termine: pd.DataFrame) -> dict[int, frozenset[int]]:
    """{massnahme_id: the months (year*12+month-1) its Termine touch}."""
    found: dict[int, set[int]] = {}
    for mid, first, last in zip(termine["massnahme_id"], _month_index(termine["beginn"]),
                                _month_index(termine["ende"]), strict=True):
        found.setdefault(int(mid), set()).update(range(int(first), int(last) + 1))
    return {mid: frozenset(months) for mid, months in found.items()}


def _texts(termine: pd.DataFrame) -> dict[int, str]:
    if termine.empty:
        return {}
    texts = termin_texts(termine)
    joined: dict[int, list[str]] = {}
    for mid, text in zip(termine["massnahme_id"], texts, strict=True):
        joined.setdefault(int(mid), []).append(text)
    return {mid: "; ".join(parts) for mid, parts in joined.items()}


def _end(termine: pd.DataFrame) -> dict[int, int]:
    if termine.empty:
        return {}
    ends = termine.assign(m=_month_index(termine["ende"])).groupby("massnahme_id")["m"].max()
    return {int(k): int(v) for k, v in ends.items()}


def vergleich(plan: PlanData, filters: Filters, baseline: bl.Baseline) -> Vergleich:
    """The measures of the filtered Werkzeuge then and now; with a month, those touching it
    then or now."""
    whole = plan.derived(("vergleich", baseline.id), lambda: _whole(plan, baseline))
    rows = whole[whole["werkzeug_id"].isin(plan.werkzeug_ids(filters))]
    if filters.monat is not None:
        month = filters.monat.year * 12 + filters.monat.month - 1
        rows = rows[[month in a or month in b for a, b in zip(rows["months_then"],
                                                              rows["months_now"], strict=True)]]
    changed = set(rows.loc[rows[CHANGE] != "", "massnahme_id"])
    then = plan.table(bl.stand_termine)
    ghost = then[(then["stand_id"] == baseline.id) & then["massnahme_id"].isin(changed)]
    counts = rows[CHANGE].value_counts()
    return Vergleich(baseline, rows[COLUMNS].reset_index(drop=True), ghost,
                     int(counts.get(NEW, 0)), int(counts.get(REMOVED, 0)),
                     int(counts.get(SHIFTED, 0)))


def _whole(plan: PlanData, baseline: bl.Baseline) -> pd.DataFrame:
    """Every measure then or now (COLUMNS, werkzeug_id and both month sets), once per data
    version and Stand: the filters only pick rows of it."""
    now = plan.schedule
    then_measures = plan.table(bl.stand_massnahmen)
    then_measures = then_measures[then_measures["stand_id"] == baseline.id]
    then = plan.table(bl.stand_termine)
    then = then[then["stand_id"] == baseline.id]
    dated_now = now[now["termin_id"].notna()]
    months_then, months_now = _months(then), _months(dated_now)
    texts_then, texts_now = _texts(then), _texts(dated_now)
    end_then, end_now = _end(then), _end(dated_now)
    known = dict(zip(then_measures["massnahme_id"].astype(int),
                     then_measures["termine_bekannt"].astype(bool), strict=True))
    current = now.drop_duplicates("massnahme_id")
    tools = plan.werkzeuge.set_index("id")
    why = bl.reasons(plan, baseline)
    records = []
    for mid, tool_id, field, tool, title in zip(
            current["massnahme_id"].astype(int), current["werkzeug_id"], current["handlungsfeld"],
            current["werkzeug"], current["massnahme"], strict=True):
        records.append(_record(mid, tool_id, field, tool, title, mid in known,
                               known.get(mid, True), months_then, months_now, texts_then,
                               texts_now, end_then, end_now, why))
    removed = then_measures[~then_measures["massnahme_id"].isin(set(current["massnahme_id"]))]
    for row in removed.itertuples():
        mid = int(row.massnahme_id)
        tool = tools.loc[row.werkzeug_id]
        record = _record(mid, row.werkzeug_id, tool["handlungsfeld"], tool["name"], row.titel,
                         True, bool(row.termine_bekannt), months_then, {}, texts_then, {},
                         end_then, {}, why)
        record.update({NOW: "entfernt", CHANGE: REMOVED, SHIFT: None})
        records.append(record)
    return pd.DataFrame(records, columns=[*COLUMNS, "werkzeug_id", "months_then",
                                          "months_now"])


COLUMNS = ["massnahme_id", "Handlungsfeld", "Werkzeug", "Maßnahme", "then", NOW, SHIFT, CHANGE,
           REASON]


def _record(mid: int, tool_id, field, tool, title, in_baseline: bool, months_known: bool,
            months_then: dict, months_now: dict, texts_then: dict, texts_now: dict,
            end_then: dict, end_now: dict, why: dict) -> dict:
    now_text = texts_now.get(mid, NO_DATE)
    if not in_baseline:
        then_text, change, shift = "– (neu)", NEW, None
    elif not months_known:  # a file whose adopted months could not be recovered
        then_text, change, shift = UNKNOWN, "", None
    else:
        then_text = texts_then.get(mid, NO_DATE)
        moved = months_then.get(mid, frozenset()) != months_now.get(mid, frozenset())
        change = SHIFTED if moved else ""
        shift = (end_now[mid] - end_then[mid]) if moved and mid in end_now and mid in end_then \
            else None
    return {"massnahme_id": mid, "Handlungsfeld": field, "Werkzeug": tool, "Maßnahme": title,
            "then": then_text, NOW: now_text, SHIFT: shift, CHANGE: change,
            REASON: why.get(mid, ""), "werkzeug_id": tool_id,
            "months_then": months_then.get(mid, frozenset()),
            "months_now": months_now.get(mid, frozenset())}


def with_comparison(measures: pd.DataFrame, found: Vergleich, columns: list[str],
                    only_changed: bool = False, at_end: bool = False) -> pd.DataFrame:
    """A measure table (massnahme_id and `columns`, e.g. the Zeitplan's) with the months then
    and now, the shift and its reason after the title (`at_end`: after all its columns, which
    keep their order, as a CSV's readers expect); the changed measures it lacks (removed, now
    without a date, or moved out of the chosen month) are added at its end."""
    compared = found.rows[["massnahme_id", "then", NOW, SHIFT, CHANGE, REASON]]
    table = measures.merge(compared, on="massnahme_id", how="left")
    missing = found.changed[~found.changed["massnahme_id"].isin(set(measures["massnahme_id"]))]
    table = pd.concat([table, missing.assign(Status="–")], ignore_index=True)
    if only_changed:
        table = table[table[CHANGE].fillna("") != ""]
    rest = [] if at_end else [c for c in columns if c not in ("Maßnahme", "Zeitraum", "Status")]
    table = table.fillna({c: "" for c in (CHANGE, REASON, *rest)
                          if c not in ("Beginn", "Ende")})
    table = table.assign(**{SHIFT: [shift_text(v, c) for v, c in zip(
        table[SHIFT], table[CHANGE], strict=True)]})
    # shown: what matters first (the title, its months now, its status), then the comparison
    order = ([*columns, "then", NOW, SHIFT, CHANGE, REASON] if at_end else
             [*[c for c in columns if c == "Maßnahme"], NOW,
              *[c for c in columns if c == "Status"], "then", SHIFT, CHANGE, REASON, *rest])
    return table[["massnahme_id", *order]].rename(
        columns={"then": found.baseline.column}).reset_index(drop=True)
