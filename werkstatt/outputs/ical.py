"""A contact's Termine as an iCalendar file (.ics) for Outlook, Thunderbird and phones.

One event per Termin of the contact's Werkzeuge (the same contact rule as the dashboard's
contact filter), its SUMMARY "Maßnahme – Werkzeug". A milestone is one day: its exact day, or
for a month the month's first working day, said "im Lauf des Monats". A span is one event from
its first to its last day (all-day dates: the plan names no hours; DTEND is exclusive),
marked free, so months of work do not block the calendar. UIDs come from the Termin's id and
DTSTAMP from the plan's Stand, SEQUENCE from the Termin's version: the same plan gives the
same bytes, and a calendar that subscribes updates its events instead of duplicating them.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from werkstatt import formats, vocab
from werkstatt.dates import first_working_day
from werkstatt.text import printable
from werkstatt.views import filters as flt
from werkstatt.views.contacts import plan_spelling
from werkstatt.views.plan_data import PlanData

UID_DOMAIN = "werkstattplan-dithmarschen"
PRODID = "-//Kreis Dithmarschen//Werkstattplan-Dashboard//DE"


def contact_calendar(plan: PlanData, kontakt: str) -> bytes:
    """The .ics file of one contact; an unknown contact raises FilterValueError."""
    kontakt = plan_spelling(kontakt, plan.choices().kontakte)
    rows = plan.rows_of(flt.Filters(kontakt=kontakt))
    dated = rows[rows["termin_id"].notna()].sort_values(["beginn", "termin_id"])
    contacts = plan.kontakte_by_werkzeug()
    info = plan.info
    stamp = datetime.combine(info["stand"], time(), tzinfo=UTC)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{info['titel']} – {kontakt}")
    calendar.add("name", f"{info['titel']} – {kontakt}")
    for termin in dated.itertuples():
        begin, end = termin.beginn.date(), termin.ende.date()
        in_month = termin.art == vocab.MILESTONE and begin != end
        if termin.art == vocab.MILESTONE:  # one day, never a month-long event
            begin = end = first_working_day(begin) if in_month else begin
        event = Event()
        event.add("uid", f"termin-{int(termin.termin_id)}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("sequence", int(termin.termin_version or 1) - 1)
        event.add("dtstart", begin)
        # all-day DTEND is exclusive; the last day a date can have has no day after it
        event.add("dtend", min(end, date.max - timedelta(days=1)) + timedelta(days=1))
        event.add("summary", printable(f"{termin.massnahme} – {termin.werkzeug}"
                                       + (f" ({IN_MONTH})" if in_month else "")))
        event.add("description", printable(_description(
            termin, contacts.get(termin.werkzeug_id), in_month)))
        event.add("transp", "TRANSPARENT")  # free, not busy: a plan's Termin is no meeting
        event.add("x-microsoft-cdo-busystatus", "FREE")
        calendar.add_component(event)
    return calendar.to_ical()


IN_MONTH = "im Lauf des Monats"


def _description(termin, contacts: str | None, in_month: bool) -> str:
    begin, end = termin.beginn.date(), termin.ende.date()
    if in_month:
        lines = [f"Termin: {IN_MONTH} {formats.month_long(begin)} (im Kalender am ersten "
                 "Arbeitstag des Monats)"]
    else:
        lines = [f"Zeitraum: {formats.span(begin, end)}"]
    if isinstance(termin.bezeichnung, str) and termin.bezeichnung:
        lines.append(f"Termin im Plan: {termin.bezeichnung}")
    if termin.ungefaehr:
        lines.append("ungefährer Zeitraum: das Ende ist im Plan nicht genau angegeben")
    if termin.fortfuehrung:
        lines.append("Fortführung")
    lines.append(f"Status: {termin.status}")
    lines.append(f"Kontakte: {contacts or 'keine genannt'}")
    return "\n".join(lines)
