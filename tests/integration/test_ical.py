from datetime import date

import pytest
from icalendar import Calendar

from werkstatt.commands.progress import record_status
from werkstatt.errors import ValidationError
from werkstatt.outputs.ical import contact_calendar
from werkstatt.views import filters, queries
from werkstatt.views.plan_data import PlanData


def events(con, kontakt):
    calendar = Calendar.from_ical(contact_calendar(PlanData.of(con), kontakt))
    return calendar, {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def span(event):
    return event.decoded("dtstart"), event.decoded("dtend")


def test_a_month_span_ends_on_the_day_after_its_last_day(con):
    _, found = events(con, "Gerd Schröder")
    continuation = found["Dithmarscher Seniorenkonferenz: Evaluierung und Fortführung 2020"]
    assert span(continuation) == (date(2019, 11, 1), date(2020, 1, 1))  # DTEND exclusive
    assert "Fortführung" in str(continuation["description"])
    assert span(found["Dithmarscher Seniorenkonferenz: Konzeptualisierung"]) == (
        date(2019, 1, 1), date(2019, 3, 1))


def test_a_one_day_mark_lasts_one_day(con):
    _, found = events(con, "Gerd Schröder")
    assert span(found["Dithmarscher Seniorenkonferenz: Veranstaltung 06.10.2019"]) == (
        date(2019, 10, 6), date(2019, 10, 7))


def test_one_event_per_termin_of_the_contacts_tools_with_the_sidebar_rule(con):
    calendar, _ = events(con, "Niels Buck")
    tool_ids = filters.matching_werkzeuge(queries.werkzeuge(con), queries.werkzeug_kontakte(con),
                                      filters.Filters(kontakt="Niels Buck"))
    rows = queries.schedule(con)
    expected = {int(t) for t in rows.loc[rows["werkzeug_id"].isin(tool_ids), "termin_id"].dropna()}
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert sorted(uids) == sorted(f"termin-{t}@werkstattplan-dithmarschen" for t in expected)
    assert str(calendar["x-wr-calname"]) == "Werkstattplan Kreis Dithmarschen 2019 – Niels Buck"


def test_description_has_status_contacts_and_the_approximate_note(con):
    approximate_id = con.execute("SELECT m.id FROM massnahme m WHERE titel = "
                                 "'Vorbereitungsphase'").fetchone()[0]
    record_status(con, approximate_id, "in Arbeit", user="anna")
    _, found = events(con, "Gerd Schröder")
    text = str(found["Dithmarscher Seniorenkonferenz: Vorbereitungsphase"]["description"])
    assert "Status: in Arbeit" in text and "Gerd Schröder" in text.split("Kontakte:")[1]
    assert "ungefähr: " in text and "—————" in text


def test_a_second_export_of_the_same_plan_is_byte_identical(con):
    first = contact_calendar(PlanData.of(con), "Niels Buck")
    assert contact_calendar(PlanData.of(con), "Niels Buck") == first
    assert b"DTSTAMP:20190130T000000Z" in first  # from the plan's Stand, not the clock


def test_an_edited_termin_keeps_its_uid_and_raises_its_sequence(con):
    termin_id, = con.execute("SELECT t.id FROM termin t JOIN massnahme m ON m.id = "
                             "t.massnahme_id WHERE m.titel = 'Konzeptualisierung'").fetchone()
    con.execute("UPDATE termin SET ende = DATE '2019-03-31', version = version + 1 WHERE id = ?",
                [termin_id])
    _, found = events(con, "Gerd Schröder")
    event = found["Dithmarscher Seniorenkonferenz: Konzeptualisierung"]
    assert str(event["uid"]) == f"termin-{termin_id}@werkstattplan-dithmarschen"
    assert event["sequence"] == 1 and event.decoded("dtend") == date(2019, 4, 1)


def test_an_unknown_contact_is_refused_in_german(con):
    with pytest.raises(ValidationError, match="Den Kontakt „Niemand“ gibt es im Plan nicht"):
        contact_calendar(PlanData.of(con), "Niemand")
