"""The shared filters: one frozen value from the URL (or the command line) to the SQL.

`Filters` is hashable and carries nothing but the choice, so it is the cache key as it is;
the month is parsed once, where the value enters (URL, command line), and every derived value
is a method. A bad value in the URL never raises: the filter is reset and a German notice,
returned beside the value, says so. A value given on the command line is checked strictly.

The Stichtag nobody chose follows the month (`stichtag_for`): a September view judges
September's measures at 30.09., not at today's 31.12. Sidebar, URL and command line all take
it from here; an explicit Stichtag always wins.
"""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from werkstatt import dates, formats
from werkstatt.errors import FilterValueError
from werkstatt.views.contacts import werkzeuge_with_kontakt
from werkstatt.views.schedule import massnahmen_in_monat
from werkstatt.vocab import ALL, CROSS_CUTTING, STATUSES

MAX_TEXT = 80
_MONTH_KEY = re.compile(r"[0-9]{4}-[0-9]{2}")


@dataclass(frozen=True)
class Choices:
    """What the filters may take, from the plan."""
    monate: tuple[date, ...]  # first days of the plan's months
    kontakte: tuple[str, ...]
    handlungsfelder: tuple[str, ...]
    first_day: date
    last_day: date

    def default_stichtag(self, today: date | None = None) -> date:
        """Today, held within the plan period (the 2019 plan shows 31.12.2019 in 2026)."""
        return min(max(today or date.today(), self.first_day), self.last_day)

    def monat(self, key: str) -> date | None:
        """The plan month a URL or command line names ('2019-09'); None if it has none such."""
        if not _MONTH_KEY.fullmatch(key):
            return None
        wanted = (int(key[:4]), int(key[5:]))
        return next((m for m in self.monate if (m.year, m.month) == wanted), None)

    def handlungsfeld_values(self) -> tuple[str, ...]:
        """The fields of action a filter may name, Querschnitt last."""
        return (*self.handlungsfelder, CROSS_CUTTING)


def stichtag_for(monat: date | None, default_day: date) -> date:
    """The Stichtag when none is chosen: the chosen month's last day (a plan month, so within
    the plan), else `default_day` (today within the plan)."""
    return default_day if monat is None else dates.month_end(monat)


@dataclass(frozen=True)
class Filters:
    """One choice of the shared filters. `monat` is the chosen month's first day (None: all
    months); text filters are matched case-insensitively as substrings."""
    monat: date | None = None
    kontakt: str = ALL
    handlungsfeld: str = ALL
    ort: str = ""
    zielgruppe: str = ""
    stichtag: date | None = None

    def monat_key(self) -> str:
        """'2019-09' as in the URL, or 'alle'."""
        return ALL if self.monat is None else dates.month_key(self.monat)

    def focus_month(self) -> date:
        """The month the views look at: the chosen one, else the Stichtag's month."""
        if self.monat is not None:
            return self.monat
        if self.stichtag is None:  # a programming error: the page and the CLI always set one
            raise ValueError("Filters ohne Monat brauchen einen Stichtag")
        return self.stichtag.replace(day=1)

    def werkzeug_choice(self) -> Filters:
        """Only what chooses Werkzeuge (contact, field, place, target group): the key of the
        views that do not depend on the month or the Stichtag."""
        return replace(self, monat=None, stichtag=None)

    @property
    def any_contact(self) -> bool:
        return self.kontakt == ALL


_LABELS = {"monat": "Monat", "kontakt": "Kontakt", "handlungsfeld": "Handlungsfeld",
           "ort": "Ort", "zielgruppe": "Zielgruppe", "stichtag": "Stichtag"}


def from_query(params: dict[str, str], choices: Choices,
               default_stichtag: date) -> tuple[Filters, list[str]]:
    """Filters from URL query parameters and the German notices of the values that were
    invalid and reset (the notices never repeat the URL's text)."""
    notices: list[str] = []

    def reject(key: str, reset_to: str) -> None:
        notices.append(f"Der Filter „{_LABELS[key]}“ aus der Adresse ist ungültig und "
                       f"wurde auf „{reset_to}“ zurückgesetzt.")

    def pick(key: str, allowed: tuple[str, ...]) -> str:
        value = params.get(key)
        if value is None or value == ALL:
            return ALL
        if value in allowed:
            return value
        reject(key, ALL)
        return ALL

    monat = None
    if (raw_month := params.get("monat")) not in (None, ALL):
        monat = choices.monat(str(raw_month))
        if monat is None:
            reject("monat", ALL)
    texts = {}
    for key in ("ort", "zielgruppe"):
        value = params.get(key, "")
        if len(value) > MAX_TEXT or re.search(r"[<>{}\\]", value):
            reject(key, "leer")
            value = ""
        texts[key] = value.strip()
    stichtag = stichtag_for(monat, default_stichtag)
    if raw := params.get("stichtag"):
        day = _iso_day(raw)
        if day is None or not choices.first_day <= day <= choices.last_day:
            notices.append(
                "Der Stichtag aus der Adresse ist ungültig oder liegt außerhalb des Plans und "
                f"wurde auf den {stichtag:%d.%m.%Y} zurückgesetzt.")
        else:
            stichtag = day
    filters = Filters(monat=monat, kontakt=pick("kontakt", choices.kontakte),
                      handlungsfeld=pick("handlungsfeld", choices.handlungsfeld_values()),
                      stichtag=stichtag, **texts)
    return filters, notices


def _iso_day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


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
    Raises FilterValueError naming every bad value; None means 'not given'. Without a
    Stichtag: the month's last day, else `default_stichtag`."""
    problems = []
    monat = None
    if (raw_month := values.get("monat")) is not None:
        monat = choices.monat(raw_month)
        if monat is None:
            problems.append(f"Monat „{raw_month}“ gibt es im Plan nicht (Format JJJJ-MM)")
    chosen: dict[str, object] = {"monat": monat,
                                 "stichtag": stichtag_for(monat, default_stichtag)}
    for key, allowed in (("kontakt", choices.kontakte),
                         ("handlungsfeld", choices.handlungsfeld_values())):
        value = values.get(key)
        if value is None:
            continue
        if value not in allowed:
            problems.append(f"{_LABELS[key]} „{value}“ gibt es im Plan nicht")
        chosen[key] = value
    if (raw := values.get("stichtag")) is not None:
        day = _iso_day(raw)
        if day is None:
            problems.append(f"Stichtag „{raw}“ ist kein Datum im Format JJJJ-MM-TT")
        elif choices.first_day <= day <= choices.last_day:
            chosen["stichtag"] = day
        else:
            problems.append(f"Stichtag {day:%d.%m.%Y} liegt außerhalb des Plans "
                            f"({choices.first_day:%d.%m.%Y} bis {choices.last_day:%d.%m.%Y})")
    if problems:
        raise FilterValueError("; ".join(problems) + ".")
    return Filters(**chosen)  # type: ignore[arg-type]


def to_query(filters: Filters, default_stichtag: date) -> dict[str, str]:
    """The URL query for these filters; defaults are left out so links stay short (a
    Stichtag only when it differs from the one the month gives: then it was chosen)."""
    query = {"monat": filters.monat_key(), "kontakt": filters.kontakt,
             "handlungsfeld": filters.handlungsfeld}
    query = {key: value for key, value in query.items() if value != ALL}
    query.update({key: getattr(filters, key) for key in ("ort", "zielgruppe")
                  if getattr(filters, key)})
    if filters.stichtag and filters.stichtag != stichtag_for(filters.monat, default_stichtag):
        query["stichtag"] = filters.stichtag.isoformat()
    return query


def matching_werkzeuge(werkzeuge: pd.DataFrame, links: pd.DataFrame, filters: Filters) -> set[int]:
    """Werkzeuge passing the contact (any role), field, place and target-group filters."""
    selected = werkzeuge
    if filters.handlungsfeld != ALL:
        selected = selected[selected["handlungsfeld"] == filters.handlungsfeld]
    if not filters.any_contact:
        selected = selected[selected["id"].isin(werkzeuge_with_kontakt(links, filters.kontakt))]
    for key, columns in (("ort", ["umsetzungsort", "umsetzungsort_uebersicht", "vor_ort_text"]),
                         ("zielgruppe", ["zielgruppe"])):
        needle = getattr(filters, key).lower()
        if needle and not selected.empty:  # agg(axis=1) on no rows gives a frame, not text
            text = selected[columns].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
            selected = selected[text.str.contains(needle, regex=False)]
    return set(selected["id"])


def filter_schedule(schedule: pd.DataFrame, werkzeug_ids: AbstractSet[int],
                    filters: Filters) -> pd.DataFrame:
    """Schedule rows of the matching Werkzeuge; with a month, only measures touching it
    (all their Termine stay, so a bar is never cut)."""
    rows = schedule[schedule["werkzeug_id"].isin(werkzeug_ids)]
    if filters.monat is not None:
        rows = rows[rows["massnahme_id"].isin(massnahmen_in_monat(rows, filters.monat))]
    return rows


def describe(filters: Filters) -> str:
    """The active filters in one German line ('Gefiltert: September 2019 · Niels Buck')."""
    parts = []
    if filters.monat is not None:
        parts.append(formats.month_long(filters.monat))
    parts += [value for value in (filters.kontakt, filters.handlungsfeld) if value != ALL]
    if filters.ort:
        parts.append(f"Ort „{filters.ort}“")
    if filters.zielgruppe:
        parts.append(f"Zielgruppe „{filters.zielgruppe}“")
    return "Gefiltert: " + " · ".join(parts) if parts else "Ungefiltert: der ganze Plan."
