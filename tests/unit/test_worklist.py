from datetime import date

import pandas as pd

from werkstatt.views import status, worklist


def schedule_rows(*measures):
    """Schedule rows: (id, status, version, [(beginn, ende), …]); no spans = without a date."""
    rows = []
    for mid, state, version, spans in measures:
        base = {"massnahme_id": mid, "werkzeug_id": 1, "handlungsfeld": "HF", "werkzeug": "W",
                "massnahme": f"M{mid}", "fortfuehrung": False, "status": state,
                "status_version": version, "kommentar": f"K{mid}" if version else None,
                "status_benutzer": "anna" if version else None,
                "status_am": pd.Timestamp("2019-08-01") if version else pd.NaT,
                "bezeichnung": None, "ungefaehr": False}
        for number, (start, end) in enumerate(spans or [(None, None)]):
            rows.append({**base, "termin_id": mid * 10 + number if start else None,
                         "beginn": pd.Timestamp(start) if start else pd.NaT,
                         "ende": pd.Timestamp(end) if end else pd.NaT})
    return pd.DataFrame(rows)


SEPTEMBER = date(2019, 9, 1)


def sections_at(rows, stichtag=date(2019, 9, 15), month=SEPTEMBER):
    return worklist.sections(rows, status.massnahme_states(rows, stichtag, month), month)


def test_every_measure_is_in_exactly_one_section_month_first():
    rows = schedule_rows(
        (1, "offen", 0, [("2019-03-01", "2019-03-31")]),              # overdue
        (2, "in Arbeit", 2, [("2019-09-01", "2019-09-30")]),          # September
        (3, "offen", 0, []),                                          # undated
        (4, "offen", 0, [("2019-01-01", "2019-01-31"), ("2019-09-01", "2019-09-30")]),
        (5, "erledigt", 1, [("2019-02-01", "2019-02-28")]),           # done earlier
        (6, "offen", 0, [("2019-11-01", "2019-11-30")]),              # later: not yet due
        (7, "verschoben", 1, [("2019-01-01", "2019-05-31")]))         # open, ended: overdue
    rows.loc[rows["massnahme_id"] == 7, "ungefaehr"] = True           # … but only roughly
    result = sections_at(rows)
    assert {label: list(part["massnahme_id"]) for label, part in result.as_list()} == {
        "im Monat": [2, 4], "überfällig": [1],
        "vermutlich überfällig (ungefährer Termin)": [7], "ohne Termin": [3],
        "noch nicht fällig": [6], "erledigt oder entfallen": [5]}
    assert set(result.in_month["lage"]) == {"im Monat"}
    assert sum(result.counts().values()) == 7


def test_each_row_carries_status_version_comment_and_its_termine_in_words():
    rows = schedule_rows((2, "in Arbeit", 2, [("2019-09-01", "2019-09-30")]),
                         (4, "offen", 0, [("2019-01-01", "2019-01-31"),
                                          ("2019-09-01", "2019-09-30")]))
    first, second = sections_at(rows).in_month.to_dict("records")
    assert (first["status"], first["status_version"], first["kommentar"]) == ("in Arbeit", 2, "K2")
    assert second["termine"] == "Jan 2019; Sep 2019"


def test_a_done_measure_of_the_month_still_shows_so_it_can_be_reviewed():
    rows = schedule_rows((7, "erledigt", 3, [("2019-09-10", "2019-09-10")]))
    assert list(sections_at(rows).in_month["status"]) == ["erledigt"]


def test_undated_measures_stay_in_their_section_whatever_the_month():
    rows = schedule_rows((3, "offen", 0, []), (8, "verschoben", 1, []))
    result = sections_at(rows, month=date(2019, 2, 1))
    assert list(result.undated["massnahme_id"]) == [3, 8]
    assert result.in_month.empty and result.overdue.empty


def test_the_overview_counts_undated_measures_that_never_got_a_status():
    rows = schedule_rows((3, "offen", 0, []), (8, "offen", 1, []), (9, "offen", 0, []),
                         (1, "offen", 0, [("2019-03-01", "2019-03-31")]))
    assert worklist.undated_without_status(rows) == 2


def test_the_editor_table_shows_each_row_as_drawn_with_an_empty_new_comment():
    rows = schedule_rows((2, "in Arbeit", 2, [("2019-09-01", "2019-09-30")]),
                         (3, "offen", 0, []))
    section = sections_at(rows).in_month
    # drawn before a colleague's save, and only the first row
    table = worklist.editor_table(worklist.readable(section), ["erledigt"])
    assert len(table) == 1
    assert list(table.columns) == worklist.EDITOR_COLUMNS
    assert table.iloc[0].to_dict() == {
        "Maßnahme": "M2", "Werkzeug": "W", "Termine": "Sep 2019", "Status": "erledigt",
        "neuer Kommentar": "", "letzter Kommentar": "K2"}
    # what a reader needs first is on the left; the Werkzeug is not the last column
    assert worklist.EDITOR_COLUMNS[:3] == ["Maßnahme", "Termine", "Status"]
    assert worklist.EDITOR_COLUMNS[-1] != "Werkzeug"


def test_measures_sharing_a_title_are_told_apart_by_their_werkzeug_in_the_title_column():
    rows = schedule_rows((1, "offen", 0, [("2019-09-01", "2019-09-30")]),
                         (2, "offen", 0, [("2019-09-01", "2019-09-30")]),
                         (3, "offen", 0, [("2019-09-01", "2019-09-30")]))
    rows["massnahme"] = ["Veranstaltung", "Veranstaltung", "Arbeitskreis"]
    rows["werkzeug"] = ["Länderabende", "Interkulturelles Fest", "Länderabende"]
    titles = list(worklist.readable(sections_at(rows).in_month)["Maßnahme"])
    assert titles == ["Veranstaltung – Länderabende", "Veranstaltung – Interkulturelles Fest",
                      "Arbeitskreis"]


def test_a_measure_shown_before_stays_in_its_section_until_the_places_are_forgotten():
    rows = schedule_rows((1, "offen", 0, [("2019-03-01", "2019-03-31")]),
                         (2, "offen", 0, [("2019-04-01", "2019-04-30")]),
                         (3, "offen", 0, [("2019-05-01", "2019-05-31")]))
    before = sections_at(rows)
    assert list(before.overdue["massnahme_id"]) == [1, 2, 3]
    rows.loc[rows["massnahme_id"] == 2, ["status", "status_version"]] = ("erledigt", 1)
    after = sections_at(rows)
    assert list(after.of("erledigt oder entfallen")["massnahme_id"]) == [2]
    kept = worklist.kept_in_place(after, before.places())
    assert list(kept.overdue["massnahme_id"]) == [1, 2, 3]  # in plan order, where it was
    assert list(kept.overdue["status"]) == ["offen", "erledigt", "offen"]
    assert kept.of("erledigt oder entfallen").empty
    assert worklist.kept_in_place(after, {}) is after  # a reload: each where it belongs
    assert worklist.kept_in_place(before, before.places()) is before
