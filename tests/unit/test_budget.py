from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkstatt.ingest.budget_text import german_number, parse_budget


def test_an_exact_amount_is_one_item_without_period():
    [item] = parse_budget("210.165,00€")
    assert (item.betrag_min, item.betrag_max, item.periode) == (Decimal("210165.00"),) * 2 + (None,)
    assert item.text == "210.165,00€" and not item.ungefaehr


def test_circa_with_dashes_is_an_approximate_amount():
    [item] = parse_budget("Ca. 800.000,-- Euro")
    assert item.betrag_min == item.betrag_max == Decimal("800000") and item.ungefaehr


def test_per_annum_is_yearly():
    [item] = parse_budget("Ca. 25.000 € p.a.")
    assert item.betrag_max == Decimal("25000") and item.periode == "jährlich" and item.ungefaehr


def test_a_range_keeps_both_ends():
    [item] = parse_budget("1.000 – 3.000 €")
    assert (item.betrag_min, item.betrag_max) == (Decimal("1000"), Decimal("3000"))


def test_staff_positions_and_material_costs_are_two_items():
    staff, material = parse_budget("0,5 VK + 2.000€/Jahr Sachmittel")
    assert staff.vk == Decimal("0.5") and staff.betrag_min is None and staff.betrag_max is None
    assert material.betrag_min == Decimal("2000") and material.periode == "jährlich"
    assert material.art == "Sachmittel"


def test_up_to_gives_a_ceiling_and_no_invented_floor():
    work, money = parse_budget("Demografiebeauftragter (Arbeitszeit) + Kostenübernahme von "
                               "Moderationen oder Veranstaltungen bis 5.000 Euro pro Jahr")
    assert work.art == "Arbeitszeit" and work.betrag_max is None
    assert money.betrag_min is None and money.betrag_max == Decimal("5000")
    assert money.periode == "jährlich"


@pytest.mark.parametrize("text", ["Noch nicht bezifferbar", "Nicht bezifferbar",
                                  "Beratung und Veranstaltungskosten",
                                  "Arbeitszeit (Demografiebeauftragter, Fachdienste)"])
def test_unstated_amounts_stay_unknown_never_zero(text):
    [item] = parse_budget(text)
    assert item.betrag_min is None and item.betrag_max is None and item.vk is None
    assert item.text == text


def test_an_empty_cell_has_no_items():
    assert parse_budget("") == [] and parse_budget(None) == []


def test_a_year_is_not_an_amount():
    [item] = parse_budget("Start 2019, Kosten offen")
    assert item.betrag_max is None


@given(st.integers(min_value=0, max_value=99_999_999), st.integers(min_value=0, max_value=99))
def test_any_german_formatted_amount_reads_back(euros, cents):
    text = f"{euros:,}".replace(",", ".") + f",{cents:02d} €"
    [item] = parse_budget(text)
    assert item.betrag_min == item.betrag_max == Decimal(euros) + Decimal(cents) / 100


@given(st.text(max_size=80))
def test_free_text_never_crashes_and_amounts_need_digits(text):
    items = parse_budget(text)
    for item in items:
        if item.betrag_min is not None or item.betrag_max is not None:
            assert any(c.isdigit() for c in item.text)
        assert item.betrag_min is None or item.betrag_max is None or \
            item.betrag_min <= item.betrag_max


def test_german_number_reads_thousands_and_decimals():
    assert german_number("210.165,00") == Decimal("210165.00")
    assert german_number("0,5") == Decimal("0.5")


def test_a_ceiling_alone_sums_to_a_ceiling_never_to_zero():
    import pandas as pd

    from werkstatt.views.budget import handlungsfeld_table, totals

    items = pd.DataFrame([{"werkzeug_id": 7, "werkzeug": "W", "handlungsfeld": "HF",
                           "betrag_min": None, "betrag_max": 5000.0, "periode": "jährlich",
                           "vk": None, "art": "Geldbetrag", "ungefaehr": False,
                           "text": "bis 5.000"}])
    result = totals(items)
    assert result.headline.replace("\xa0", " ") == "bis 5.000,00 €"
    assert result.headline_label == "Beträge pro Jahr"
    summe = handlungsfeld_table(items)["Summe (Spanne)"].iloc[0]
    assert summe.replace("\xa0", " ") == "bis 5.000,00 €"


def budget_items(*rows):
    """Budget items: (betrag_min, betrag_max, periode, ungefaehr)."""
    import pandas as pd

    return pd.DataFrame([{"werkzeug_id": n, "werkzeug": f"W{n}", "handlungsfeld": "HF",
                          "betrag_min": low, "betrag_max": high, "periode": period, "vk": None,
                          "art": "Geldbetrag", "ungefaehr": approx, "text": "…"}
                         for n, (low, high, period, approx) in enumerate(rows)])


def test_a_sum_containing_a_ca_amount_is_shown_as_approximate_in_whole_euros():
    from werkstatt.views.budget import handlungsfeld_table, item_table, totals

    items = budget_items((210165.0, 210165.0, None, False), (800000.0, 800000.0, None, True),
                         (1000.0, 3000.0, None, False))
    result = totals(items)
    assert result.headline.replace("\xa0", " ") == "ca. 1.011.165 – 1.013.165 €"
    assert "ca." in handlungsfeld_table(items)["Summe (Spanne)"].iloc[0]
    assert [amount.replace("\xa0", " ") for amount in item_table(items)["Betrag"]] == [
        "210.165,00 €", "ca. 800.000 €", "1.000,00 € – 3.000,00 €"]
    exact = totals(items[~items["ungefaehr"]])  # without the "ca." item: to the cent
    assert exact.headline.replace("\xa0", " ") == "211.165,00 € – 213.165,00 €"


def test_sums_of_different_periods_stay_apart_in_the_headline_as_in_the_tables():
    from werkstatt.views.budget import handlungsfeld_table, totals

    items = budget_items((210165.0, 210165.0, None, False), (25000.0, 25000.0, "jährlich", True),
                         (2000.0, 2000.0, "jährlich", False), (9000.0, 9000.0, "einmalig", False))
    result = totals(items)
    assert [(period, amount.replace("\xa0", " ")) for period, amount in result.headlines] == [
        ("ohne Zeitangabe", "210.165,00 €"), ("pro Jahr", "ca. 27.000 €"),
        ("einmalig", "9.000,00 €")]
    assert result.headline_label == "Beträge"
    assert result.headline.replace("\xa0", " ") == (
        "210.165,00 € (ohne Zeitangabe) · ca. 27.000 € (pro Jahr) · 9.000,00 € (einmalig)")
    assert "nicht zusammengezählt" in result.caption
    assert list(handlungsfeld_table(items)["Zeitbezug"]) == ["ohne Zeitangabe", "pro Jahr",
                                                            "einmalig"]


@pytest.mark.parametrize("low, high, expected", [
    (800000.0, 800000.0, "ca. 800.000 €"), (1000.0, 3000.4, "ca. 1.000 – 3.000 €"),
    (None, 5000.0, "bis ca. 5.000 €"), (1011165.5, 1011165.5, "ca. 1.011.166 €"),
    (None, None, "kein Betrag genannt")])
def test_an_approximate_amount_has_no_cents(low, high, expected):
    from werkstatt import formats

    assert formats.money(low, high, approximate=True).replace("\xa0", " ") == expected
