"""Budget cells: free text in, items (amount or range, period, staff positions) out.

Only what the text states is parsed; an amount the text does not state stays None, never 0.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from werkstatt import formats, vocab
from werkstatt.text import collapse

# German amounts: 210.165,00 / 800.000,-- / 25.000 / 2.000 / 5000
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,(?:\d{1,2}|-{1,2}))?|\d+(?:,(?:\d{1,2}|-{1,2}))?"
_CURRENCY = r"(?:€|Euro|EUR)"
_RANGE = re.compile(
    rf"(?P<a>{_NUMBER})\s*(?:€|Euro)?\s*(?:–|—|-|bis)\s*(?P<b>{_NUMBER})\s*{_CURRENCY}")
_UP_TO = re.compile(rf"\bbis\s+(?:zu\s+)?(?P<b>{_NUMBER})\s*{_CURRENCY}")
_SINGLE = re.compile(rf"(?P<a>{_NUMBER})\s*,?-*\s*{_CURRENCY}")
_VK = re.compile(rf"(?P<vk>{_NUMBER})\s*(?:VK|VZÄ|Vollzeitäquivalente?|Stellen?)\b")
_APPROX = re.compile(r"\b(?:ca\.|circa|etwa|rund|ungefähr)", re.IGNORECASE)
_PERIODS = [
    (vocab.YEARLY,
     re.compile(r"p\.\s?a\.|/\s?Jahr|pro Jahr|jährlich|im Jahr|je Jahr", re.IGNORECASE)),
    (vocab.ONCE, re.compile(r"einmalig", re.IGNORECASE)),
    (vocab.PROJECT_TERM, re.compile(r"Projektlaufzeit|Gesamtlaufzeit", re.IGNORECASE)),
]
_UNKNOWN = re.compile(r"nicht bezifferbar|\bunbekannt\b|\boffen\b|noch nicht", re.IGNORECASE)
_WORKTIME = re.compile(r"Arbeitszeit", re.IGNORECASE)


@dataclass(frozen=True)
class BudgetItem:
    text: str  # the part of the cell this item was read from, verbatim
    art: str  # Geldbetrag, Personal, Arbeitszeit, Sachmittel, nicht beziffert
    betrag_min: Decimal | None = None
    betrag_max: Decimal | None = None
    periode: str | None = None
    vk: Decimal | None = None
    ungefaehr: bool = False

    def describe(self) -> str:
        """One German line for the import log, amounts as the pages show them
        ('„Ca. 800.000,-- Euro“ → Geldbetrag, Betrag ca. 800.000 €'). Migration 20 in
        store/schema.py rewrites older notes to this form: change both together."""
        bits = [f"„{self.text}“ → {self.art}"]
        stated = self.betrag_min is not None or self.betrag_max is not None
        if stated:
            bits.append(f"Betrag {formats.money(self.betrag_min, self.betrag_max, self.ungefaehr)}")
        else:
            bits.append(formats.NO_AMOUNT)
        if self.vk is not None:
            bits.append(f"{formats.number(self.vk)} VK")
        if self.periode:
            bits.append(self.periode)
        if self.ungefaehr and not stated:  # with an amount, its "ca." says so
            bits.append("ungefähr")
        return ", ".join(bits)


# what budget_posten stores: DECIMAL(12, 2) euros, DECIMAL(6, 2) staff positions
MAX_AMOUNT, MAX_VK = Decimal("9999999999.99"), Decimal("9999.99")


def out_of_range(item: BudgetItem) -> str | None:
    """Why an item's numbers cannot be stored (German), or None."""
    if any(v is not None and abs(v) > MAX_AMOUNT for v in (item.betrag_min, item.betrag_max)):
        return "Betrag über 9.999.999.999,99 €"
    if item.vk is not None and abs(item.vk) > MAX_VK:
        return "Stellenanteil über 9.999,99 VK"
    return None


def german_number(text: str) -> Decimal:
    """'210.165,00' -> 210165.00, '800.000,--' -> 800000, '0,5' -> 0.5."""
    text = text.replace(".", "").rstrip("-").rstrip(",")
    return Decimal(text.replace(",", "."))


def parse_budget(cell: str | None) -> list[BudgetItem]:
    """Split a budget cell into items; an empty cell gives no items."""
    text = collapse(cell or "")
    if not text:
        return []
    return [_parse_part(part) for part in re.split(r"\s\+\s", text) if part.strip()]


def _parse_part(part: str) -> BudgetItem:
    part = part.strip()
    periode = next((name for name, pattern in _PERIODS if pattern.search(part)), None)
    approx = bool(_APPROX.search(part))
    vk_match = _VK.search(part)
    vk = german_number(vk_match["vk"]) if vk_match else None
    money_text = part[: vk_match.start()] + part[vk_match.end():] if vk_match else part

    low = high = None
    if m := _RANGE.search(money_text):
        low, high = german_number(m["a"]), german_number(m["b"])
        if low > high:
            low, high = high, low
    elif m := _UP_TO.search(money_text):
        high = german_number(m["b"])  # "bis 5.000 €": a ceiling, no lower amount stated
    elif m := _SINGLE.search(money_text):
        low = high = german_number(m["a"])

    if low is not None or high is not None:
        art = "Sachmittel" if re.search(r"Sachmittel", part) else "Geldbetrag"
    elif vk is not None:
        art = "Personal"
    elif _WORKTIME.search(part):
        art = "Arbeitszeit"
    else:
        art = "nicht beziffert"
    if _UNKNOWN.search(part) and low is None and high is None:
        art = "nicht beziffert"
    return BudgetItem(part, art, low, high, periode, vk, approx)
