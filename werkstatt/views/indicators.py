"""Indicator facts and values as German tables (what the plan states, nothing invented)."""
from __future__ import annotations

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
