"""The change history as a German table: filters and readable old/new values."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd

from werkstatt import formats


def filtered(log: pd.DataFrame, user: str, tables: list[str], period) -> pd.DataFrame:
    rows = log
    if user and user != "alle":
        rows = rows[rows["benutzer"] == user]
    if tables:
        rows = rows[rows["tabelle"].isin(tables)]
    if isinstance(period, (list, tuple)) and len(period) == 2 and all(
            isinstance(d, date) for d in period):
        start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1]) + pd.Timedelta(days=1)
        rows = rows[(rows["zeitpunkt"] >= start) & (rows["zeitpunkt"] < end)]
    return rows


def _values(raw) -> str:
    if not isinstance(raw, str) or not raw:
        return ""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    if not isinstance(data, dict):
        return str(data)
    return "; ".join(f"{key}: {'–' if value is None else value}" for key, value in data.items())


def readable(log: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Zeitpunkt": [f"{formats.day(t.date())} {t:%H:%M:%S}" for t in log["zeitpunkt"]],
        "Benutzer": log["benutzer"], "Bereich": log["tabelle"],
        "Datensatz": [str(int(v)) if pd.notna(v) else "–" for v in log["datensatz_id"]],
        "Aktion": log["aktion"], "vorher": log["alt"].map(_values),
        "nachher": log["neu"].map(_values),
    })
