import io
import json
import struct
import time
import zipfile

import openpyxl
import pytest

from tests.integration.excel_helpers import (
    edited,
    export,
    header_columns,
    load,
    measure_cells,
    save,
)
from werkstatt.commands import excel_import
from werkstatt.commands.progress import current_status, record_status
from werkstatt.errors import ConflictError, ValidationError


def counts(con):
    return (con.execute("SELECT count(*) FROM fortschritt").fetchone()[0],
            con.execute("SELECT count(*) FROM aenderung").fetchone()[0])


def refused(con, data) -> str:
    """The German refusal of a file; asserts nothing was written."""
    before = counts(con)
    with pytest.raises(ValidationError) as caught:
        excel_import.read_changes(con, data)
    assert counts(con) == before
    return str(caught.value)


def test_an_untouched_export_has_no_changes(con):
    record_status(con, 1, "in Arbeit", user="anna", comment="läuft")
    assert excel_import.read_changes(con, export(con)) == []


def test_changed_rows_become_changes_with_what_the_preview_shows(con):
    record_status(con, 1, "in Arbeit", user="anna", comment="läuft")
    data = edited(export(con), {1: {"Status": "erledigt"}, 2: {"Kommentar": "Termin folgt"},
                                3: {"Status": "offen"}})  # 3 unchanged: offen already
    first, second = excel_import.read_changes(con, data)
    assert (first.massnahme_id, first.massnahme, first.old_status, first.new_status,
            first.old_comment, first.new_comment, first.last_user, first.version) == (
        1, "Pflege der Datenbank", "in Arbeit", "erledigt", "läuft", "läuft", "anna", 1)
    assert first.sheet == "Bildungskette mit Übergängen" and first.row > 4
    assert "in Arbeit → erledigt" in first.describe() and "anna" in first.describe()
    assert (second.massnahme_id, second.new_status, second.new_comment) == (2, "offen",
                                                                         "Termin folgt")


def test_the_preview_table_names_every_change_in_german(con):
    record_status(con, 1, "in Arbeit", user="anna", comment="läuft")
    changes = excel_import.read_changes(con, edited(export(con), {1: {"Status": "erledigt"},
                                                                  2: {"Kommentar": "neu"}}))
    table = excel_import.preview_table(changes)
    assert list(table["Maßnahme"]) == ["Pflege der Datenbank",
                                       changes[1].massnahme]
    assert table.iloc[0][["Status bisher", "Status neu", "zuletzt geändert von"]].tolist() == [
        "in Arbeit", "erledigt", "anna"]
    assert table.iloc[1][["Kommentar bisher", "Kommentar neu", "zuletzt geändert von"]].tolist() \
        == ["–", "neu", "–"]
    assert list(excel_import.preview_table([]).columns) == excel_import.PREVIEW_COLUMNS


def test_apply_saves_every_change_with_user_and_source_in_the_history(con):
    data = edited(export(con), {1: {"Status": "erledigt", "Kommentar": "fertig"},
                                5: {"Status": "verschoben"}})
    changes = excel_import.read_changes(con, data)
    assert excel_import.apply_changes(con, changes, "bert") == 2
    assert current_status(con, 1)["status"] == "erledigt"
    assert current_status(con, 5)["status"] == "verschoben"
    history = con.execute("SELECT benutzer, datensatz_id, neu FROM aenderung "
                          "ORDER BY id").fetchall()
    assert [(user, record) for user, record, _ in history] == [("bert", 1), ("bert", 5)]
    assert all(json.loads(new)["quelle"] == "Excel-Import" for *_, new in history)
    assert excel_import.read_changes(con, data) == []  # the same file again changes nothing


def test_apply_is_all_or_nothing(con):
    changes = excel_import.read_changes(con, edited(export(con), {
        1: {"Status": "erledigt"}, 2: {"Status": "entfallen"}}))
    record_status(con, 2, "in Arbeit", user="carla")  # someone else, between preview and apply
    before = counts(con)
    with pytest.raises(ConflictError):
        excel_import.apply_changes(con, changes, "bert")
    assert counts(con) == before
    assert current_status(con, 1)["version"] == 0  # the first change was rolled back too


def test_rows_are_matched_by_id_so_reordered_and_deleted_rows_are_fine(con):
    workbook = load(export(con))
    sheet = workbook["Bildungskette mit Übergängen"]
    first = measure_cells(workbook, 1)["ID"].row
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=first, max_row=first + 2)]
    sheet.delete_rows(first, 3)
    sheet.delete_rows(first, 2)  # two more rows simply gone
    values[0][header_columns(sheet)[1]["Status"] - 1] = "erledigt"
    for offset, row_values in enumerate(reversed(values)):  # put back in reverse order
        for column, value in enumerate(row_values, start=1):
            sheet.cell(row=first + 20 + offset, column=column, value=value)
    change, = excel_import.read_changes(con, save(workbook))
    assert (change.massnahme_id, change.new_status) == (1, "erledigt")


def test_a_status_not_in_the_list_is_refused_naming_sheet_and_row(con):
    data = edited(export(con), {1: {"Status": "fertig"}, 2: {"Status": "erledigt"}})
    row = measure_cells(load(data), 1)["Status"].row
    message = refused(con, data)
    assert f"Blatt „Bildungskette mit Übergängen“, Zeile {row}" in message
    assert "„fertig“ steht nicht in der Liste" in message


def test_an_unknown_id_is_refused(con):
    data = edited(export(con), {1: {"ID": 9999, "Status": "erledigt"}})
    assert "eine Maßnahme mit der ID 9999 gibt es nicht" in refused(con, data)


def test_an_id_that_is_no_number_and_a_duplicated_id_are_refused(con):
    assert "keine Maßnahmennummer" in refused(con, edited(export(con), {1: {"ID": "eins"}}))
    assert "die ID 1 steht schon in" in refused(con, edited(export(con), {2: {"ID": 1}}))


def test_a_row_edited_after_someone_else_changed_the_measure_shows_both_states(con):
    data = edited(export(con), {1: {"Status": "in Arbeit", "Kommentar": "angefangen"}})
    record_status(con, 1, "erledigt", user="carla", comment="schon fertig")
    message = refused(con, data)
    assert "wurde seit dem Export geändert" in message
    assert "Gespeichert ist „erledigt“ (Version 1, von carla" in message
    assert "Kommentar: schon fertig" in message
    assert "in der Datei steht „in Arbeit“ (Version 0, Kommentar: angefangen)" in message


def test_an_untouched_row_of_a_measure_changed_since_the_export_is_skipped(con):
    data = edited(export(con), {2: {"Status": "erledigt"}})
    record_status(con, 1, "erledigt", user="carla")
    change, = excel_import.read_changes(con, data)
    assert change.massnahme_id == 2


def test_a_version_newer_than_stored_is_refused(con):
    data = edited(export(con), {1: {"Version": 7, "Status": "erledigt"}})
    assert "die Version 7 von „Pflege der Datenbank“ gibt es nicht" in refused(con, data)


def test_a_formula_anywhere_is_refused_naming_the_cell(con):
    data = edited(export(con), {1: {"Kommentar": "=1+1"}})
    cell = measure_cells(load(data), 1)["Kommentar"]
    message = refused(con, data)
    assert (f"Blatt „Bildungskette mit Übergängen“, Zeile {cell.row}, Zelle {cell.coordinate}: "
            "enthält eine Formel") in message
    workbook = load(export(con))
    workbook["Anleitung"]["B1"] = "=SUM(1,2)"
    assert "Blatt „Anleitung“, Zeile 1, Zelle B1: enthält eine Formel" in refused(
        con, save(workbook))


def test_a_formula_far_right_of_the_table_is_found_too(con):
    workbook = load(export(con))
    workbook["Querschnitt"]["XFD9"] = "=NOW()"
    assert "Blatt „Querschnitt“, Zeile 9, Zelle XFD9: enthält eine Formel" in refused(
        con, save(workbook))


def test_a_sheet_claiming_a_huge_range_is_read_quickly(con):
    workbook = load(export(con))
    workbook["Querschnitt"]["XFD1048576"] = "ganz unten rechts"
    started = time.perf_counter()
    message = refused(con, save(workbook))
    assert time.perf_counter() - started < 2
    assert f"mehr als {excel_import.MAX_ROWS} Zeilen" in message


def test_a_status_or_comment_without_id_is_refused(con):
    workbook = load(export(con))
    cells = measure_cells(workbook, 1)
    cells["ID"].value = None
    cells["Kommentar"].value = "neu"
    assert "ohne ID" in refused(con, save(workbook))


def test_files_that_are_not_xlsx_are_refused(con):
    assert "keine lesbare Excel-Arbeitsmappe" in refused(con, b"ID;Version;Status\n1;0;erledigt\n")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "kein Excel")
    assert "keine lesbare Excel-Arbeitsmappe" in refused(con, other_zip.getvalue())
    broken = bytearray(export(con))
    broken[len(broken) // 2:len(broken) // 2 + 200] = b"\0" * 200
    assert "keine lesbare Excel-Arbeitsmappe" in refused(con, bytes(broken))
    assert "leer" in refused(con, b"")


def test_a_workbook_with_macros_is_refused(con):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as target, zipfile.ZipFile(io.BytesIO(export(con))) as source:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\0" * 100)
    assert "Makros" in refused(con, data.getvalue())


def zip_bomb(unpacked_mb: int) -> bytes:
    """An .xlsx-looking zip whose one sheet unpacks to `unpacked_mb` MB of spaces."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                sheet.write(chunk)
    return data.getvalue()


def test_a_zip_bomb_is_refused_from_its_declared_sizes_in_well_under_a_second(con):
    bomb = zip_bomb(200)
    assert len(bomb) < 1024 * 1024  # packed: under a megabyte
    started = time.perf_counter()
    message = refused(con, bomb)
    assert time.perf_counter() - started < 0.2
    assert "entpackt" in message and "nicht geöffnet" in message


def with_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s declared unpacked size replaced in both its headers (a lie)."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entry = archive.getinfo(name)
    struct.pack_into("<I", patched, entry.header_offset + 22, size)  # local header
    central = patched.index(b"PK\x01\x02")
    while True:  # walk the central directory to the entry
        name_length, = struct.unpack_from("<H", patched, central + 28)
        if patched[central + 46:central + 46 + name_length] == name.encode():
            struct.pack_into("<I", patched, central + 24, size)
            return bytes(patched)
        extra, comment = struct.unpack_from("<HH", patched, central + 30)
        central += 46 + name_length + extra + comment


def test_a_sheet_that_unpacks_larger_than_declared_is_refused_not_read(con):
    data = with_declared_size(export(con), "xl/worksheets/sheet2.xml", 100)
    message = refused(con, data)
    assert "keine lesbare Excel-Arbeitsmappe" in message


def test_a_small_file_with_an_absurd_compression_ratio_is_refused(con):
    assert "entpackt" in refused(con, zip_bomb(5))  # 5 MB from a few KB: no real workbook


def test_an_upload_over_the_size_limit_is_refused(con):
    message = refused(con, b"PK" + b"\0" * excel_import.MAX_UPLOAD_BYTES)
    assert "höchstens 5 MB" in message


def test_too_many_rows_are_refused(con):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Version", "Status", "Kommentar"])
    for _ in range(excel_import.MAX_ROWS + 1):
        sheet.append([None, None, None, "x"])
    assert f"mehr als {excel_import.MAX_ROWS} Zeilen" in refused(con, save(workbook))


def test_a_workbook_without_the_columns_is_refused(con):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Maßnahme", "Status"])
    assert "Kein Blatt hat die Spalten ID, Version, Status, Kommentar" in refused(
        con, save(workbook))


def test_a_comment_over_the_limit_is_refused(con):
    data = edited(export(con), {1: {"Kommentar": "x" * 2001}})
    assert "höchstens 2000" in refused(con, data)
