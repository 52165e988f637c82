"""Month grids of the Einzelmaßnahmen tables: header row and marks to dated Termine."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from werkstatt.dates import month_end, month_start
from werkstatt.errors import SourceError
from werkstatt.vocab import MILESTONE, SPAN

# Anything shaped like a progress bar is one, so "-1" or "7.5" is refused, never a label.
_PROGRESS_BAR = re.compile(r"^\[Progress bar from (.*) to (.*)\]$", re.IGNORECASE)
_MONTH_NUMBER = re.compile(r"^\s*(\d{1,2})\s*$")
_SINGLE = re.compile(r"^[Xx×]$")
_LOST_BAR = re.compile(r"^[█▇▆■—–─━_-]{2,}$")
EXACT_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", re.ASCII)
# Plan years outside this range are typing errors ("9999"); the pages' date arithmetic
# (a month after the plan's end, …) would also fail near the calendar's limits.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A rendered full-width bar is 20 characters for 12 months; shorter runs scale down.
FULL_BAR_CHARS = 20


@dataclass(frozen=True)
class Mark:
    beginn: date
    ende: date
    art: str  # vocab.TERMIN_KINDS
    rohmarke: str  # the raw cell text(s) this came from
    deutung: str  # the reader's interpretation, in German
    bezeichnung: str | None = None  # a labelled mark ("Projektende")
    ungefaehr: bool = False


def is_interpreted(mark: Mark) -> bool:
    """Anything beyond a lone X for one whole month was read into the mark: a span, a label,
    a lost bar, an exact day from the title. The import log lists those."""
    whole_month = mark.beginn.day == 1 and mark.ende == month_end(mark.beginn)
    return not (mark.rohmarke == "X" and whole_month)


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    """First day of month `first` and last day of month `last`."""
    return month_start(year, first), month_end(month_start(year, last))


def check_year(year: int, *, line: int, table: str | None) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise SourceError(f"Jahr {year} ist unplausibel (erlaubt: {FIRST_YEAR} bis {LAST_YEAR})",
                          line=line, table=table)
    return year


def read_header(cells: list[str], *, line: int, table: str) -> tuple[int | None, dict[int, int]]:
    """Year and {column index: month} from an 'Einzelmaßnahmen: Jahr 2019 | 1 | … | 12' row."""
    year_match = re.search(r"\b(\d{4})\b", cells[0])
    columns: dict[int, int] = {}
    for index, cell in enumerate(cells[1:], start=1):
        value = cell.strip()
        if not value:
            continue
        if not (value.isascii() and value.isdigit()):  # "²" and "①" are digits to isdigit
            raise SourceError(f"Kopfzeile des Monatsrasters enthält „{value}“ statt einer "
                              "Monatszahl", line=line, table=table)
        month = int(value)
        if not 1 <= month <= 12:
            raise SourceError(f"Monat {month} gibt es nicht (erlaubt: 1 bis 12)",
                              line=line, table=table)
        if month in columns.values():
            raise SourceError(f"Monat {month} steht zweimal in der Kopfzeile", line=line,
                              table=table)
        columns[index] = month
    if not columns:
        raise SourceError("Kopfzeile des Monatsrasters ohne Monatsspalten", line=line, table=table)
    year = check_year(int(year_match.group(1)), line=line, table=table) if year_match else None
    return year, columns


def read_marks(cells: list[str], columns: dict[int, int], year: int, title: str, *,
               line: int, table: str) -> list[Mark]:
    """Termine of one measure row; a row without marks gives an empty list."""
    for index, cell in enumerate(cells[1:], start=1):
        if cell.strip() and index not in columns:
            raise SourceError(f"Markierung „{cell.strip()}“ steht außerhalb der Monatsspalten",
                              line=line, table=table)
    marks: list[Mark] = []
    x_months: list[int] = []
    for index, month in sorted(columns.items(), key=lambda item: item[1]):
        raw = cells[index].strip() if index < len(cells) else ""
        if not raw:
            continue
        if _SINGLE.match(raw):
            x_months.append(month)
        elif m := _PROGRESS_BAR.match(raw):
            for value in m.groups():
                number = _MONTH_NUMBER.match(value)
                if not number or not 1 <= int(number.group(1)) <= 12:
                    raise SourceError(f"Monat {value.strip()} gibt es nicht (Balken „{raw}“)",
                                      line=line, table=table)
            first, last = int(m.group(1)), int(m.group(2))
            if first > last:
                raise SourceError(f"Balken endet vor seinem Beginn („{raw}“)", line=line,
                                  table=table)
            note = f"Balken von Monat {first} bis {last}"
            if first != month:
                note += f" (steht in der Spalte für Monat {month}; Angabe im Balken übernommen)"
            marks.append(Mark(*_months(year, first, last), SPAN, raw, note))
        elif _LOST_BAR.match(raw):
            length = max(1, round(len(raw) * 12 / FULL_BAR_CHARS))
            last = min(12, month + length - 1)
            note = (f"Balken aus {len(raw)} Zeichen „{raw[0]}“ ab Monat {month}, Länge in der "
                    f"Vorlage verloren; gedeutet als etwa {last - month + 1} Monat(e) bis Monat "
                    f"{last} ({FULL_BAR_CHARS} Zeichen ≈ 12 Monate); Ende ungefähr")
            marks.append(Mark(*_months(year, month, last), SPAN, raw,
                              note, ungefaehr=True))
        else:
            marks.append(Mark(*_months(year, month, month), MILESTONE, raw,
                              f"beschriftete Markierung „{raw}“ in Monat {month}", bezeichnung=raw))
    marks.extend(_runs_of_single_months(x_months, year))
    marks = _apply_exact_date(marks, title, year, line=line, table=table)
    return sorted(marks, key=lambda mark: (mark.beginn, mark.ende))


def _runs_of_single_months(months: list[int], year: int) -> list[Mark]:
    """Consecutive X months become one span; a lone X is a one-month milestone."""
    runs: list[list[int]] = []
    for month in months:
        if runs and runs[-1][-1] == month - 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    marks = []
    for run in runs:
        raw = " ".join("X" for _ in run)
        if len(run) == 1:
            marks.append(Mark(*_months(year, run[0], run[0]), MILESTONE,
                              raw, f"X in Monat {run[0]}: ganzer Monat"))
        else:
            marks.append(Mark(*_months(year, run[0], run[-1]), SPAN, raw,
                              f"X in den Monaten {run[0]} bis {run[-1]}: ein durchgehender "
                              "Zeitraum"))
    return marks


def _apply_exact_date(marks: list[Mark], title: str, year: int, *, line: int,
                      table: str) -> list[Mark]:
    """A date in the title ("Veranstaltung 06.10.2019") pins the mark of its month to that day."""
    m = EXACT_DATE.search(title)
    if not m:
        return marks
    try:
        day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        raise SourceError(f"Datum „{m.group(0)}“ im Titel gibt es nicht", line=line,
                          table=table) from None
    if abs(day.year - year) > 1:  # 31.12.9999 would break every date view later
        raise SourceError(f"Datum „{m.group(0)}“ im Titel liegt außerhalb des Plans ({year}, "
                          "ein Jahr davor oder danach ist erlaubt)", line=line, table=table)
    same_month = [mk for mk in marks if mk.art == MILESTONE and mk.beginn.month == day.month
                  and mk.beginn.year == day.year]
    note = f"genaues Datum {day:%d.%m.%Y} aus dem Titel"
    if same_month:
        old = same_month[0]
        note += f" ersetzt die Monatsmarkierung „{old.rohmarke}“ (Monat {day.month})"
        marks = [mk for mk in marks if mk is not old]
        raw = old.rohmarke
    else:
        note += " (keine Markierung in diesem Monat; Tag zusätzlich aufgenommen)"
        raw = m.group(0)
    return marks + [Mark(day, day, MILESTONE, raw, note)]
