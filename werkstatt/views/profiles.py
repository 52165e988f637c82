"""Werkzeug profile helpers: the Werkzeug a URL selects (contacts by role: views.contacts)."""
from __future__ import annotations

_MAX_ID_DIGITS = 9


def werkzeug_from_query(raw: str | None, visible: list[int],
                        known: list[int]) -> tuple[int | None, str | None]:
    """The Werkzeug id a URL asks for, or (None, German notice) when it is unusable."""
    if raw is None or raw == "":
        return None, None
    # "²" and "٣" are digits to str.isdigit but not to int(); 5000 digits exceed int()'s limit
    usable = raw.isascii() and raw.isdigit() and len(raw) <= _MAX_ID_DIGITS
    if not usable or int(raw) not in known:
        return None, "Das Werkzeug aus der Adresse gibt es nicht; das erste passende wird gezeigt."
    if int(raw) not in visible:
        return None, ("Das Werkzeug aus der Adresse passt nicht zu den gewählten Filtern; das "
                      "erste passende wird gezeigt.")
    return int(raw), None

