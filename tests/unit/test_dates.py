"""Days a calendar entry may fall on: Easter, Schleswig-Holstein's holidays, the first
working day of a month (pure)."""
from datetime import date

import pytest

from werkstatt import dates


@pytest.mark.parametrize("year, easter", [(2019, date(2019, 4, 21)), (2018, date(2018, 4, 1)),
                                          (2024, date(2024, 3, 31)), (2038, date(2038, 4, 25))])
def test_easter_sunday_is_the_gregorian_one(year, easter):
    assert dates.easter_sunday(year) == easter


def test_the_holidays_of_schleswig_holstein_include_the_moving_ones_and_reformationstag():
    holidays = dates.public_holidays(2019)
    assert {date(2019, 4, 19), date(2019, 4, 22), date(2019, 5, 30), date(2019, 6, 10),
            date(2019, 10, 31), date(2019, 1, 1), date(2019, 12, 26)} <= holidays
    assert len(holidays) == 10


@pytest.mark.parametrize("month, first", [
    (date(2019, 1, 1), date(2019, 1, 2)),  # Neujahr
    (date(2019, 9, 1), date(2019, 9, 2)),  # a Sunday
    (date(2019, 6, 1), date(2019, 6, 3)),  # a Saturday
    (date(2018, 4, 1), date(2018, 4, 3)),  # Easter Sunday, then Easter Monday
    (date(2019, 5, 1), date(2019, 5, 2)),  # Tag der Arbeit
    (date(2019, 10, 1), date(2019, 10, 1)),  # a Tuesday
])
def test_the_first_working_day_skips_weekends_and_holidays(month, first):
    assert dates.first_working_day(month) == first
