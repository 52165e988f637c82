"""Names of downloaded files: ASCII only, so mail clients, file shares and Windows keep them."""
from __future__ import annotations

from werkstatt.text import ascii_slug as _slug
from werkstatt.views.filters import ALL, Filters

PREFIX = "werkstattplan"
MAX_PART = 40  # a long unit name must not make the file name unreadable


def ascii_slug(text: str) -> str:
    """"Stabsstelle „Hilfen im Übergang“" -> "stabsstelle-hilfen-im-uebergang"."""
    return _slug(text, MAX_PART)


def download_name(*parts: str, extension: str) -> str:
    """"werkstattplan-<part>-<part>.<extension>"; parts that leave no ASCII are dropped."""
    slugs = [slug for slug in map(ascii_slug, parts) if slug]
    return "-".join([PREFIX, *slugs]) + "." + extension


def view_name(what: str, filters: Filters, extension: str, *detail: str) -> str:
    """A file of one view: what it is, its details (a field of action, "1-von-2"), then the
    filters that made the view and its Stichtag, e.g.
    "werkstattplan-zeitplan-2019-09-niels-buck-2019-09-30.png"."""
    parts = [what, *detail]
    if filters.monat is not None:
        parts.append(filters.monat_key())
    parts += [value for value in (filters.handlungsfeld, filters.kontakt) if value != ALL]
    parts += [value for value in (filters.ort, filters.zielgruppe) if value]
    if filters.stichtag is not None:
        parts.append(filters.stichtag.isoformat())
    return download_name(*dict.fromkeys(parts), extension=extension)
