from datetime import date

import pytest

from werkstatt.errors import ValidationError
from werkstatt.views.filters import (
    ALL,
    Choices,
    Filters,
    describe,
    from_query,
    from_values,
    statuses_from_query,
    stichtag_for,
    to_query,
)

CHOICES = Choices(monate=tuple(date(2019, m, 1) for m in range(1, 13)),
                  kontakte=("Niels Buck",), handlungsfelder=("Teilhabe in Dithmarschen",),
                  first_day=date(2019, 1, 1), last_day=date(2019, 12, 31))
DEFAULT_DAY = date(2019, 12, 31)


def test_valid_url_values_become_filters_and_go_back_into_the_url_unchanged():
    query = {"monat": "2019-09", "kontakt": "Niels Buck", "handlungsfeld": "Querschnitt",
             "ort": "Heide", "stichtag": "2019-06-30"}
    filters, notices = from_query(query, CHOICES, DEFAULT_DAY)
    assert not notices and filters.stichtag == date(2019, 6, 30)
    assert filters.monat == date(2019, 9, 1)
    assert to_query(filters, DEFAULT_DAY) == query


@pytest.mark.parametrize("key, value", [
    ("monat", "2019-13"), ("monat", "September"), ("monat", "2020-01"), ("monat", "0000-00"),
    ("kontakt", "Niemand"),
    ("handlungsfeld", "<script>alert(1)</script>"), ("ort", "<b>x</b>"), ("ort", "x" * 81),
    ("stichtag", "2030-01-01"), ("stichtag", "30.06.2019"),
])
def test_a_bad_url_value_is_reset_with_one_german_notice(key, value):
    filters, notices = from_query(
        {key: value, "monat": "2019-03"} if key != "monat" else {key: value}, CHOICES,
        DEFAULT_DAY)
    assert len(notices) == 1 and "zurückgesetzt" in notices[0]
    assert value not in notices[0]
    # a Stichtag is reset to the one the month gives (31.03.2019 beside monat=2019-03)
    assert getattr(filters, key) in (ALL, "", DEFAULT_DAY, date(2019, 3, 31), None)


def test_the_filter_line_names_every_active_filter_in_german():
    assert describe(Filters()) == "Ungefiltert: der ganze Plan."
    assert describe(Filters(monat=date(2019, 9, 1), kontakt="Niels Buck", ort="Heide")) == \
        "Gefiltert: September 2019 · Niels Buck · Ort „Heide“"


def test_explicit_values_from_the_command_line_become_filters_and_missing_ones_stay_all():
    filters = from_values({"monat": "2019-09", "kontakt": None, "handlungsfeld": "Querschnitt",
                           "stichtag": "2019-06-30"}, CHOICES, DEFAULT_DAY)
    assert (filters.monat, filters.kontakt, filters.handlungsfeld, filters.stichtag) == (
        date(2019, 9, 1), ALL, "Querschnitt", date(2019, 6, 30))
    assert from_values({}, CHOICES, DEFAULT_DAY).stichtag == DEFAULT_DAY


def test_unknown_explicit_values_are_refused_together_in_one_german_message():
    with pytest.raises(ValidationError) as refused:
        from_values({"monat": "2019-13", "kontakt": "Niemand", "stichtag": "morgen"}, CHOICES,
                    DEFAULT_DAY)
    message = str(refused.value)
    assert "Monat „2019-13“ gibt es im Plan nicht" in message
    assert "Kontakt „Niemand“ gibt es im Plan nicht" in message
    assert "Stichtag „morgen“ ist kein Datum" in message


def test_statuses_from_the_url_repeated_or_comma_separated_in_vocabulary_order():
    assert statuses_from_query(["erledigt", "in Arbeit"]) == (["in Arbeit", "erledigt"], [])
    assert statuses_from_query(["erledigt, offen", "erledigt"]) == (["offen", "erledigt"], [])
    assert statuses_from_query([]) == ([], [])


def test_an_unknown_status_from_the_url_is_dropped_with_a_notice_that_does_not_repeat_it():
    chosen, [notice] = statuses_from_query(["[klick](https://evil.example)", "verschoben"])
    assert chosen == ["verschoben"]
    assert "unbekannt und wurde entfernt" in notice and "evil" not in notice


def test_the_filter_value_is_frozen_hashable_and_equal_by_its_choice():
    first = Filters(monat=date(2019, 9, 1), kontakt="Niels Buck", stichtag=DEFAULT_DAY)
    second = Filters(monat=date(2019, 9, 1), kontakt="Niels Buck", stichtag=DEFAULT_DAY)
    assert first == second and hash(first) == hash(second)
    assert len({first, second, Filters()}) == 2
    with pytest.raises(AttributeError):
        first.kontakt = "jemand"  # type: ignore[misc]


def test_the_focus_month_is_the_chosen_month_else_the_month_of_the_stichtag():
    assert Filters(monat=date(2019, 9, 1), stichtag=DEFAULT_DAY).focus_month() == date(2019, 9, 1)
    assert Filters(stichtag=date(2019, 6, 15)).focus_month() == date(2019, 6, 1)
    with pytest.raises(ValueError):
        Filters().focus_month()


def test_the_werkzeug_choice_drops_month_and_stichtag_and_keeps_the_rest():
    full = Filters(monat=date(2019, 9, 1), kontakt="Niels Buck", handlungsfeld="Querschnitt",
                   ort="Heide", zielgruppe="Jugend", stichtag=DEFAULT_DAY)
    assert full.werkzeug_choice() == Filters(kontakt="Niels Buck", handlungsfeld="Querschnitt",
                                             ort="Heide", zielgruppe="Jugend")


@pytest.mark.parametrize("today, expected", [
    (date(2026, 12, 4), date(2019, 12, 31)), (date(2018, 5, 1), date(2019, 1, 1)),
    (date(2019, 9, 17), date(2019, 9, 17)), (date(2019, 12, 31), date(2019, 12, 31))])
def test_the_default_stichtag_is_today_held_within_the_plan_period(today, expected):
    assert CHOICES.default_stichtag(today) == expected


def test_a_month_without_a_chosen_stichtag_is_judged_at_the_months_last_day():
    """A September view does not call September's measures overdue at 31.12."""
    from_url, _ = from_query({"monat": "2019-09"}, CHOICES, DEFAULT_DAY)
    from_cli = from_values({"monat": "2019-09"}, CHOICES, DEFAULT_DAY)
    assert from_url.stichtag == from_cli.stichtag == date(2019, 9, 30)
    assert stichtag_for(date(2019, 2, 1), DEFAULT_DAY) == date(2019, 2, 28)
    assert stichtag_for(None, DEFAULT_DAY) == DEFAULT_DAY
    assert "stichtag" not in to_query(from_url, DEFAULT_DAY)  # the link stays short


def test_an_explicit_stichtag_in_the_url_or_on_the_command_line_wins_over_the_month():
    from_url, _ = from_query({"monat": "2019-09", "stichtag": "2019-12-31"}, CHOICES,
                             DEFAULT_DAY)
    from_cli = from_values({"monat": "2019-09", "stichtag": "2019-12-31"}, CHOICES, DEFAULT_DAY)
    assert from_url.stichtag == from_cli.stichtag == date(2019, 12, 31)
    # the chosen Stichtag equals today's default, but not the month's: it stays in the URL
    assert to_query(from_url, DEFAULT_DAY)["stichtag"] == "2019-12-31"
