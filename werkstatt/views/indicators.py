"""Indicator facts and values as German tables (what the plan states, nothing invented)."""
from __future__ import annotations

from collections.abc import Set as AbstractSet

import pandas as pd

from werkstatt import formats


def _value(value, unit) -> str:
    if value is None or value != value:
        return "im Plan nicht genannt"
    suffix = " %" if unit == "Prozent" else ""
    return formats.number(value) + suffix


def indikator_facts(ind: pd.Series) -> pd.DataFrame:
    """One row: what the plan states about the indicator; gaps say so instead of a number."""
    def when(value) -> str:
        return formats.day(pd.Timestamp(value).date()) if pd.notna(value) else "–"

    return pd.DataFrame([{
        "Art": ind["art"], "Einheit": ind["einheit"] or "–",
        "Basiswert": _value(ind["basiswert"], ind["einheit"]), "Stand": when(ind["basis_stichtag"]),
        "Zielwert": _value(ind["zielwert"], ind["einheit"]),
        "Zieltermin": when(ind["ziel_stichtag"]),
        "Richtung": ind["richtung"] if isinstance(ind["richtung"], str) else "im Plan offen",
    }])


def values_table(values: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Stichtag": [formats.day(d.date()) for d in pd.to_datetime(values["stichtag"])],
        "Wert": [formats.number(v) for v in values["wert"]],
        "Kommentar": values["kommentar"].fillna(""), "erfasst von": values["benutzer"],
    })


def selected(indicators: pd.DataFrame, tool_ids: AbstractSet[int],
             any_contact: bool) -> pd.DataFrame:
    """The indicators of the matching Werkzeuge; plan-wide ones stay unless a contact is
    chosen (they have no contact)."""
    return indicators[indicators["werkzeug_id"].isin(tool_ids) |
                      (indicators["werkzeug_id"].isna() & any_contact)]


def against_targets(indicators: pd.DataFrame, measurements: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: baseline, target and the latest recorded value (or that there is none)."""
    latest = measurements.sort_values("stichtag").drop_duplicates("indikator_id", keep="last")
    latest = latest.set_index("indikator_id")
    rows = []
    for _, row in indicators.iterrows():
        facts = indikator_facts(row).iloc[0]
        measured = latest.loc[row["id"]] if row["id"] in latest.index else None
        value = ("noch kein Messwert" if measured is None else
                 f"{formats.number(measured['wert'])} am "
                 f"{formats.day(pd.Timestamp(measured['stichtag']).date())}")
        rows.append({"Handlungsfeld": row["handlungsfeld"], "Indikator": row["name"],
                     "Basiswert": facts["Basiswert"], "Zielwert": facts["Zielwert"],
                     "Zieltermin": facts["Zieltermin"], "letzter Messwert": value})
    return pd.DataFrame(rows, columns=["Handlungsfeld", "Indikator", "Basiswert", "Zielwert",
                                       "Zieltermin", "letzter Messwert"])
