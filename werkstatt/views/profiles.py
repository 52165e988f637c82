"""Werkzeug profile helpers: URL selection and contacts grouped by role."""
from __future__ import annotations

import pandas as pd

_MAX_ID_DIGITS = 9
ROLES = ["Ansprechperson", "Ansprechperson vor Ort", "Externe Beratung", "Beteiligte"]


def tool_from_query(raw: str | None, visible: list[int], known: list[int]) -> tuple[int | None, str | None]:
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


def contacts_by_role(links: pd.DataFrame) -> dict[str, str]:
    """{'Ansprechperson': 'Name (Person); …', …} in a fixed role order; empty roles left out."""
    result = {}
    for role in ROLES:
        group = links[links["rolle"] == role]
        if group.empty:
            continue
        names = []
        for _, link in group.iterrows():
            extra = f", {link['zusatz']}" if isinstance(link["zusatz"], str) else ""
            names.append(f"{link['name']} ({link['art']}{extra})")
        result[role] = "; ".join(names)
    return result
