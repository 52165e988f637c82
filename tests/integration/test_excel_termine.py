"""Excel round trip with moved month marks: an admin's file moves Termine (with a Grund per
row), a bearbeiter's file that moves months is refused, a moved row without a Grund too."""
from __future__ import annotations

from datetime import date

import pytest

from tests.integration.excel_helpers import edited, export, load, measure_cells, save
from werkstatt.commands import excel_import
from werkstatt.errors import ConflictError, ValidationError


def september_measure(con) -> tuple[int, str]:
    """A measure with one Termin, the whole of September 2019."""
    return con.execute("SELECT m.id, m.titel FROM massnahme m JOIN termin t ON t.massnahme_id "
                       "= m.id GROUP BY m.id, m.titel HAVING count(*) = 1 AND min(t.beginn) = "
                       "DATE '2019-09-01' AND max(t.ende) = DATE '2019-09-30' ORDER BY m.id "
                       "LIMIT 1").fetchone()


def moved_to_november(data: bytes, mid: int, grund: str | None, status: str | None = None
                      ) -> bytes:
    workbook = load(data)
    cells = measure_cells(workbook, mid)
    cells["Sep 2019"].value = None
    cells["Nov 2019"].value = "X"
    cells["Grund"].value = grund
    if status:
        cells["Status"].value = status
    return save(workbook)


def termine(con, mid: int) -> list[tuple]:
    return con.execute("SELECT beginn, ende, art FROM termin WHERE massnahme_id = ? ORDER BY "
                       "beginn", [mid]).fetchall()


def test_an_admins_moved_mark_is_previewed_with_its_grund_and_applied_with_the_status(con):
    mid, title = september_measure(con)
    other = con.execute("SELECT id FROM massnahme WHERE id <> ? ORDER BY id LIMIT 1",
                        [mid]).fetchone()[0]
    data = edited(moved_to_november(export(con), mid, "Referentin erst im November"),
                  {other: {"Status": "in Arbeit"}})
    changes = excel_import.read_changes(con, data, may_change_termine=True)
    preview = excel_import.preview_table(changes).set_index("Maßnahme")
    assert (preview.loc[title, "Monate bisher"], preview.loc[title, "Monate neu"],
            preview.loc[title, "Grund"]) == ("Sep 2019", "Nov 2019", "Referentin erst im November")
    assert termine(con, mid) == [(date(2019, 9, 1), date(2019, 9, 30), "meilenstein")]  # not yet
    excel_import.apply_changes(con, changes, "chef")
    assert termine(con, mid) == [(date(2019, 11, 1), date(2019, 11, 30), "meilenstein")]
    assert con.execute("SELECT grund, benutzer FROM verschiebung WHERE massnahme_id = ?",
                       [mid]).fetchall() == [("Referentin erst im November", "chef")]
    assert con.execute("SELECT status FROM fortschritt WHERE massnahme_id = ?",
                       [other]).fetchall() == [("in Arbeit",)]
    assert con.execute("SELECT count(*) FROM fortschritt WHERE massnahme_id = ?",
                       [mid]).fetchone() == (0,)  # only its months changed


def test_consecutive_marks_become_one_span_and_a_label_its_own_mark():
    marks = {date(2019, 3, 1): "X", date(2019, 4, 1): "x", date(2019, 5, 1): "ca.",
             date(2019, 8, 1): "Projektende", date(2019, 10, 1): "06.10."}
    assert excel_import.spans_of(marks) == (
        (date(2019, 3, 1), date(2019, 5, 31), "zeitraum", None),
        (date(2019, 8, 1), date(2019, 8, 31), "meilenstein", "Projektende"),
        (date(2019, 10, 6), date(2019, 10, 6), "meilenstein", None))


def test_a_bearbeiters_file_that_moves_months_is_refused_naming_sheet_and_row(con):
    mid, title = september_measure(con)
    data = moved_to_november(export(con), mid, "Grund", status="erledigt")
    with pytest.raises(ValidationError) as refused:
        excel_import.read_changes(con, data, may_change_termine=False)
    message = str(refused.value)
    row = measure_cells(load(data), mid)["ID"]
    assert f"Blatt „{row.parent.title}“, Zeile {row.row}" in message
    assert f"die Monate von „{title}“ wurden geändert (Sep 2019 → Nov 2019)" in message
    assert "nur Administratoren" in message and "nichts wurde gespeichert" in message


@pytest.mark.parametrize("grund", [None, "   ", "x" * 501])
def test_a_moved_row_without_a_grund_is_refused_and_nothing_is_written(con, grund):
    mid, _ = september_measure(con)
    data = moved_to_november(export(con), mid, grund, status="erledigt")
    with pytest.raises(ValidationError) as refused:
        excel_import.read_changes(con, data, may_change_termine=True)
    row = measure_cells(load(data), mid)["ID"]
    assert f"Blatt „{row.parent.title}“, Zeile {row.row}" in str(refused.value)
    assert "Grund" in str(refused.value)
    assert termine(con, mid) == [(date(2019, 9, 1), date(2019, 9, 30), "meilenstein")]
    assert con.execute("SELECT count(*) FROM fortschritt").fetchone() == (0,)


def test_unmoved_marks_are_no_change_even_if_their_text_differs(con):
    mid, _ = september_measure(con)
    data = edited(export(con), {mid: {"Sep 2019": "x"}})
    assert excel_import.read_changes(con, data, may_change_termine=True) == []


def test_a_file_whose_measure_was_moved_since_the_export_is_refused(con):
    from werkstatt.commands import edits

    mid, _ = september_measure(con)
    data = moved_to_november(export(con), mid, "später")
    tid = con.execute("SELECT id FROM termin WHERE massnahme_id = ?", [mid]).fetchone()[0]
    edits.change_termin(con, tid, "2019-10-01", "2019-10-31", "meilenstein", user="bert",
                        grund="von bert")
    with pytest.raises(ValidationError, match="seit dem Export geändert"):
        excel_import.read_changes(con, data, may_change_termine=True)


def test_a_termin_changed_between_preview_and_apply_refuses_the_whole_file(con):
    from werkstatt.commands import edits

    mid, _ = september_measure(con)
    changes = excel_import.read_changes(con, moved_to_november(export(con), mid, "später"),
                                        may_change_termine=True)
    tid = con.execute("SELECT id FROM termin WHERE massnahme_id = ?", [mid]).fetchone()[0]
    edits.change_termin(con, tid, "2019-10-01", "2019-10-31", "meilenstein", user="bert",
                        grund="von bert")
    with pytest.raises(ConflictError):
        excel_import.apply_changes(con, changes, "chef")
    assert termine(con, mid) == [(date(2019, 10, 1), date(2019, 10, 31), "meilenstein")]
