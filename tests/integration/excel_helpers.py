"""Building and editing workbooks for the Excel round-trip tests."""
from __future__ import annotations

import io

import openpyxl

from werkstatt.outputs.excel import export_workbook
from werkstatt.views.plan_data import PlanData
from werkstatt.views.selection import strict_filters


def export(con, **filters) -> bytes:
    plan = PlanData.of(con)
    return export_workbook(plan, strict_filters(plan, stichtag="2019-12-31", **filters))


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header_columns(sheet) -> tuple[int, dict[str, int]]:
    """(header row number, {header text: 1-based column}) of a measure sheet."""
    for row in sheet.iter_rows(min_row=1, max_row=10):
        texts = [cell.value for cell in row]
        if "ID" in texts:
            return row[0].row, {text: i + 1 for i, text in enumerate(texts) if text}
    raise AssertionError(f"no header on {sheet.title}")


def measure_cells(workbook, massnahme_id: int) -> dict:
    """{header: cell} of the row with this ID, wherever it is."""
    for sheet in workbook.worksheets[1:]:
        header_row, columns = header_columns(sheet)
        for row in sheet.iter_rows(min_row=header_row + 1):
            if row[columns["ID"] - 1].value == massnahme_id:
                return {text: row[column - 1] for text, column in columns.items()}
    raise AssertionError(f"ID {massnahme_id} not exported")


def edited(data: bytes, edits: dict[int, dict[str, object]]) -> bytes:
    """The export with cells changed: {massnahme_id: {"Status": …, "Kommentar": …}}."""
    workbook = load(data)
    for massnahme_id, values in edits.items():
        cells = measure_cells(workbook, massnahme_id)
        for header, value in values.items():
            cells[header].value = value
    return save(workbook)
