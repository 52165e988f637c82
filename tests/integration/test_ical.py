from datetime import date, timedelta

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


SENIORENKONFERENZ = "Dithmarscher Seniorenkonferenz"


def test_a_span_is_one_event_from_its_first_to_its_last_day(con):
    _, found = events(con, "Gerd Schröder")
    continuation = found[f"Evaluierung und Fortführung 2020 – {SENIORENKONFERENZ}"]
    assert span(continuation) == (date(2019, 11, 1), date(2020, 1, 1))  # DTEND exclusive
    assert "Fortführung" in str(continuation["description"])
    assert span(found[f"Konzeptualisierung – {SENIORENKONFERENZ}"]) == (
        date(2019, 1, 1), date(2019, 3, 1))
    # free, not busy: months of work do not block the calendar
    assert str(continuation["transp"]) == "TRANSPARENT"
    assert str(continuation["x-microsoft-cdo-busystatus"]) == "FREE"


def test_a_milestone_on_an_exact_day_is_that_day(con):
    _, found = events(con, "Gerd Schröder")
    assert span(found[f"Veranstaltung 06.10.2019 – {SENIORENKONFERENZ}"]) == (
        date(2019, 10, 6), date(2019, 10, 7))


def test_a_milestone_in_a_month_is_the_months_first_working_day_said_im_lauf_des_monats(con):
    calendar, found = events(con, "Gerd Schröder")
    # X in February, April and July: three one-day events, each on the first working day
    meetings = [e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith(
        "Vorbereitungstreffen mit pro-t-in GmbH und Netzwerkpartnern – ")]
    assert sorted(span(e) for e in meetings) == [
        (date(2019, 2, 1), date(2019, 2, 2)), (date(2019, 4, 1), date(2019, 4, 2)),
        (date(2019, 7, 1), date(2019, 7, 2))]
    for event in meetings:
        assert str(event["summary"]).endswith("(im Lauf des Monats)")
        assert "im Lauf des Monats" in str(event["description"])
    _, niels = events(con, "Niels Buck")
    forum = niels["3. Bildungsforum – Quartiersentwicklung: Wesselburen - Hier beginnt Europa / "
                  "Europa începe aici/ (im Lauf des Monats)"]
    assert span(forum) == (date(2019, 5, 2), date(2019, 5, 3))  # 1 May is a holiday


def test_no_event_lasts_a_month_unless_it_is_a_span(con):
    calendar, _ = events(con, "Niels Buck")
    for event in calendar.walk("VEVENT"):
        start, end = span(event)
        if "Zeitraum:" not in str(event["description"]):
            assert end - start == timedelta(days=1), event["summary"]


def test_every_summary_starts_with_the_measure_then_its_werkzeug(con):
    rows = queries.schedule(con)
    calendar, _ = events(con, "Niels Buck")
    titles = {f"{m} – {w}" for m, w in zip(rows["massnahme"], rows["werkzeug"], strict=True)}
    for event in calendar.walk("VEVENT"):
        summary = str(event["summary"]).removesuffix(" (im Lauf des Monats)")
        assert summary in titles


def test_one_event_per_termin_of_the_contacts_tools_with_the_sidebar_rule(con):
    calendar, _ = events(con, "Niels Buck")
    tool_ids = filters.matching_werkzeuge(queries.werkzeuge(con), queries.werkzeug_kontakte(con),
                                      filters.Filters(kontakt="Niels Buck"))
    rows = queries.schedule(con)
    expected = {int(t) for t in rows.loc[rows["werkzeug_id"].isin(tool_ids), "termin_id"].dropna()}
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert sorted(uids) == sorted(f"termin-{t}@werkstattplan-dithmarschen" for t in expected)
    assert str(calendar["x-wr-calname"]) == "Werkstattplan Kreis Dithmarschen 2019 – Niels Buck"


def test_description_has_status_contacts_and_says_ungefaehrer_zeitraum_in_plain_words(con):
    approximate_id = con.execute("SELECT m.id FROM massnahme m WHERE titel = "
                                 "'Vorbereitungsphase'").fetchone()[0]
    record_status(con, approximate_id, "in Arbeit", user="anna")
    calendar, found = events(con, "Gerd Schröder")
    text = str(found[f"Vorbereitungsphase – {SENIORENKONFERENZ}"]["description"])
    assert "Status: in Arbeit" in text and "Gerd Schröder" in text.split("Kontakte:")[1]
    assert "ungefährer Zeitraum" in text
    for event in calendar.walk("VEVENT"):  # the parser's words stay in the import log
        description = str(event["description"])
        for parser_word in ("—", "█", "Zeichen", "gedeutet", "Balken", "Monat(e)", "Vorlage"):
            assert parser_word not in description, (parser_word, event["summary"])


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
    event = found[f"Konzeptualisierung – {SENIORENKONFERENZ}"]
    assert str(event["uid"]) == f"termin-{termin_id}@werkstattplan-dithmarschen"
    assert event["sequence"] == 1 and event.decoded("dtend") == date(2019, 4, 1)


def test_an_unknown_contact_is_refused_in_german(con):
    with pytest.raises(ValidationError, match="Den Kontakt „Niemand“ gibt es im Plan nicht"):
        contact_calendar(PlanData.of(con), "Niemand")
