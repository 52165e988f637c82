"""Property tests of what parses outside input (URL filters, German numbers and dates, Excel
rows and files): any input ends in a value or a German WerkstattError, never another error."""
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from werkstatt.commands import excel_import, inputs, workbooks
from werkstatt.errors import WerkstattError
from werkstatt.views.filters import ALL, Choices, Filters, from_query, statuses_from_query
from werkstatt.vocab import EXCEL_EXCHANGE_COLUMNS, STATUSES

CHOICES = Choices(monate=tuple(date(2019, m, 1) for m in range(1, 13)),
                  kontakte=("Niels Buck", "Kreisverwaltung"),
                  handlungsfelder=("Teilhabe in Dithmarschen",),
                  first_day=date(2019, 1, 1), last_day=date(2019, 12, 31))
DEFAULT_DAY = date(2019, 12, 31)
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
KEYS = st.sampled_from(["monat", "kontakt", "handlungsfeld", "ort", "zielgruppe", "stichtag",
                        "status", "anderes"])


@given(st.dictionaries(KEYS, st.one_of(TEXT, st.sampled_from(
    ["2019-09", "2019-9", "alle", "Niels Buck", "2019-06-30", "Querschnitt"]))))
def test_any_url_gives_filters_the_plan_knows_and_notices_that_do_not_repeat_it(query):
    filters, notices = from_query(query, CHOICES, DEFAULT_DAY)
    assert isinstance(filters, Filters) and hash(filters) is not None
    assert filters.monat is None or filters.monat in CHOICES.monate
    assert filters.kontakt in (ALL, *CHOICES.kontakte)
    assert filters.handlungsfeld in (ALL, *CHOICES.handlungsfeld_values())
    assert filters.stichtag is not None and CHOICES.first_day <= filters.stichtag <= \
        CHOICES.last_day
    for notice in notices:  # German, naming the filter, never quoting the URL's text
        assert "zurückgesetzt" in notice
        assert not any(len(value) > 12 and value in notice for value in query.values())


@given(st.lists(TEXT, max_size=5))
def test_any_status_list_from_the_url_gives_known_statuses(values):
    chosen, notices = statuses_from_query(values)
    assert set(chosen) <= set(STATUSES) and len(notices) <= 1


@given(st.one_of(TEXT, st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                 st.booleans(), st.none(), st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?",
                                                         fullmatch=True)))
def test_any_number_input_is_a_finite_number_or_a_german_error(value):
    try:
        number = inputs.parse_number(value)
    except WerkstattError as refused:
        assert str(refused)
    else:
        assert number == number and abs(number) != float("inf")


@given(st.one_of(TEXT, st.dates(), st.integers(), st.none(),
                 st.from_regex(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,4}", fullmatch=True)))
def test_any_date_input_is_a_date_or_a_german_error(value):
    try:
        assert isinstance(inputs.parse_day(value), date)
    except WerkstattError as refused:
        assert "kein Datum" in str(refused)


CELL = st.one_of(st.none(), TEXT, st.integers(-5, 10**12), st.floats(), st.booleans(),
                 st.sampled_from(list(STATUSES) + ["ERLEDIGT", " offen ", "=1+1"]))


@given(st.lists(CELL, min_size=0, max_size=6))
def test_any_excel_row_is_read_or_refused_with_its_sheet_and_row(values):
    columns = {key: index for index, key in enumerate(EXCEL_EXCHANGE_COLUMNS)}
    errors: list[str] = []
    row = excel_import._row(values, columns, "Blatt", 7, "Blatt „Blatt“, Zeile 7", errors)
    if row is None:
        assert all(error.startswith("Blatt „Blatt“, Zeile 7") for error in errors)
    else:
        assert not errors and row.status in STATUSES and row.massnahme_id > 0


@settings(max_examples=50)
@given(st.binary(max_size=2000))
def test_any_uploaded_bytes_are_refused_with_a_german_error_before_the_database(data):
    try:
        workbooks.check_archive(data)
        excel_import._read_rows(data)
    except WerkstattError as refused:
        assert str(refused)
