"""The worklist editor's state (as the browser sends it) becomes status entries."""
from hypothesis import given
from hypothesis import strategies as st

from pages._ui.worklist_editor import entries
from werkstatt.commands.progress import StatusEntry

DRAWN = [(11, 0, "offen"), (12, 3, "in Arbeit"), (13, 1, "verschoben")]


def edits(rows: dict) -> dict:
    return {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def test_edited_rows_become_entries_with_the_version_each_row_was_drawn_for():
    found = entries(DRAWN, edits({
        "0": {"Status": "erledigt"},                                  # from the browser: text
        2: {"neuer Kommentar": "  nur ein Kommentar "},               # status kept
        "1": {"Status": "in Arbeit", "neuer Kommentar": "   "}}))     # no change: left out
    assert found == [StatusEntry(11, "erledigt", "", 0),
                     StatusEntry(13, "verschoben", "  nur ein Kommentar ", 1)]


def test_no_edits_an_emptied_status_and_rows_the_form_no_longer_has_make_no_entry():
    assert entries(DRAWN, None) == []
    assert entries(DRAWN, edits({})) == []
    assert entries(DRAWN, edits({"1": {"Status": None}})) == []
    assert entries(DRAWN, edits({"7": {"Status": "erledigt"}, "-1": {
        "Status": "erledigt"}})) == []


_cell = st.one_of(st.none(), st.text(max_size=20), st.integers(), st.booleans())
_row = st.dictionaries(st.sampled_from(["Status", "neuer Kommentar", "Maßnahme", "x"]), _cell)


@given(st.one_of(st.none(), st.text(), st.dictionaries(st.text(max_size=3), st.lists(_cell)),
                 st.fixed_dictionaries({"edited_rows": st.dictionaries(
                     st.one_of(st.text(max_size=4), st.integers(-3, 9)),
                     st.one_of(_row, _cell))})))
def test_any_editor_state_from_the_browser_gives_entries_of_drawn_rows_and_never_raises(state):
    for entry in entries(DRAWN, state):
        assert (entry.massnahme_id, entry.expected_version) in {(m, v) for m, v, _ in DRAWN}
