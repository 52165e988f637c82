"""The shared filters: validated from a bookmarked URL, applied to the plan's tables.

A bad value in the URL (unknown month, unknown contact, markup) never raises: the filter is
reset and a German notice says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from werkstatt import formats
from werkstatt.errors import FilterValueError
from werkstatt.views.contacts import werkzeuge_with_kontakt
from werkstatt.views.schedule import massnahmen_in_monat
from werkstatt.vocab import CROSS_CUTTING, STATUSES

ALL = "alle"
MAX_TEXT = 80


@dataclass(frozen=True)
class Choices:
    """What the filters may take, from the plan."""
    monate: list[str]  # "2019-01" …
    kontakte: list[str]
    handlungsfelder: list[str]
    first_day: date
    last_day: date


@dataclass
class Filters:
    monat: str = ALL
    kontakt: str = ALL
    handlungsfeld: str = ALL
    ort: str = ""
    zielgruppe: str = ""
    stichtag: date | None = None
    notices: list[str] = field(default_factory=list)

    def monat_date(self) -> date | None:
        return None if self.monat == ALL else date.fromisoformat(self.monat + "-01")


_LABELS = {"monat": "Monat", "kontakt": "Kontakt", "handlungsfeld": "Handlungsfeld",
           "ort": "Ort", "zielgruppe": "Zielgruppe", "stichtag": "Stichtag"}


def from_query(params: dict[str, str], choices: Choices, default_stichtag: date) -> Filters:
    """Filters from URL query parameters; invalid ones are reset with a notice."""
    result = Filters(stichtag=default_stichtag)

    def reject(key: str, reset_to: str) -> None:
        result.notices.append(f"Der Filter „{_LABELS[key]}“ aus der Adresse ist ungültig und "
                              f"wurde auf „{reset_to}“ zurückgesetzt.")

    def pick(key: str, allowed: list[str]) -> str:
        value = params.get(key)
        if value is None or value == ALL:
            return ALL
        if value in allowed:
            return value
        reject(key, ALL)
        return ALL

    result.monat = pick("monat", choices.monate)
    result.kontakt = pick("kontakt", choices.kontakte)
    result.handlungsfeld = pick("handlungsfeld", choices.handlungsfelder + [CROSS_CUTTING])
    for key in ("ort", "zielgruppe"):
        value = params.get(key, "")
        if len(value) > MAX_TEXT or re.search(r"[<>{}\\]", value):
            reject(key, "leer")
            value = ""
        setattr(result, key, value.strip())
    if raw := params.get("stichtag"):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            day = None
        if day is None or not choices.first_day <= day <= choices.last_day:
            result.notices.append(
                "Der Stichtag aus der Adresse ist ungültig oder liegt außerhalb des Plans und "
                f"wurde auf den {default_stichtag:%d.%m.%Y} zurückgesetzt.")
        else:
            result.stichtag = day
    return result


def statuses_from_query(values: list[str]) -> tuple[list[str], list[str]]:
    """The Zeitplan's status filter from the URL, repeated (`?status=erledigt&status=in+Arbeit`)
    or comma-separated; returns (statuses in vocabulary order, notices). An unknown status is
    dropped with a notice that does not repeat it (URL text never reaches the page)."""
    wanted = {part.strip() for value in values for part in value.split(",") if part.strip()}
    notices = [] if wanted <= set(STATUSES) else [
        "Ein Status im Filter „Status“ aus der Adresse ist unbekannt und wurde entfernt "
        f"(möglich sind: {', '.join(STATUSES)})."]
    return [status for status in STATUSES if status in wanted], notices


def from_values(values: dict[str, str | None], choices: Choices,
                default_stichtag: date) -> Filters:
    """Filters given explicitly (command line): an unknown value is an error, not reset.
    Raises FilterValueError naming every bad value; None means 'not given'."""
    result, problems = Filters(stichtag=default_stichtag), []
    for key, allowed in (("monat", choices.monate), ("kontakt", choices.kontakte),
                         ("handlungsfeld", choices.handlungsfelder + [CROSS_CUTTING])):
        value = values.get(key)
        if value is None:
            continue
        if value not in allowed:
            problems.append(f"{_LABELS[key]} „{value}“ gibt es im Plan nicht"
                            + (" (Format JJJJ-MM)" if key == "monat" else ""))
        else:
            setattr(result, key, value)
    if (raw := values.get("stichtag")) is not None:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            problems.append(f"Stichtag „{raw}“ ist kein Datum im Format JJJJ-MM-TT")
        else:
            if choices.first_day <= day <= choices.last_day:
                result.stichtag = day
            else:
                problems.append(f"Stichtag {day:%d.%m.%Y} liegt außerhalb des Plans "
                                f"({choices.first_day:%d.%m.%Y} bis {choices.last_day:%d.%m.%Y})")
    if problems:
        raise FilterValueError("; ".join(problems) + ".")
    return result


def to_query(filters: Filters, default_stichtag: date) -> dict[str, str]:
    """The URL query for these filters; defaults are left out so links stay short."""
    query = {key: getattr(filters, key) for key in ("monat", "kontakt", "handlungsfeld")
             if getattr(filters, key) != ALL}
    query.update({key: getattr(filters, key) for key in ("ort", "zielgruppe")
                  if getattr(filters, key)})
    if filters.stichtag and filters.stichtag != default_stichtag:
        query["stichtag"] = filters.stichtag.isoformat()
    return query


def matching_werkzeuge(werkzeuge: pd.DataFrame, links: pd.DataFrame, filters: Filters) -> set[int]:
    """Werkzeuge passing the contact (any role), field, place and target-group filters."""
    selected = werkzeuge
    if filters.handlungsfeld != ALL:
        selected = selected[selected["handlungsfeld"] == filters.handlungsfeld]
    if filters.kontakt != ALL:
        selected = selected[selected["id"].isin(werkzeuge_with_kontakt(links, filters.kontakt))]
    for key, columns in (("ort", ["umsetzungsort", "umsetzungsort_uebersicht", "vor_ort_text"]),
                         ("zielgruppe", ["zielgruppe"])):
        needle = getattr(filters, key).lower()
        if needle and not selected.empty:  # agg(axis=1) on no rows gives a frame, not text
            text = selected[columns].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
            selected = selected[text.str.contains(needle, regex=False)]
    return set(selected["id"])


def filter_schedule(schedule: pd.DataFrame, werkzeug_ids: set[int],
                    filters: Filters) -> pd.DataFrame:
    """Schedule rows of the matching Werkzeuge; with a month, only measures touching it
    (all their Termine stay, so a bar is never cut)."""
    rows = schedule[schedule["werkzeug_id"].isin(werkzeug_ids)]
    month = filters.monat_date()
    if month is not None:
        rows = rows[rows["massnahme_id"].isin(massnahmen_in_monat(rows, month))]
    return rows


def describe(filters: Filters) -> str:
    """The active filters in one German line ('Gefiltert: September 2019 · Niels Buck')."""
    parts = []
    if filters.monat != ALL:
        parts.append(formats.month_long(filters.monat_date()))
    parts += [value for value in (filters.kontakt, filters.handlungsfeld) if value != ALL]
    if filters.ort:
        parts.append(f"Ort „{filters.ort}“")
    if filters.zielgruppe:
        parts.append(f"Zielgruppe „{filters.zielgruppe}“")
    return "Gefiltert: " + " · ".join(parts) if parts else "Ungefiltert: der ganze Plan."
