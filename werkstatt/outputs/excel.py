"""The Excel export for colleagues who work in Excel: the plan's month grid per field of
action, with a Status dropdown and a Kommentar column to fill in and send back.

Laid out like the plan: a Werkzeug row, then its measures with the twelve months of the plan
year (spans filled and marked X, approximate spans "ca.", labelled marks with their text,
exact days as "TT.MM."). Only the Status, Kommentar, month and Grund cells are unlocked: a mark
moved to another month is a Termin change (for admins, with a Grund; a hidden column keeps
the months as exported, commands/excel_import compares both). No cell is a
formula: all text goes through write_string, and text that Excel would read as a formula
(=, +, -, @) carries the quote prefix, so it stays text even when the cell is edited.
"""
from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pandas as pd
import xlsxwriter

from werkstatt import formats
from werkstatt.dates import month_end, month_key
from werkstatt.text import printable
from werkstatt.views import filters as flt
from werkstatt.views import status
from werkstatt.views.plan_data import PlanData
from werkstatt.views.schedule import termin_texts
from werkstatt.views.zeitplan import zeitplan
from werkstatt.vocab import (
    EXCEL_EXCHANGE_COLUMNS,
    EXCEL_MONTHS_COLUMN,
    EXCEL_REASON_COLUMN,
    MAX_REASON,
    STATUSES,
)

HEADERS = EXCEL_EXCHANGE_COLUMNS
TITLE_COLUMN_HEADER = "Werkzeug / Maßnahme"
FIRST_MONTH_COLUMN = 1
INFO_HEADERS = ["Termine", "Lage", "Zuletzt erfasst"]
FORMULA_START = ("=", "+", "-", "@")
INSTRUCTIONS_SHEET = "Anleitung"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31  # Excel's limit


def export_workbook(data: PlanData, filters: flt.Filters) -> bytes:
    """The .xlsx file as bytes: one sheet per field of action (plus Querschnitt), Anleitung.
    The filters' Stichtag (default: today within the plan) decides what is überfällig; the
    measures are exactly the Zeitplan's."""
    plan = data.info
    stichtag = filters.stichtag or data.default_stichtag()
    filters = replace(filters, stichtag=stichtag)
    view = zeitplan(data, filters)
    rows, states = view.rows, view.states.set_index("massnahme_id")
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_numbers": False, "strings_to_urls": False})
    styles = _styles(workbook)
    _instructions(workbook, styles, plan, filters, stichtag, rows.empty)
    used_names: set[str] = {INSTRUCTIONS_SHEET}
    for field_name, field_rows in rows.groupby("handlungsfeld", sort=False):
        sheet = workbook.add_worksheet(_sheet_name(field_name, used_names))
        _field_sheet(sheet, styles, plan, field_name, field_rows, states, filters, stichtag)
    workbook.close()
    return buffer.getvalue()


def _styles(workbook) -> dict:
    add = workbook.add_format
    return {
        "title": add({"bold": True, "font_size": 14}),
        "text": add({"text_wrap": True, "valign": "top"}),
        "header": add({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True,
                       "valign": "top"}),
        "tool": add({"bold": True, "bg_color": "#EDEDED", "border": 1, "text_wrap": True}),
        "measure": add({"text_wrap": True, "valign": "top", "border": 1, "indent": 1}),
        "cell": add({"border": 1, "valign": "top", "text_wrap": True}),
        # month cells may be edited (a moved X is a Termin change, admins only)
        "month": add({"border": 1, "align": "center", "valign": "top", "locked": False}),
        "span": add({"border": 1, "align": "center", "valign": "top", "bg_color": "#9DC3E6",
                     "locked": False}),
        "approx": add({"border": 1, "align": "center", "valign": "top", "pattern": 8,
                       "fg_color": "#DDEBF7", "italic": True, "locked": False}),
        # what may be filled in: unlocked, typed text stays text
        "status": add({"border": 1, "valign": "top", "locked": False, "bg_color": "#FFF2CC"}),
        "kommentar": add({"border": 1, "valign": "top", "locked": False, "text_wrap": True,
                          "bg_color": "#FFF2CC", "num_format": "@"}),
        "kommentar_quoted": add({"border": 1, "valign": "top", "locked": False,
                                 "text_wrap": True, "bg_color": "#FFF2CC", "num_format": "@",
                                 "quote_prefix": True}),
        "quoted": add({"border": 1, "valign": "top", "text_wrap": True, "quote_prefix": True}),
    }


def write_text(sheet, row: int, column: int, text, style, quoted_style=None) -> None:
    """Text as a string cell, never a formula; formula-like text gets the quote prefix."""
    value = "" if text is None or pd.isna(text) else printable(str(text))
    if value.startswith(FORMULA_START) and quoted_style is not None:
        style = quoted_style
    if value:
        sheet.write_string(row, column, value, style)
    else:
        sheet.write_blank(row, column, None, style)


def _sheet_name(field_name: str, used: set[str]) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub(" ", field_name).strip("' ")[:MAX_SHEET_NAME] or "Blatt"
    name, number = base, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({number})"
        name, number = base[:MAX_SHEET_NAME - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def _field_sheet(sheet, styles, plan: dict, field_name: str, rows: pd.DataFrame,
                 states: pd.DataFrame, filters: flt.Filters, stichtag: date) -> None:
    year = plan["jahr"]
    months = [date(year, m, 1) for m in range(1, 13)]
    headers = ([TITLE_COLUMN_HEADER] + [formats.month(m) for m in months] + INFO_HEADERS
               + list(HEADERS.values()) + [EXCEL_REASON_COLUMN, EXCEL_MONTHS_COLUMN])
    columns = {name: index for index, name in enumerate(headers)}
    write_text(sheet, 0, 0, f"{plan['titel']} – {field_name}", styles["title"], styles["quoted"])
    write_text(sheet, 1, 0, f"Stand des Plans {formats.day(plan['stand'])} · "
                            f"{flt.describe(filters)} · Stichtag {formats.day(stichtag)}",
               styles["text"])
    header_row = 3
    for index, text in enumerate(headers):
        sheet.write_string(header_row, index, text, styles["header"])
    row = header_row
    first_measure_row = None
    for _tool_id, tool_rows in rows.groupby("werkzeug_id", sort=False):
        row += 1
        write_text(sheet, row, 0, tool_rows["werkzeug"].iloc[0], styles["tool"], styles["quoted"])
        for column in range(1, len(headers)):
            sheet.write_blank(row, column, None, styles["tool"])
        for measure_id, measure_rows in tool_rows.groupby("massnahme_id", sort=False):
            row += 1
            first_measure_row = first_measure_row if first_measure_row is not None else row
            _measure_row(sheet, styles, row, columns, months, measure_id, measure_rows,
                         states.loc[measure_id])
    if first_measure_row is not None:
        sheet.data_validation(first_measure_row, columns["Status"], row, columns["Status"], {
            "validate": "list", "source": list(STATUSES),
            "input_title": "Status", "input_message": "Bitte aus der Liste wählen.",
            "error_title": "Unbekannter Status",
            "error_message": "Erlaubt sind: " + ", ".join(STATUSES) + "."})
    sheet.set_column(0, 0, 48)
    sheet.set_column(FIRST_MONTH_COLUMN, FIRST_MONTH_COLUMN + 11, 8)
    sheet.set_column(columns["Termine"], columns["Termine"], 24)
    sheet.set_column(columns["Lage"], columns["Zuletzt erfasst"], 14)
    sheet.set_column(columns["ID"], columns["Version"], 8)
    sheet.set_column(columns["Status"], columns["Status"], 13)
    sheet.set_column(columns["Kommentar"], columns["Kommentar"], 50)
    sheet.set_column(columns[EXCEL_REASON_COLUMN], columns[EXCEL_REASON_COLUMN], 40)
    sheet.set_column(columns[EXCEL_MONTHS_COLUMN], columns[EXCEL_MONTHS_COLUMN], 12, None,
                     {"hidden": True})
    if first_measure_row is not None:
        sheet.data_validation(first_measure_row, columns[EXCEL_REASON_COLUMN], row,
                              columns[EXCEL_REASON_COLUMN], {
                                  "validate": "length", "criteria": "<=", "value": MAX_REASON,
                                  "input_title": "Grund",
                                  "input_message": "Pflicht, wenn die Monate der Zeile "
                                                   "geändert wurden."})
    sheet.freeze_panes(header_row + 1, 1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.protect("", {"format_columns": True, "format_rows": True, "autofilter": True})


def _measure_row(sheet, styles, row: int, columns: dict, months: list[date], measure_id: int,
                 rows: pd.DataFrame, state: pd.Series) -> None:
    first = rows.iloc[0]
    title = first["massnahme"] + (" (Fortführung)" if first["fortfuehrung"] else "")
    write_text(sheet, row, 0, title, styles["measure"], styles["quoted"])
    marks = _month_marks(rows[rows["termin_id"].notna()], months)
    for index, month in enumerate(months):
        text, style = marks.get(month, ("", "month"))
        write_text(sheet, row, FIRST_MONTH_COLUMN + index, text, styles[style])
    dated = rows[rows["termin_id"].notna()]
    write_text(sheet, row, columns["Termine"],
               "; ".join(termin_texts(dated)) if len(dated) else "ohne Termin", styles["cell"],
               styles["quoted"])
    write_text(sheet, row, columns["Lage"], status.OVERDUE if state["ueberfaellig"] else "",
               styles["cell"])
    last = (f"{first['status_benutzer']}, {formats.day(first['status_am'].date())}"
            if first["status_version"] else "")
    write_text(sheet, row, columns["Zuletzt erfasst"], last, styles["cell"], styles["quoted"])
    sheet.write_number(row, columns["ID"], int(measure_id), styles["cell"])
    sheet.write_number(row, columns["Version"], int(first["status_version"]), styles["cell"])
    write_text(sheet, row, columns["Status"], first["status"], styles["status"])
    write_text(sheet, row, columns["Kommentar"], first["kommentar"], styles["kommentar"],
               styles["kommentar_quoted"])
    write_text(sheet, row, columns[EXCEL_REASON_COLUMN], "", styles["kommentar"])
    write_text(sheet, row, columns[EXCEL_MONTHS_COLUMN],
               " ".join(month_key(m) for m in months if m in marks), styles["cell"])


def _month_marks(dated: pd.DataFrame, months: list[date]) -> dict[date, tuple[str, str]]:
    """{month: (cell text, style)} from the Termine: X in a span, 'ca.' where the span is
    only approximate, a label's text, or the exact day."""
    marks: dict[date, tuple[str, str]] = {}
    for termin in dated.itertuples():
        beginn, ende = termin.beginn.date(), termin.ende.date()
        for month in months:
            if not (beginn <= month_end(month) and ende >= month):
                continue
            if isinstance(termin.bezeichnung, str) and termin.bezeichnung:
                text = termin.bezeichnung
            elif beginn == ende:
                text = f"{beginn:%d.%m.}"
            else:
                text = "ca." if termin.ungefaehr else "X"
            marks[month] = (text, "approx" if termin.ungefaehr else "span")
    return marks


def _instructions(workbook, styles, plan: dict, filters: flt.Filters, stichtag: date,
                  empty: bool) -> None:
    sheet = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    lines = [
        f"{plan['titel']} – Fortschritt eintragen",
        (f"Stand des Plans: {formats.day(plan['stand'])}. {flt.describe(filters)} "
         f"Stichtag: {formats.day(stichtag)}."),
        "",
        "So geht es:",
        ("1. Jedes Handlungsfeld hat ein eigenes Blatt (querschnittliche Werkzeuge unter "
         "„Querschnitt“). Zeilen mit grauem Hintergrund sind Werkzeuge, darunter stehen ihre "
         "Maßnahmen."),
        ("2. Die Monatsspalten zeigen die Termine wie im Plan: X = Monat mit Termin (farbig "
         "gefüllt), „ca.“ = ungefährer Zeitraum (schraffiert; die Länge ist im Plan nicht sicher "
         "erkennbar), TT.MM. = genauer Tag, ein Wort (z. B. „Projektende“) = benannter Termin."),
        ("3. Tragen Sie in die gelben Spalten „Status“ und „Kommentar“ ein. Der Status wird "
         "aus der Liste gewählt: " + ", ".join(STATUSES) + ". Außer den Monatszellen und "
         "„Grund“ sind alle anderen Zellen gesperrt."),
        ("4. Die Spalten „ID“ und „Version“ nicht ändern: Über sie wird jede Zeile ihrer Maßnahme "
         "zugeordnet, und es wird erkannt, ob jemand die Maßnahme seit dem Export geändert hat."),
        ("5. Termine verschieben (nur Administratoren): ein X in eine andere Monatsspalte "
         "setzen oder Monate leeren bzw. füllen, wie im Plan. Für jede Zeile, deren Monate sich "
         "ändern, ist die Spalte „Grund“ Pflicht (höchstens 500 Zeichen); zusammenhängende "
         "Monate werden ein Zeitraum, ein einzelner Monat ein Meilenstein. Die Datei eines "
         "Bearbeiters, die Monate verschiebt, wird abgelehnt."),
        ("6. Zeilen dürfen umsortiert oder gelöscht werden; neue Maßnahmen lassen sich hier nicht "
         "anlegen. Unveränderte Zeilen werden beim Einlesen übergangen."),
        "7. Keine Formeln eintragen: Eine Datei mit Formeln wird beim Einlesen abgelehnt.",
        ("8. Die Datei als .xlsx speichern und an das Demografie-Team zurückgeben. Beim Einlesen "
         "wird jede Änderung vor dem Speichern angezeigt; bei einem Fehler wird die ganze Datei "
         "abgelehnt und nichts gespeichert."),
    ]
    if empty:
        lines.append("")
        lines.append("Zu diesen Filtern gibt es keine Maßnahmen.")
    for row, text in enumerate(lines):
        write_text(sheet, row, 0, text, styles["title"] if row == 0 else styles["text"],
                   styles["quoted"])
    sheet.set_column(0, 0, 110)
    sheet.protect("")
