"""The change history as a German table: filters and readable old/new values."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd

from werkstatt import formats, vocab


def data_version(con, with_logins: bool = False) -> int:
    """The database's change counter: the newest change-history id. Every domain write is
    audited in the same transaction, so this grows with every write from any connection;
    login attempts change no plan data and count only `with_logins`."""
    return con.execute("SELECT coalesce(max(id), 0) FROM aenderung WHERE ? OR tabelle <> ?",
                       [with_logins, vocab.LOGIN_TABLE]).fetchone()[0]


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
