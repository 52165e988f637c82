"""A contact's Termine as an iCalendar file (.ics) for Outlook, Thunderbird and phones.

One all-day event per Termin of the contact's Werkzeuge (the same contact rule as the
dashboard's contact filter). DTEND of an all-day event is exclusive: a month span ends on the
day after its last day, a one-day mark lasts one day. UIDs come from the Termin's id and
DTSTAMP from the plan's Stand, SEQUENCE from the Termin's version: the same plan gives the
same bytes, and a calendar that subscribes updates its events instead of duplicating them.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from werkstatt import formats
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
        event = Event()
        event.add("uid", f"termin-{int(termin.termin_id)}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("sequence", int(termin.termin_version or 1) - 1)
        event.add("dtstart", termin.beginn.date())
        # all-day DTEND is exclusive; the last day a date can have has no day after it
        event.add("dtend", min(termin.ende.date(), date.max - timedelta(days=1))
                  + timedelta(days=1))
        event.add("summary", printable(f"{termin.werkzeug}: {termin.massnahme}"))
        event.add("description",
                  printable(_description(termin, contacts.get(termin.werkzeug_id))))
        event.add("transp", "TRANSPARENT")  # a month-long span must not block the calendar
        calendar.add_component(event)
    return calendar.to_ical()


def _description(termin, contacts: str | None) -> str:
    lines = [f"Zeitraum: {formats.span(termin.beginn.date(), termin.ende.date())}"]
    if isinstance(termin.bezeichnung, str) and termin.bezeichnung:
        lines.append(f"Termin im Plan: {termin.bezeichnung}")
    if termin.ungefaehr:
        lines.append(f"ungefähr: {termin.deutung} (Markierung im Plan: {termin.rohmarke})")
    if termin.fortfuehrung:
        lines.append("Fortführung")
    lines.append(f"Status: {termin.status}")
    lines.append(f"Kontakte: {contacts or 'keine genannt'}")
    return "\n".join(lines)
