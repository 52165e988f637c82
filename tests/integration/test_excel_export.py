import io
import re
import zipfile

from openpyxl.utils import get_column_letter as get_letter

from tests.integration.excel_helpers import export, header_columns, load, measure_cells
from werkstatt.commands.progress import STATUSES, record_status


def measure_id(con, title):
    return con.execute("SELECT id FROM massnahme WHERE titel = ?", [title]).fetchone()[0]


def test_one_sheet_per_field_plus_querschnitt_after_a_german_instruction_sheet(con):
    workbook = load(export(con))
    assert workbook.sheetnames == ["Anleitung", "Bildungskette mit Übergängen",
                                   "Teilhabe in Dithmarschen", "Querschnitt"]
    instructions = " ".join(cell.value or "" for cell in workbook["Anleitung"]["A"])
    for words in ("So geht es", "„Status“ und „Kommentar“", "„ID“ und „Version“ nicht ändern",
                  "Keine Formeln"):
        assert words in instructions


def test_each_measure_sheet_has_the_twelve_months_and_the_four_exact_headers(con):
    workbook = load(export(con))
    for sheet in workbook.worksheets[1:]:
        _, columns = header_columns(sheet)
        assert [h for h in columns if h.endswith("2019")] == [
            "Jan 2019", "Feb 2019", "Mär 2019", "Apr 2019", "Mai 2019", "Jun 2019", "Jul 2019",
            "Aug 2019", "Sep 2019", "Okt 2019", "Nov 2019", "Dez 2019"]
        assert list(columns)[-6:] == ["ID", "Version", "Status", "Kommentar", "Grund",
                                      "Monate beim Export"]
        assert sheet.column_dimensions[get_letter(columns["Monate beim Export"])].hidden
    exported = {cell.value for sheet in workbook.worksheets[1:]
                for cell in sheet[get_letter(header_columns(sheet)[1]["ID"])]
                if isinstance(cell.value, int)}
    assert exported == {i for i, in con.execute("SELECT id FROM massnahme").fetchall()}


def test_werkzeug_rows_come_before_their_measures_as_in_the_plan(con):
    sheet = load(export(con))["Teilhabe in Dithmarschen"]
    titles = [row[0] for row in sheet.iter_rows(min_row=5, values_only=True)]
    start = titles.index("Dithmarscher Seniorenkonferenz")
    assert titles[start + 1:start + 6] == [
        "Konzeptualisierung", "Vorbereitungstreffen mit pro-t-in GmbH und Netzwerkpartnern",
        "Vorbereitungsphase", "Veranstaltung 06.10.2019",
        "Evaluierung und Fortführung 2020 (Fortführung)"]


def months_of(cells):
    return {header[:3]: cell.value for header, cell in cells.items()
            if header.endswith("2019") and cell.value}


def test_month_cells_carry_the_plans_marks(con):
    workbook = load(export(con))
    spans = measure_cells(workbook, measure_id(con, "Prozessabläufe optimieren"))
    assert months_of(spans) == {m: "X" for m in ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul")}
    assert spans["Jan 2019"].fill.fgColor.rgb.endswith("9DC3E6")  # filled, not only marked
    assert months_of(measure_cells(workbook, measure_id(con, "Pflege der Datenbank"))) == {
        "Okt": "Projektende"}
    assert months_of(measure_cells(workbook, measure_id(con, "Veranstaltung 06.10.2019"))) == {
        "Okt": "06.10."}
    approximate = measure_cells(workbook, measure_id(con, "Vorbereitungsphase"))
    assert set(months_of(approximate).values()) == {"ca."}
    continuation = measure_cells(workbook, measure_id(con, "Evaluierung und Fortführung 2020"))
    assert months_of(continuation) == {"Nov": "X", "Dez": "X"}


def test_version_and_status_are_the_current_ones(con):
    record_status(con, 1, "in Arbeit", user="anna", comment="läuft")
    record_status(con, 1, "erledigt", user="bert", comment="fertig", expected_version=1)
    cells = measure_cells(load(export(con)), 1)
    assert (cells["Version"].value, cells["Status"].value, cells["Kommentar"].value) == (
        2, "erledigt", "fertig")
    assert measure_cells(load(export(con)), 2)["Version"].value == 0


def test_status_has_a_dropdown_of_the_five_statuses_on_every_measure_row(con):
    workbook = load(export(con))
    for sheet in workbook.worksheets[1:]:
        header_row, columns = header_columns(sheet)
        validation, = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
        assert validation.formula1 == '"' + ",".join(STATUSES) + '"'
        status_letter = get_letter(columns["Status"])
        ranges = str(validation.sqref)
        first, last = (int(n) for n in re.findall(rf"{status_letter}(\d+)", ranges))
        rows_with_id = [row[0].row for row in sheet.iter_rows(min_row=header_row + 1)
                        if isinstance(row[columns["ID"] - 1].value, int)]
        assert first <= min(rows_with_id) and max(rows_with_id) <= last


def test_sheets_are_protected_except_status_kommentar_months_and_grund(con):
    workbook = load(export(con))
    assert all(sheet.protection.sheet for sheet in workbook.worksheets)
    cells = measure_cells(workbook, 1)
    for header in ("Status", "Kommentar", "Okt 2019", "Jan 2019", "Grund"):
        assert not cells[header].protection.locked, header
    for header in ("ID", "Version", "Werkzeug / Maßnahme", "Termine", "Monate beim Export"):
        assert cells[header].protection.locked, header


def test_text_that_looks_like_a_formula_is_stored_as_text_and_nothing_is_a_formula(con):
    con.execute("UPDATE massnahme SET titel = '=HYPERLINK(\"http://x.test\",\"klick\")' "
                "WHERE id = 1")
    record_status(con, 2, "offen", user="anna", comment="+49 481 97-0 @Team")
    data = export(con)
    workbook = load(data)
    title = measure_cells(workbook, 1)["Werkzeug / Maßnahme"]
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")
    assert title.quotePrefix  # Excel keeps it text even when the cell is edited
    comment = measure_cells(workbook, 2)["Kommentar"]
    assert comment.data_type == "s" and comment.value == "+49 481 97-0 @Team"
    assert all(cell.data_type != "f" for sheet in workbook.worksheets
               for row in sheet.iter_rows() for cell in row)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n)
                                  for n in sheets)


def test_filters_select_like_the_zeitplan(con):
    workbook = load(export(con, kontakt="Gerd Schröder"))
    assert workbook.sheetnames == ["Anleitung", "Teilhabe in Dithmarschen"]
    september = load(export(con, monat="2019-09"))
    ids = {cell.value for sheet in september.worksheets[1:]
           for cell in sheet[get_letter(header_columns(sheet)[1]["ID"])]
           if isinstance(cell.value, int)}
    touching = {i for i, in con.execute(
        "SELECT DISTINCT massnahme_id FROM termin WHERE beginn <= DATE '2019-09-30' "
        "AND ende >= DATE '2019-09-01'").fetchall()}
    assert ids == touching


def test_a_filter_without_measures_gives_only_the_instructions(con):
    workbook = load(export(con, kontakt="Gerd Schröder", handlungsfeld="Querschnitt"))
    assert workbook.sheetnames == ["Anleitung"]
    assert any("keine Maßnahmen" in (cell.value or "") for cell in workbook["Anleitung"]["A"])
