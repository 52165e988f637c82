"""Pure computations on the schedule: plan months, month windows, Stichtag, Gantt rows."""
from __future__ import annotations

from datetime import date

import pandas as pd

from werkstatt import formats, vocab
from werkstatt.dates import month_end, next_month

WIDEST = 5  # years before and after the plan year the views show at most


def plan_monate(year: int, schedule: pd.DataFrame | None = None) -> list[date]:
    """First days of all months of the plan period: the plan year, widened to every Termin,
    but never beyond WIDEST years either side (a Termin in 9999 must not break every view)."""
    first, last = date(year, 1, 1), date(year, 12, 1)
    if schedule is not None and schedule["beginn"].notna().any():
        first = max(min(first, schedule["beginn"].min().date().replace(day=1)),
                    date(year - WIDEST, 1, 1))
        last = min(max(last, schedule["ende"].max().date().replace(day=1)),
                   date(year + WIDEST, 12, 1))
    months, current = [], first
    while current <= last:
        months.append(current)
        current = next_month(current)
    return months


def touching_monat(schedule: pd.DataFrame, month: date) -> pd.Series:
    """Rows whose Termin touches the month (beginn <= month end and ende >= month start)."""
    start, end = pd.Timestamp(month), pd.Timestamp(month_end(month))
    return (schedule["beginn"] <= end) & (schedule["ende"] >= start)


def massnahmen_in_monat(schedule: pd.DataFrame, month: date) -> set[int]:
    return set(schedule.loc[touching_monat(schedule, month), "massnahme_id"])


def undated(schedule: pd.DataFrame) -> pd.DataFrame:
    """Measures without any Termin, one row each."""
    return schedule[schedule["termin_id"].isna()]


def termin_texts(rows: pd.DataFrame) -> pd.Series:
    """Each dated row's Termin in words, with its label and 'ungefähr' where it applies."""
    # datetime64[D] -> date objects in one step: iterating Timestamps took 150 ms at 7,000 rows
    begins = rows["beginn"].to_numpy(dtype="datetime64[D]").tolist()
    ends = rows["ende"].to_numpy(dtype="datetime64[D]").tolist()
    text = pd.Series([formats.span(b, e) for b, e in zip(begins, ends, strict=True)],
                     index=rows.index, dtype=object)
    label = rows["bezeichnung"].where(rows["bezeichnung"].notna(), None)
    text = text.where(label.isna(), text + " (" + label.astype(str) + ")")
    return text.where(~rows["ungefaehr"].astype(bool), text + " (ungefähr)")


def termine_by_massnahme(dated: pd.DataFrame) -> dict[int, str]:
    """{massnahme_id: 'Sep 2019; Okt 2019'}: each measure's Termine in words, in row order."""
    spans: dict[int, list[str]] = {}  # a loop: a groupby with a Python join is 10× slower
    for massnahme_id, text in zip(dated["massnahme_id"], termin_texts(dated), strict=True):
        spans.setdefault(massnahme_id, []).append(text)
    return {key: "; ".join(texts) for key, texts in spans.items()}


MEASURE_COLUMNS = ["massnahme_id", "Handlungsfeld", "Werkzeug", "Maßnahme", "Zeitraum", "Beginn",
                   "Ende", "Hinweis", "Kontakte"]


def massnahme_table(schedule: pd.DataFrame, kontakte: dict[int, str]) -> pd.DataFrame:
    """One row per measure: Werkzeug, Maßnahme, Zeitraum (all Termine in words), Kontakte
    ({werkzeug_id: text}, from contacts.kontakte_by_werkzeug)."""
    if schedule.empty:
        return pd.DataFrame(columns=MEASURE_COLUMNS)
    dated = schedule[schedule["termin_id"].notna()]
    table = schedule.groupby("massnahme_id", sort=False).agg(
        Handlungsfeld=("handlungsfeld", "first"), Werkzeug=("werkzeug", "first"),
        Maßnahme=("massnahme", "first"), werkzeug_id=("werkzeug_id", "first"),
        Beginn=("beginn", "min"), Ende=("ende", "max"), Hinweis=("hinweis", "first"),
    ).reset_index()
    table["Zeitraum"] = table["massnahme_id"].map(termine_by_massnahme(dated)).astype(
        object).fillna("ohne Termin")
    table["Kontakte"] = table["werkzeug_id"].map(kontakte).astype(object).fillna("")
    table["Hinweis"] = table["Hinweis"].astype(object).fillna("")  # an empty cell, never "None"
    return table[MEASURE_COLUMNS]


def termin_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The Termine of one measure with the raw mark from the plan and its reading."""
    dated = rows[rows["termin_id"].notna()]
    return pd.DataFrame({
        "Termin": [formats.span(b.date(), e.date()) for b, e in zip(dated["beginn"],
                                                                    dated["ende"], strict=True)],
        "Art": dated["art"].map(vocab.TERMIN_KIND_LABELS),
        "ungefähr": dated["ungefaehr"].map({True: "ja", False: "nein"}),
        "Markierung im Plan": dated["rohmarke"], "Deutung": dated["deutung"],
    })


def first_massnahmen(rows: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    """The rows of the first `limit` measures (in plan order) and how many there are in all;
    a chart of thousands of rows is neither readable nor fast, the table keeps them all."""
    ids = rows["massnahme_id"].drop_duplicates()
    return rows[rows["massnahme_id"].isin(set(ids.iloc[:limit]))], len(ids)


def massnahme_picker(schedule: pd.DataFrame) -> pd.DataFrame:
    """One row per measure for a picker: massnahme_id, werkzeug_id, Werkzeug and the label
    'Werkzeug › Maßnahme', in plan order."""
    measures = schedule.drop_duplicates("massnahme_id")
    return pd.DataFrame({"massnahme_id": measures["massnahme_id"],
                         "werkzeug_id": measures["werkzeug_id"],
                         "Werkzeug": measures["werkzeug"],
                         "label": measures["werkzeug"] + " › " + measures["massnahme"]}
                        ).reset_index(drop=True)


def latest_comments(schedule: pd.DataFrame) -> dict[int, str]:
    """Each measure's latest comment (that of its newest progress entry, as the worklist's
    "letzter Kommentar"); measures without one are left out."""
    measures = schedule.drop_duplicates("massnahme_id")
    found = measures[measures["kommentar"].notna() & (measures["kommentar"] != "")]
    return dict(zip(found["massnahme_id"].astype(int), found["kommentar"], strict=True))
