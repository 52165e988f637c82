"""Names of downloaded files: ASCII only, so mail clients, file shares and Windows keep them."""
from __future__ import annotations

import re
import unicodedata

PREFIX = "werkstattplan"
MAX_PART = 40  # a long unit name must not make the file name unreadable
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                         "ß": "ss"})


def ascii_slug(text: str) -> str:
    """"Stabsstelle „Hilfen im Übergang“" -> "stabsstelle-hilfen-im-uebergang"."""
    plain = unicodedata.normalize("NFKD", text.translate(_GERMAN))
    plain = plain.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_PART].strip("-")


def download_name(*parts: str, extension: str) -> str:
    """"werkstattplan-<part>-<part>.<extension>"; parts that leave no ASCII are dropped."""
    slugs = [slug for slug in map(ascii_slug, parts) if slug]
    return "-".join([PREFIX, *slugs]) + "." + extension
