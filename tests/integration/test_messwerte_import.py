"""Measured values from a CSV or Excel file: checked whole, previewed, saved all or nothing;
every refusal names its line and writes nothing. Also the two command-line commands."""
from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.integration.test_excel_cli import as_anna, secrets_with_anna
from tests.integration.test_excel_import import zip_bomb
from werkstatt.__main__ import main
from werkstatt.commands import messwerte_import
from werkstatt.commands.excel_import import MAX_UPLOAD_BYTES
from werkstatt.errors import ValidationError, WerkstattError

LAENDERABENDE = "Durchgeführte Länderabende"


def counts(con):
    return (con.execute("SELECT count(*) FROM messwert").fetchone()[0],
            con.execute("SELECT count(*) FROM aenderung").fetchone()[0])


def indicator_id(con, name: str) -> int:
    return con.execute("SELECT id FROM indikator WHERE name = ?", [name]).fetchone()[0]


def csv_file(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\n".join(lines).encode(encoding)


def xlsx_file(*rows: tuple) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refused(con, data: bytes, name: str = "werte.csv") -> str:
    """The German refusal of a file; asserts nothing was written."""
    before = counts(con)
    with pytest.raises(ValidationError) as caught:
        messwerte_import.read_entries(con, data, name)
    assert counts(con) == before
    return str(caught.value)


def test_a_csv_with_german_numbers_names_and_ids_is_read_without_writing(con):
    ind = indicator_id(con, LAENDERABENDE)
    data = csv_file("Indikator;Stichtag;Wert;Kommentar",
                    f"{LAENDERABENDE};31.03.2019;2;erstes Quartal",
                    f"{ind};2019-06-30;1.234,5;",
                    "Anbieter in der Praxispool-Datenbank;30.09.2019;12,5;Stand Datenbank")
    before = counts(con)
    entries = messwerte_import.read_entries(con, data, "werte.csv")
    assert counts(con) == before  # the dry run writes nothing
    assert [(e.line, e.indikator, e.stichtag, e.wert, e.kommentar) for e in entries] == [
        (2, LAENDERABENDE, date(2019, 3, 31), 2.0, "erstes Quartal"),
        (3, LAENDERABENDE, date(2019, 6, 30), 1234.5, None),
        (4, "Anbieter in der Praxispool-Datenbank", date(2019, 9, 30), 12.5, "Stand Datenbank")]
    preview = messwerte_import.preview_table(entries)
    assert preview.iloc[1].to_dict() == {"Zeile": 3, "Indikator": LAENDERABENDE,
                                         "Stichtag": "30.06.2019", "Wert": "1.234,5",
                                         "Kommentar": "–"}


def test_apply_saves_every_value_with_user_and_source_in_the_history(con):
    data = csv_file("Indikator,Stichtag,Wert", f"{LAENDERABENDE},31.03.2019,2",
                    f'{LAENDERABENDE},30.06.2019,"4,5"')
    entries = messwerte_import.read_entries(con, data, "werte.csv")
    assert messwerte_import.apply_entries(con, entries, "anna") == 2
    assert con.execute("SELECT stichtag, wert, benutzer FROM messwert ORDER BY stichtag"
                       ).fetchall() == [(date(2019, 3, 31), 2.0, "anna"),
                                        (date(2019, 6, 30), 4.5, "anna")]
    history = [json.loads(new) for (new,) in con.execute(
        "SELECT neu FROM aenderung WHERE tabelle = 'messwert' ORDER BY id").fetchall()]
    assert [h["quelle"] for h in history] == ["Messwert-Import"] * 2


def test_apply_is_all_or_nothing_when_a_value_was_stored_since_the_check(con):
    data = csv_file("Indikator;Stichtag;Wert", f"{LAENDERABENDE};31.03.2019;2",
                    f"{LAENDERABENDE};30.06.2019;4")
    entries = messwerte_import.read_entries(con, data, "werte.csv")
    con.execute("INSERT INTO messwert (indikator_id, stichtag, wert, benutzer) VALUES "
                "(?, DATE '2019-06-30', 3, 'bert')", [indicator_id(con, LAENDERABENDE)])
    before = counts(con)
    with pytest.raises(ValidationError, match="Zeile 3: .* inzwischen"):
        messwerte_import.apply_entries(con, entries, "anna")
    assert counts(con) == before


def test_a_workbook_with_dates_and_numbers_as_cells_is_read_from_its_first_sheet(con):
    from datetime import datetime
    data = xlsx_file(("Indikator", "Stichtag", "Wert", "Kommentar"),
                     (LAENDERABENDE, datetime(2019, 3, 31), 2, None),
                     (indicator_id(con, LAENDERABENDE), "30.06.2019", "4,5", "Partner"))
    entries = messwerte_import.read_entries(con, data, "werte.xlsx")
    assert [(e.line, e.stichtag, e.wert, e.kommentar) for e in entries] == [
        (2, date(2019, 3, 31), 2.0, None), (3, date(2019, 6, 30), 4.5, "Partner")]


REFUSED_LINES = [
    ("Unbekannt;31.03.2019;2", "Zeile 2: den Indikator „Unbekannt“ gibt es nicht"),
    ("999;31.03.2019;2", "Zeile 2: den Indikator „999“ gibt es nicht"),
    ("Herkunftsnationen der nicht deutschen Bevölkerung;31.03.2019;2",
     "Zeile 2: „Herkunftsnationen der nicht deutschen Bevölkerung“ ist eine Kontextzahl"),
    (f"{LAENDERABENDE};31.03.2030;2", "Zeile 2: der 31.03.2030 liegt außerhalb der Jahre"),
    (f"{LAENDERABENDE};31.12.2018;2", "Zeile 2: der 31.12.2018 liegt außerhalb der Jahre"),
    (f"{LAENDERABENDE};gestern;2", "Zeile 2: „gestern“ ist kein Datum"),
    (f"{LAENDERABENDE};31.03.2019;viele", "Zeile 2: „viele“ ist keine Zahl"),
    (f"{LAENDERABENDE};31.03.2019;", "Zeile 2: ohne Wert"),
    (f"{LAENDERABENDE};31.03.2019;2;{'x' * 2001}", "Zeile 2: Der Kommentar hat 2001 Zeichen"),
]


@pytest.mark.parametrize(("line", "message"), REFUSED_LINES)
def test_a_bad_line_refuses_the_whole_file_naming_the_line(con, line, message):
    data = csv_file("Indikator;Stichtag;Wert;Kommentar", line, f"{LAENDERABENDE};30.06.2019;4")
    text = refused(con, data)
    assert message in text and "nichts wurde gespeichert" in text
    assert "Zeile 3" not in text  # the good line is not blamed


def test_a_value_already_stored_and_a_value_twice_in_the_file_are_refused(con):
    con.execute("INSERT INTO messwert (indikator_id, stichtag, wert, benutzer) VALUES "
                "(?, DATE '2019-03-31', 2, 'bert')", [indicator_id(con, LAENDERABENDE)])
    text = refused(con, csv_file("Indikator;Stichtag;Wert", f"{LAENDERABENDE};31.03.2019;2",
                                 f"{LAENDERABENDE};30.06.2019;4", f"{LAENDERABENDE};30.06.2019;5"))
    assert (f"Zeile 2: für „{LAENDERABENDE}“ ist am 31.03.2019 schon der Wert 2 gespeichert "
            "(von bert)") in text
    assert f"Zeile 4: „{LAENDERABENDE}“ am 30.06.2019 steht schon in Zeile 3" in text


def test_a_csv_that_is_not_utf8_is_refused_naming_the_line(con):
    data = csv_file("Indikator;Stichtag;Wert;Kommentar", f"{LAENDERABENDE};31.03.2019;2;Größe",
                    encoding="cp1252")
    assert "Zeile 2: die Datei ist nicht in UTF-8 gespeichert" in refused(con, data)


def test_a_utf8_bom_and_a_tab_separated_file_are_fine(con):
    data = "\ufeffIndikator\tStichtag\tWert\n" + f"{LAENDERABENDE}\t31.03.2019\t2\n"
    (entry,) = messwerte_import.read_entries(con, data.encode("utf-8"), "werte.csv")
    assert entry.wert == 2


@pytest.mark.parametrize(("data", "message"), [
    (b"", "leer"),
    (b"Indikator;Wert\nx;1", "der Kopfzeile fehlt die Spalte „Stichtag“"),
    (b"Indikator;Stichtag;Wert;Wert\nx;1;2;3", "„Wert“ steht zweimal"),
    (b"Indikator;Stichtag;Wert\n", "keine Messwerte"),
    (b"Indikator;Stichtag;Wert\n\x00\x01", "Binärdaten"),
])
def test_files_without_a_usable_table_are_refused(con, data, message):
    assert message in refused(con, data)


def test_formula_cells_are_refused_naming_the_cell(con):
    data = xlsx_file(("Indikator", "Stichtag", "Wert"), (LAENDERABENDE, "31.03.2019", "=1+1"))
    assert "Zeile 2, Zelle C2: enthält eine Formel" in refused(con, data, "werte.xlsx")


def test_an_oversized_file_a_zip_bomb_and_other_formats_are_refused(con):
    assert "höchstens 5 MB" in refused(con, b"x" * (MAX_UPLOAD_BYTES + 1))
    assert "entpackt" in refused(con, zip_bomb(200), "werte.xlsx")
    assert "keine lesbare Excel-Arbeitsmappe" in refused(con, b"kein zip", "werte.xlsx")
    assert "weder eine CSV-Datei" in refused(con, b"a;b", "werte.txt")


# --- command line --------------------------------------------------------------------------------
def test_the_import_command_shows_the_values_and_saves_them_only_with_apply(db, tmp_path, capsys):
    source = tmp_path / "werte.csv"
    source.write_bytes(csv_file("Indikator;Stichtag;Wert", f"{LAENDERABENDE};31.03.2019;2"))
    args = ["messwerte", "import", str(source), *as_anna(tmp_path), "--db", str(db)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"Zeile 2: „{LAENDERABENDE}“ am 31.03.2019: 2" in out and "Nichts gespeichert" in out
    assert main([*args, "--apply"]) == 0
    assert "1 Messwert(e) gespeichert (Quelle: Messwert-Import, Benutzer: anna)" in \
        capsys.readouterr().out
    assert main([*args, "--apply"]) == 1  # the same file again: the value is stored already
    assert "schon der Wert 2 gespeichert" in capsys.readouterr().err


def test_the_import_command_refuses_a_user_the_secrets_file_does_not_know(db, tmp_path, capsys):
    source = tmp_path / "werte.csv"
    source.write_bytes(csv_file("Indikator;Stichtag;Wert", f"{LAENDERABENDE};31.03.2019;2"))
    secrets = ["--secrets", str(secrets_with_anna(tmp_path))]
    assert main(["messwerte", "import", str(source), "--user", "niemand", *secrets, "--db",
                 str(db), "--apply"]) == 1
    assert "Den Benutzer „niemand“ gibt es" in capsys.readouterr().err


def test_the_indikatoren_command_gives_each_indicators_stand_as_json_and_text(db, capsys):
    import duckdb
    con = duckdb.connect(str(db))
    ind = indicator_id(con, LAENDERABENDE)
    con.execute("INSERT INTO messwert (indikator_id, stichtag, wert, benutzer) VALUES "
                "(?, DATE '2019-03-31', 2, 'a'), (?, DATE '2019-06-30', 5, 'a'), "
                "(?, DATE '2019-11-30', 9, 'a')", [ind, ind, ind])
    total = con.execute("SELECT count(*) FROM indikator").fetchone()[0]
    con.close()
    assert main(["indikatoren", "--db", str(db), "--stichtag", "2019-09-30",
                 "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["stichtag"] == "2019-09-30" and len(shown["indikatoren"]) == total
    record = next(r for r in shown["indikatoren"] if r["id"] == ind)
    assert record == {"id": ind, "name": LAENDERABENDE, "handlungsfeld": "Teilhabe in Dithmarschen",
                      "basis": 2.0, "basis_angabe": None, "ziel": 10.0, "letzter_wert": 5.0,
                      "letzter_stichtag": "2019-06-30", "fortschritt_prozent": 37.5,
                      "stand": "auf Kurs", "veraltet": False}  # the November value comes later
    nations = next(r for r in shown["indikatoren"]
                   if r["name"] == "Herkunftsnationen der nicht deutschen Bevölkerung")
    assert (nations["basis"], nations["basis_angabe"], nations["stand"],
            nations["fortschritt_prozent"]) == (100, "über", "Kontextzahl", None)
    assert main(["indikatoren", "--db", str(db), "--stichtag", "2019-09-30"]) == 0
    text = capsys.readouterr().out
    assert "Indikatoren zum 30.09.2019" in text and "☀ auf Kurs · Fortschritt 38 %" in text
    assert "Wert laut Plan: über 100" in text and "noch kein Messwert" not in text


def test_the_indikatoren_command_refuses_a_stichtag_outside_the_plan(db, capsys):
    assert main(["indikatoren", "--db", str(db), "--stichtag", "2030-01-01"]) == 2
    assert "außerhalb des Plans" in capsys.readouterr().err


@pytest.fixture(scope="module")
def plan_reader(plan_db):
    import duckdb
    con = duckdb.connect(str(plan_db), read_only=True)
    yield con
    con.close()


CELL = st.one_of(st.text(max_size=15), st.sampled_from(
    [LAENDERABENDE, "9", "Herkunftsnationen der nicht deutschen Bevölkerung", "31.03.2019",
     "2019-06-30", "1.234,5", "1234.5", "-3", "x"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(CELL, CELL, CELL, CELL), max_size=5))
def test_any_file_of_values_gives_entries_or_a_german_refusal(plan_reader, rows):
    lines = ["Indikator;Stichtag;Wert;Kommentar"] + [
        ";".join(cell.replace(";", " ").replace("\n", " ").replace('"', "") for cell in row)
        for row in rows]
    try:
        entries = messwerte_import.read_entries(plan_reader, csv_file(*lines), "werte.csv")
    except WerkstattError as exc:
        assert str(exc)
    else:
        assert entries and all(2 <= entry.line <= len(rows) + 1 for entry in entries)
