"""Kontakt cells: free text in, people, units and outside parties out.

The plan writes contacts as prose ("Stabsstelle „Hilfen im Übergang“, Johanna A. Baron",
"Irina Hensler Shorena Sikharulia", "Nordfriesland (Maika Hansen) …"). `parse_kontakt_cell`
splits one cell into mentions; `KontaktRegistry` merges mentions of the same contact
("ST HiÜ" is "Stabsstelle „Hilfen im Übergang“") and remembers every spelling as an alias.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from werkstatt.text import collapse, strip_quotes
from werkstatt.vocab import ACADEMIC_TITLES, EXTERNAL, FORMS_OF_ADDRESS, PERSON, UNIT

# Where a unit's name starts inside running text; we cut the cell before these words.
_UNIT_HEAD = re.compile(
    r"(?<!\S)(?=(?:\w*(?:stelle|bereich)|ST|GB|Fachkräfte)(?!\S*[a-zäöüß]\.)\b)")
# Words that make a segment a unit or role rather than a person.
_UNIT_WORD = re.compile(
    r"(stelle|bereich|agentur|beauftragter?|verwaltung|ko{1,2}rdinator(?:in)?|beirat|dienst|amt)\b",
    re.IGNORECASE,
)
_EXTERNAL_WORD = re.compile(
    r"^(Vertreter|Vertreterin|Vertreter/innen)\b|\b(GmbH|e\.\s?V\.|AG|mbH)\b")
_HONORIFIC = {*FORMS_OF_ADDRESS, *ACADEMIC_TITLES}
_NAME_TOKEN = re.compile(r"^[A-ZÄÖÜ][a-zäöüßéèçğşı\-]+$|^[A-ZÄÖÜ]\.$")
_NOBODY = re.compile(r"^(nein|keine?|derzeit nicht geplant|nicht geplant|-+|–)$", re.IGNORECASE)
_PREFIX_ABBREVIATIONS = {"st": "stabsstelle", "gb": "geschäftsbereich"}
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}


@dataclass(frozen=True)
class Mention:
    name: str
    art: str
    zusatz: str | None = None  # e.g. the district a local contact is responsible for
    organisation: str | None = None  # the unit named with a person in the same cell
    deutung: str | None = None  # how the reader interpreted the cell, for the import log


def parse_kontakt_cell(cell: str | None, column: str) -> tuple[list[Mention], list[str]]:
    """Mentions in one cell plus the parts read as places (no contact).

    column: "ansprechperson" (every part is a contact), "vor_ort" (starts with a place,
    then local contacts) or "extern" (outside advisers; "nein" means none).
    """
    text = collapse(cell or "")
    if not text:
        return [], []
    if column == "extern":
        if _NOBODY.match(text):
            return [], []
        names = (strip_quotes(p) for p in re.split(r"\s*[,;]\s*", text))
        return [Mention(name, EXTERNAL) for name in names if name], []

    mentions: list[Mention] = []
    places: list[str] = []
    segments = _segments(text)
    for index, segment in enumerate(segments):
        if m := re.fullmatch(r"(?:[^()]+?\s*\([^()]+\)\s*)+", segment):
            for district, inner in re.findall(r"([^()]+?)\s*\(([^()]+)\)", m.group(0)):
                places.append(district.strip())
                found = _classify(inner.strip())
                mentions.extend(Mention(x.name, x.art, zusatz=district.strip(),
                                        deutung=x.deutung) for x in found)
            continue
        found = _classify(segment)
        place_first = column == "vor_ort" and (index == 0 or not found or found[0].art != PERSON)
        later_unit = bool(found) and found[0].art == UNIT and index > 0
        if place_first and not later_unit and not _is_unit_head(segment):
            places.append(segment)
            continue
        if not found:
            found = [Mention(segment, UNIT, deutung=f"„{segment}“ weder Person noch bekannte "
                                                    "Stelle: als Stelle übernommen")]
        mentions.extend(found)
    units = [m.name for m in mentions if m.art == UNIT]
    if units:
        mentions = [
            Mention(m.name, m.art, m.zusatz, units[0], m.deutung) if m.art == PERSON else m
            for m in mentions
        ]
    return mentions, places if column == "vor_ort" else []


def _is_unit_head(segment: str) -> bool:
    return bool(re.match(r"(\w*(stelle|bereich)|ST|GB|Fachkräfte)\b", segment))


def _segments(text: str) -> list[str]:
    """Cut before unit names, then on separators; a unit keeps its quoted or colon part."""
    segments: list[str] = []
    for chunk in (c.strip() for c in _UNIT_HEAD.split(text)):
        if not chunk:
            continue
        if _is_unit_head(chunk):
            if m := re.match(r"[^„“\"]*„[^“]*“", chunk):  # quoted unit name
                segments.append(m.group(0).strip())
                chunk = chunk[m.end():]
            elif ":" in chunk:  # "Geschäftsbereich 1: Familie, Soziales, Gesundheit"
                segments.append(chunk.strip(" ,;"))
                continue
        segments.extend(s.strip() for s in re.split(r"\s*[,;/]\s*|\s+-\s+", chunk) if s.strip())
    return segments


def _classify(segment: str) -> list[Mention]:
    segment = segment.strip(" ,;")
    if not segment:
        return []
    if _EXTERNAL_WORD.search(segment):
        return [Mention(segment, EXTERNAL)]
    tokens = segment.split()
    names = [t for t in tokens if t not in _HONORIFIC]
    honorific = len(names) < len(tokens)
    if names and all(_NAME_TOKEN.match(t) for t in names) and not _UNIT_WORD.search(segment):
        initials = [t for t in names if t.endswith(".")]
        if honorific and len(names) >= 1:
            return [Mention(segment, PERSON)]
        if len(names) in (2, 3) or (initials and len(names) <= 4):
            return [Mention(segment, PERSON)]
        if len(names) == 4 and not initials:
            first, second = " ".join(names[:2]), " ".join(names[2:])
            note = f"„{segment}“ als zwei Personen gelesen: {first}; {second}"
            return [Mention(first, PERSON, deutung=note), Mention(second, PERSON, deutung=note)]
    if _UNIT_WORD.search(segment) or _is_unit_head(segment):
        return [Mention(segment, UNIT)]
    return []


def unit_key(name: str) -> tuple[str, str]:
    """(head, rest) of a unit name with spelling variants folded."""
    text = strip_quotes(collapse(name))
    text = re.sub(r"[„“”\"]", "", text)
    text = text.split(":")[0]  # "Geschäftsbereich 1: Familie, …" is Geschäftsbereich 1
    text = re.sub(r"\s+(des Kreises|des Kreises Dithmarschen|Kreis Dithmarschen)$", "", text)
    words = text.split()
    if not words:
        return "", ""
    head = words[0].lower()
    head = _PREFIX_ABBREVIATIONS.get(head, head)
    rest = [_ROMAN.get(w.lower(), w) for w in words[1:]]
    return head, " ".join(rest)


def acronym(words: str) -> str:
    """'Hilfen im Übergang' -> 'HiÜ': first letters as written."""
    return "".join(w[0] for w in words.split() if w)


def person_key(name: str) -> str:
    return " ".join(t for t in name.split() if t not in _HONORIFIC).lower()


@dataclass
class Kontakt:
    art: str
    aliases: list[str] = field(default_factory=list)
    organisation: Kontakt | None = None

    @property
    def name(self) -> str:
        """The fullest spelling the plan uses (ties: the first seen)."""
        return max(self.aliases, key=len)


class KontaktRegistry:
    """All contacts of a plan; mentions of one contact share one entry."""

    def __init__(self) -> None:
        self.kontakte: list[Kontakt] = []
        self.notes: list[str] = []

    def add(self, mention: Mention) -> Kontakt:
        contact = self._find(mention.name, mention.art)
        if contact is None:
            contact = Kontakt(mention.art, [mention.name])
            self.kontakte.append(contact)
        elif mention.name not in contact.aliases:
            self.notes.append(f"„{mention.name}“ als dieselbe {_art_word(contact.art)} wie "
                              f"„{contact.aliases[0]}“ erkannt")
            contact.aliases.append(mention.name)
        if mention.organisation and contact.organisation is None:
            contact.organisation = self._find(mention.organisation, UNIT) or self.add(
                Mention(mention.organisation, UNIT))
        return contact

    def _find(self, name: str, art: str) -> Kontakt | None:
        for contact in self.kontakte:
            if contact.art != art:
                continue
            if any(self._same(name, alias, art) for alias in contact.aliases):
                return contact
        return None

    @staticmethod
    def _same(a: str, b: str, art: str) -> bool:
        if art == PERSON:
            return person_key(a) == person_key(b)
        (head_a, rest_a), (head_b, rest_b) = unit_key(a), unit_key(b)
        if head_a != head_b:
            return False
        if rest_a.lower() == rest_b.lower():
            return True
        # "Stabsstelle HiÜ" abbreviates "Stabsstelle Hilfen im Übergang"
        return bool(rest_a and rest_b) and (rest_a == acronym(rest_b) or rest_b == acronym(rest_a))

    def units_in(self, text: str | None) -> list[tuple[Kontakt, str]]:
        """Units or roles named in running text (a 'Beteiligte' cell), with the spelling found:
        any known spelling, or the short form of a one-word name ("JBA": Jugendberufsagentur)."""
        if not text:
            return []
        plain = re.sub(r"[„“”\"]", "", collapse(text))
        short_forms = set(_SHORT_FORM.findall(plain))
        found = []
        for contact in self.kontakte:
            if contact.art != UNIT:
                continue
            spelling = next((alias for alias in contact.aliases if _names(alias, plain)), None) \
                or next((short for short in sorted(short_forms)
                         if any(abbreviates(short, alias) for alias in contact.aliases)), None)
            if spelling:
                found.append((contact, spelling))
        return found


# A short form in running text: 3 to 5 capitals standing alone ("JBA", not "AG" or "SH").
_SHORT_FORM = re.compile(r"(?<!\w)[A-ZÄÖÜ]{3,5}(?!\w)")


def _names(alias: str, plain: str) -> bool:
    needle = re.sub(r"[„“”\"]", "", alias).split(":")[0].strip()
    return len(needle) >= 6 and bool(re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", plain))


def abbreviates(short: str, name: str) -> bool:
    """'JBA' abbreviates the one-word compound 'Jugendberufsagentur': same first letter, the
    other letters in order, the last one not at the end. Several words use acronym()."""
    word = name.strip()
    if " " in word or len(word) < 2 * len(short) or word[0].upper() != short[0]:
        return False
    rest, position = word[1:-1].lower(), 0
    for letter in short[1:].lower():
        position = rest.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _art_word(art: str) -> str:
    return {PERSON: "Person", UNIT: "Stelle", EXTERNAL: "externe Stelle"}[art]
