"""Reading back an Excel export: statuses and comments filled in by colleagues.

Two steps, so a person sees every change before it is saved: `read_changes` checks the whole
file and returns the changes (it writes nothing); `apply_changes` saves them in one
transaction, all or none. Any problem refuses the whole file with a German message naming
sheet and row.

Rows are matched by their ID. A row counts as changed when its Status or a non-empty
Kommentar differs from the measure's state at the row's Version (the state when it was
exported): untouched rows are skipped even if the measure moved on since, while an edited row
whose Version is older than the stored one is a conflict (someone else changed the measure).

Month cells are read as in the Word plan: a row whose marked months differ from the months it
was exported with (hidden column) asks for new Termine within the plan year, runs of marked
months becoming spans, a single month a milestone, a label or "TT.MM." its own mark. Such a
row needs a Grund, is allowed only where Termine may be changed (an admin's upload, the
command line) and is refused if the measure's months changed since the export.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

import duckdb
import pandas as pd

from werkstatt import formats, vocab
from werkstatt.commands.edits import check_reason, replace_termine
from werkstatt.commands.inputs import check_comment, check_upload, whole_number
from werkstatt.commands.progress import append_status
from werkstatt.commands.versions import check_version
from werkstatt.commands.workbooks import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    NOT_XLSX,
    check_archive,
    formulas,
    open_workbook,
    refuse_if,
)
from werkstatt.dates import month_end
from werkstatt.errors import ConflictError, ValidationError
from werkstatt.store import plans
from werkstatt.store.schema import one_row
from werkstatt.store.transaction import check_user, transaction
from werkstatt.vocab import EXCEL_EXCHANGE_COLUMNS as HEADERS
from werkstatt.vocab import EXCEL_MONTHS_COLUMN, EXCEL_REASON_COLUMN, OPEN, STATUSES

SOURCE = "Excel-Import"
PREVIEW_COLUMNS = ["Blatt", "Zeile", "Werkzeug", "Maßnahme", "Status bisher", "Status neu",
                   "Kommentar bisher", "Kommentar neu", "Monate bisher", "Monate neu", "Grund",
                   "zuletzt geändert von", "am"]
Span = tuple[date, date, str, str | None]  # beginn, ende, art, label of a new Termin


@dataclass(frozen=True)
class Change:
    """One measure's new status and/or comment, with what a preview needs."""
    massnahme_id: int
    massnahme: str
    werkzeug: str
    sheet: str
    row: int
    version: int  # the stored version it replaces
    old_status: str
    new_status: str
    old_comment: str | None
    new_comment: str | None
    last_user: str | None
    last_at: datetime | None
    status_changed: bool = True  # False: only the months change
    old_months: frozenset[date] = frozenset()  # the months the new Termine replace
    new_termine: tuple[Span, ...] | None = None  # None: the Termine stay
    grund: str | None = None
    months_text: tuple[str, str] = ("", "")  # old and new Termine in words
    plan_year: tuple[date, date] = (date.min, date.max)  # the months a file can show

    def describe(self) -> str:
        text = f"„{self.massnahme}“ ({self.werkzeug}): "
        text += (f"{self.old_status} → {self.new_status}" if self.old_status != self.new_status
                 else f"Status bleibt {self.new_status}")
        if self.new_comment != self.old_comment:
            text += f"; Kommentar: {self.old_comment or '–'} → {self.new_comment or '–'}"
        if self.new_termine is not None:
            text += (f"; Monate: {self.months_text[0]} → {self.months_text[1]} "
                     f"(Grund: {self.grund})")
        if self.last_user and self.last_at:
            text += (f" (zuletzt geändert von {self.last_user} am "
                     f"{formats.day(self.last_at.date())})")
        return text


@dataclass(frozen=True)
class _Row:
    sheet: str
    row: int
    massnahme_id: int
    version: int
    status: str
    comment: str | None
    marks: dict[date, str] | None = None  # month -> cell text; None: no month columns
    exported: frozenset[date] | None = None  # the months as exported (hidden column)
    grund: str | None = None


def read_changes(con: duckdb.DuckDBPyConnection, data: bytes, *,
                 may_change_termine: bool = False, plan_id: int | None = None) -> list[Change]:
    """The changes an uploaded workbook of the plan `plan_id` (default: the newest; its year
    names the month columns) asks for; raises ValidationError and writes nothing. Moved month
    marks are Termin changes, allowed only with `may_change_termine` (admins, the command
    line)."""
    data = check_upload(data, MAX_UPLOAD_BYTES)
    check_archive(data)
    (year,) = one_row(con, "SELECT jahr FROM plan WHERE id = ?",
                      [plans.newest(con) if plan_id is None else plan_id])
    months = {formats.month(date(year, m, 1)): date(year, m, 1) for m in range(1, 13)}
    rows = _read_rows(data, months)
    return _changes(con, rows, may_change_termine, (date(year, 1, 1), date(year, 12, 31)))


def preview_table(changes: list[Change]) -> pd.DataFrame:
    """The changes as a German table for the preview before saving ("–" where empty)."""
    return pd.DataFrame([{
        "Blatt": c.sheet, "Zeile": c.row, "Werkzeug": c.werkzeug, "Maßnahme": c.massnahme,
        "Status bisher": c.old_status, "Status neu": c.new_status,
        "Kommentar bisher": c.old_comment or "–", "Kommentar neu": c.new_comment or "–",
        "Monate bisher": c.months_text[0] or "–", "Monate neu": c.months_text[1] or "–",
        "Grund": c.grund or "–", "zuletzt geändert von": c.last_user or "–",
        "am": formats.day(c.last_at.date()) if c.last_at else "–"} for c in changes],
        columns=PREVIEW_COLUMNS)


def apply_changes(con: duckdb.DuckDBPyConnection, changes: list[Change], user: str) -> int:
    """Save all changes in one transaction, each in the change history with the user and
    "Excel-Import"; if any measure changed since `read_changes`, nothing is saved."""
    user = check_user(user)

    def work() -> int:
        for change in changes:
            if change.status_changed:
                append_status(con, change.massnahme_id, change.new_status, user=user,
                              comment=change.new_comment, expected_version=change.version,
                              source=SOURCE)
            if change.new_termine is not None:
                now = _months_now(con, [change.massnahme_id], change.plan_year)
                if now.get(change.massnahme_id, frozenset()) != change.old_months:
                    raise ConflictError(f"Die Termine von „{change.massnahme}“ wurden "
                                        "inzwischen geändert; nichts wurde gespeichert. Bitte "
                                        "die Datei neu exportieren.")
                replace_termine(con, change.massnahme_id, list(change.new_termine),
                                change.plan_year, user=user, grund=change.grund or "")
        return len(changes)

    return transaction(con, work)


def _read_rows(data: bytes, months: dict[str, date]) -> list[_Row]:
    workbook = open_workbook(data)
    errors: list[str] = []
    rows: list[_Row] = []
    seen_rows = 0
    found_table = False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet in workbook.worksheets:
                # the sheet's XML part (openpyxl keeps its path privately; pinned version)
                errors += formulas(archive.read(sheet._worksheet_path), sheet.title)
                # a sheet may declare a huge used range; without it openpyxl pads no rows
                sheet.reset_dimensions()
                columns: dict[str, int] | None = None
                try:
                    for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS,
                                                                    values_only=True), start=1):
                        seen_rows += 1
                        if seen_rows > MAX_ROWS:
                            raise ValidationError(f"Die Arbeitsmappe hat mehr als {MAX_ROWS} "
                                                  "Zeilen; so viele hat kein Export des Plans.")
                        if columns is None:
                            columns = _header(list(values))
                            found_table = found_table or columns is not None
                            month_columns = _month_columns(list(values), months)
                            continue
                        where = f"Blatt „{sheet.title}“, Zeile {number}"
                        row = _row(list(values), columns, sheet.title, number, where, errors,
                                   month_columns)
                        if row is not None:
                            rows.append(row)
                except ValidationError:
                    raise
                except Exception:  # noqa: BLE001 - broken XML inside a sheet, see _open
                    raise ValidationError(f"Das Blatt „{sheet.title}“ lässt sich nicht lesen; "
                                          "die Datei ist beschädigt.") from None
    except (zipfile.BadZipFile, KeyError, OSError):
        raise ValidationError(NOT_XLSX) from None
    finally:
        workbook.close()
    if not found_table and not errors:
        raise ValidationError("Kein Blatt hat die Spalten " + ", ".join(HEADERS.values())
                              + ": Ist das eine Datei aus dem Excel-Export des Dashboards?")
    first_row: dict[int, str] = {}
    for row in rows:
        where = f"Blatt „{row.sheet}“, Zeile {row.row}"
        if row.massnahme_id in first_row:
            errors.append(f"{where}: die ID {row.massnahme_id} steht schon in "
                          f"{first_row[row.massnahme_id]}.")
        first_row.setdefault(row.massnahme_id, where)
    refuse_if(errors)
    return rows


def _header(values: list) -> dict[str, int] | None:
    texts = [value.strip() if isinstance(value, str) else value for value in values]
    if not all(name in texts for name in HEADERS.values()):
        return None
    found = {key: texts.index(name) for key, name in HEADERS.items()}
    for key, name in (("grund", EXCEL_REASON_COLUMN), ("monate", EXCEL_MONTHS_COLUMN)):
        if name in texts:  # an export from before issue 17 has neither
            found[key] = texts.index(name)
    return found


def _month_columns(values: list, months: dict[str, date]) -> dict[int, date]:
    """{column index: month} of the header's month columns ('Sep 2019')."""
    return {index: months[value.strip()] for index, value in enumerate(values)
            if isinstance(value, str) and value.strip() in months}


def _marks(values: list, month_columns: dict[int, date]) -> dict[date, str]:
    marks = {}
    for index, month in month_columns.items():
        value = values[index] if index < len(values) else None
        text = _text(value).strip() if value is not None else ""
        if text:
            marks[month] = text
    return marks


def _exported(raw) -> frozenset[date] | None:
    if raw is None:
        return frozenset()
    found = set()
    for key in str(raw).split():
        try:
            found.add(date.fromisoformat(key + "-01"))
        except ValueError:
            return None
    return frozenset(found)


def _row(values: list, columns: dict[str, int], sheet: str, number: int, where: str,
         errors: list[str], month_columns: dict[int, date] | None = None) -> _Row | None:
    def cell(key: str):
        index = columns[key]
        value = values[index] if index < len(values) else None
        return value.strip() or None if isinstance(value, str) else value

    raw_id, raw_version, raw_status, raw_comment = (cell(key) for key in HEADERS)
    raw_reason = cell("grund") if "grund" in columns else None
    marks = _marks(values, month_columns) if month_columns and "monate" in columns else None
    exported = _exported(cell("monate")) if marks is not None else None
    if raw_id is None:
        if raw_status is not None or raw_comment is not None:
            errors.append(f"{where}: Status oder Kommentar ohne ID. Neue Maßnahmen lassen sich "
                          "nicht über Excel anlegen; die ID der Zeile bitte nicht löschen.")
        return None
    massnahme_id = whole_number(raw_id)
    version = whole_number(raw_version)
    if massnahme_id is None or massnahme_id <= 0:
        errors.append(f"{where}: die ID „{str(raw_id)[:40]}“ ist keine Maßnahmennummer.")
        return None
    if version is None or version < 0:
        errors.append(f"{where}: die Version „{str(raw_version)[:40]}“ fehlt oder ist keine "
                      "Zahl; bitte die Spalte „Version“ nicht ändern.")
        return None
    status = {s.casefold(): s for s in STATUSES}.get(str(raw_status).casefold()) \
        if raw_status is not None else None
    if status is None:
        errors.append(f"{where}: der Status „{str(raw_status or '')[:40]}“ steht nicht in der "
                      f"Liste ({', '.join(STATUSES)}).")
        return None
    try:
        comment = check_comment(None if raw_comment is None else _text(raw_comment))
    except ValidationError as exc:
        errors.append(f"{where}: {exc}")
        return None
    reason = None if raw_reason is None else _text(raw_reason)
    return _Row(sheet, number, massnahme_id, version, status, comment, marks, exported, reason)


def _text(value) -> str:
    if isinstance(value, datetime):
        return formats.day(value.date())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _months_now(con: duckdb.DuckDBPyConnection, ids: list[int],
                year: tuple[date, date]) -> dict[int, frozenset[date]]:
    """{massnahme_id: the plan-year months its Termine touch} (what the export marks)."""
    found: dict[int, set[date]] = {}
    for mid, beginn, ende in con.execute(
            "SELECT massnahme_id, beginn, ende FROM termin WHERE list_contains(?, massnahme_id) "
            "AND ende >= ? AND beginn <= ?", [ids, year[0], year[1]]).fetchall():
        month = max(beginn, year[0]).replace(day=1)
        while month <= min(ende, year[1]):
            found.setdefault(mid, set()).add(month)
            month = month_end(month) + timedelta(days=1)
    return {mid: frozenset(months) for mid, months in found.items()}


_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.?")


def spans_of(marks: dict[date, str]) -> tuple[Span, ...]:
    """New Termine from marked month cells: runs of X/ca. a span (one month: a milestone of
    the month), "TT.MM." of its month an exact day, any other text a labelled mark."""
    spans: list[Span] = []
    run: list[date] = []

    def close() -> None:
        if run:
            kind = vocab.SPAN if len(run) > 1 else vocab.MILESTONE
            spans.append((run[0], month_end(run[-1]), kind, None))
            run.clear()

    for month in sorted(marks):
        text = marks[month]
        day = _DAY.fullmatch(text)
        plain = text.casefold() in ("x", "ca.", "ca")
        if plain and run and month_end(run[-1]) + timedelta(days=1) == month:
            run.append(month)
            continue
        close()
        if plain:
            run.append(month)
        elif day and int(day.group(2)) == month.month and 1 <= int(day.group(1)) <= \
                month_end(month).day:
            exact = month.replace(day=int(day.group(1)))
            spans.append((exact, exact, vocab.MILESTONE, None))
        else:
            spans.append((month, month_end(month), vocab.MILESTONE, text[:80]))
    close()
    return tuple(spans)


def _months_text(months: frozenset[date]) -> str:
    return ", ".join(formats.month(m) for m in sorted(months)) or "ohne Termin"


def _changes(con: duckdb.DuckDBPyConnection, rows: list[_Row], may_change_termine: bool = False,
             plan_year: tuple[date, date] = (date.min, date.max)) -> list[Change]:
    ids = sorted({row.massnahme_id for row in rows})
    measures = {mid: (title, tool, removed) for mid, title, tool, removed in con.execute(
        "SELECT m.id, m.titel, w.name, m.entfernt_am FROM massnahme m "
        "JOIN werkzeug w ON w.id = m.werkzeug_id WHERE list_contains(?, m.id)", [ids]).fetchall()}
    history: dict[int, dict[int, tuple]] = {}
    for mid, version, status, comment, user, when in con.execute(
            "SELECT massnahme_id, version, status, kommentar, benutzer, erfasst_am "
            "FROM fortschritt WHERE list_contains(?, massnahme_id)", [ids]).fetchall():
        history.setdefault(mid, {})[version] = (status, comment, user, when)
    months_now = _months_now(con, ids, plan_year)
    errors: list[str] = []
    changes: list[Change] = []
    for row in rows:
        where = f"Blatt „{row.sheet}“, Zeile {row.row}"
        moved = _moved(row, months_now, measures, may_change_termine, where, errors)
        if row.massnahme_id not in measures:
            errors.append(f"{where}: eine Maßnahme mit der ID {row.massnahme_id} gibt es nicht.")
            continue
        title, tool, removed = measures[row.massnahme_id]
        versions = history.get(row.massnahme_id, {})
        stored_version = max(versions, default=0)
        stored = versions.get(stored_version, (OPEN, None, None, None))
        if row.version > stored_version:
            errors.append(f"{where}: die Version {row.version} von „{title}“ gibt es nicht "
                          f"(gespeichert ist Version {stored_version}); bitte die Spalte "
                          "„Version“ nicht ändern.")
            continue
        exported = versions.get(row.version, (OPEN, None, None, None))
        status_changed = _differs(row, exported) and _differs(row, stored)
        if not status_changed and moved is None:
            continue  # untouched since the export, or already saved (a file read twice)
        if removed is not None:  # only an edited row of a removed measure is a problem
            errors.append(f"{where}: die Maßnahme „{title}“ ist entfernt.")
            continue
        if status_changed:
            try:  # an edited row of an older version: somebody saved since the export
                check_version(row.version, stored_version,
                              partial(_changed_since_export, title, stored_version, stored, row))
            except ConflictError as conflict:
                errors.append(f"{where}: {conflict}")
                continue
        old_months = months_now.get(row.massnahme_id, frozenset())
        changes.append(Change(
            row.massnahme_id, title, tool, row.sheet, row.row, stored_version, stored[0],
            row.status if status_changed else stored[0], stored[1],
            row.comment if status_changed else stored[1], stored[2], stored[3],
            status_changed=status_changed, old_months=old_months,
            new_termine=None if moved is None else moved[0],
            grund=None if moved is None else moved[1],
            months_text=("", "") if moved is None else (
                _months_text(old_months), _months_text(frozenset(row.marks or {}))),
            plan_year=plan_year))
    refuse_if(errors)
    return changes


def _moved(row: _Row, months_now: dict[int, frozenset[date]], measures: dict,
           allowed: bool, where: str, errors: list[str]) -> tuple[tuple[Span, ...], str] | None:
    """The new Termine and Grund a row asks for, None if its months are as exported; a
    problem (no Grund, not allowed, changed since the export) goes to `errors`."""
    if row.marks is None or row.massnahme_id not in measures:
        return None
    marked = frozenset(row.marks)
    now = months_now.get(row.massnahme_id, frozenset())
    exported = now if row.exported is None else row.exported
    if marked == exported:
        return None
    title = measures[row.massnahme_id][0]
    change = f"die Monate von „{title}“ wurden geändert ({_months_text(exported)} → " \
             f"{_months_text(marked)})"
    if not allowed:
        errors.append(f"{where}: {change}. Termine ändern nur Administratoren; bitte die "
                      "Monate so lassen, wie sie exportiert wurden.")
        return None
    if exported != now:
        errors.append(f"{where}: die Termine von „{title}“ wurden seit dem Export geändert "
                      f"(jetzt: {_months_text(now)}). Bitte neu exportieren.")
        return None
    try:
        grund = check_reason(row.grund)
    except ValidationError as exc:
        errors.append(f"{where}: {change}; in der Spalte „Grund“ fehlt der Grund oder er ist "
                      f"zu lang ({exc})")
        return None
    return spans_of(row.marks), grund


def _changed_since_export(title: str, version: int, stored: tuple, row: _Row) -> str:
    status, comment, user, when = stored
    return (f"„{title}“ wurde seit dem Export geändert. Gespeichert ist „{status}“ (Version "
            f"{version}, von {user} am {formats.day(when.date())}"
            + (f", Kommentar: {comment}" if comment else "")
            + f"), in der Datei steht „{row.status}“ (Version {row.version}"
            + (f", Kommentar: {row.comment}" if row.comment else "")
            + "). Bitte neu exportieren und die Änderung dort eintragen.")


def _differs(row: _Row, state: tuple) -> bool:
    """A new status, or a non-empty comment other than the state's."""
    return row.status != state[0] or (row.comment is not None and row.comment != state[1])
