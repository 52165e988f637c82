"""Plain text from the document's cells: markup removed, paragraphs kept."""
from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "br", "div", "li"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.paragraphs.append([])

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.paragraphs.append([])

    def handle_data(self, data):
        self.paragraphs[-1].append(data)


def plain_text(cell: str) -> str:
    """Markup-free text; <p> blocks become paragraphs separated by one blank line."""
    collector = _TextCollector()
    collector.feed(cell)
    collector.close()
    paragraphs = [" ".join("".join(parts).split()) for parts in collector.paragraphs]
    return "\n\n".join(p for p in paragraphs if p)


def collapse(text: str) -> str:
    return " ".join(text.split())


def strip_quotes(text: str) -> str:
    """Drop quotation marks that wrap a whole name („Praxispool“ -> Praxispool)."""
    return text.strip().strip("„“”\"'‚‘’").strip()


def name_key(text: str) -> str:
    """Comparison key for names: case, quotes, dash kinds and spacing do not matter."""
    text = strip_quotes(plain_text(text)).lower()
    text = re.sub(r"[–—‐-]", "-", text)
    text = re.sub(r"[„“”\"]", "", text)
    return collapse(text)


def blank_to_none(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def markdown_escape(text: str | None) -> str:
    """Plan or user text shown through Markdown renders literally (no links, no emphasis)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text or "")


def markdown_paragraphs(text: str | None) -> str:
    """Multi-line plan text for Markdown: paragraphs and line breaks kept, every line escaped
    and without its indent, so "# …" is no heading and four spaces start no code block."""
    paragraphs = re.split(r"\n\s*\n", (text or "").strip())
    return "\n\n".join("  \n".join(markdown_escape(line.strip())
                                     for line in paragraph.splitlines() if line.strip())
                         for paragraph in paragraphs if paragraph.strip())


# C0 controls and DEL; tab, newline and carriage return stay (XML 1.0, iCal and XLSX forbid
# the others, and an SVG with one is invalid as a whole)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# characters that show nothing: zero-width spaces and joiners, the BOM, bidi overrides
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_C1 = re.compile(r"[\x80-\x9f]")


def printable(value: str) -> str:
    """Text for an output (SVG, PDF, XLSX, iCal): C0 control characters removed."""
    return _CONTROL.sub("", value)


def clean_input(value: str, *, multiline: bool = False) -> str:
    """Typed or pasted text as it is stored: control and invisible characters removed (a tab
    and line breaks only where the field has several lines, as \\n), ends stripped. A text
    of zero-width spaces becomes "" and is refused as empty by its field's check."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return _C1.sub("", _INVISIBLE.sub("", _CONTROL.sub("", value))).strip()
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                         "ß": "ss"})


def ascii_slug(text: str, max_length: int | None = None) -> str:
    """"Stabsstelle „Hilfen im Übergang“" -> "stabsstelle-hilfen-im-uebergang": for file names
    and URL keys that mail clients, file shares and Windows keep."""
    plain = unicodedata.normalize("NFKD", text.translate(_GERMAN))
    plain = plain.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:max_length].strip("-") if max_length else slug
