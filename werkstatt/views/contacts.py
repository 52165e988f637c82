"""What "contact" means in the views: the roles and their order, which Werkzeuge a contact
filter matches, and how a Werkzeug's contacts are shown. The one place for all three, so a
Werkzeug found through a contact always shows that contact.

`links` is the table of queries.werkzeug_kontakte: one row per Werkzeug, contact and role.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence

import pandas as pd

from werkstatt.errors import FilterValueError
from werkstatt.vocab import CONTACT_ROLES

ROLLEN = CONTACT_ROLES  # every role counts, partners among the "Beteiligte" too
UNNAMED = "Name nicht veröffentlicht"  # people in the public view


def werkzeuge_with_kontakt(links: pd.DataFrame, kontakt: str) -> set[int]:
    """Ids of the Werkzeuge that name this contact in any role."""
    return set(links.loc[links["name"] == kontakt, "werkzeug_id"])


def _in_role_order(links: pd.DataFrame) -> pd.DataFrame:
    order = links["rolle"].map({rolle: index for index, rolle in enumerate(ROLLEN)})
    return links.assign(_order=order).sort_values(["werkzeug_id", "_order"], kind="stable")


def kontakte_by_werkzeug(links: pd.DataFrame) -> dict[int, str]:
    """{werkzeug_id: 'Niels Buck (Ansprechperson); Kreisverwaltung (Beteiligte)'}: every
    contact with its role(s), in role order, for the measure tables."""
    if links.empty:
        return {}
    ordered = _in_role_order(links)
    # a plain loop: a pandas groupby with a lambda took 160 ms for 1,200 Werkzeuge
    roles: dict[int, dict[str, dict[str, None]]] = {}
    for werkzeug_id, name, rolle in zip(ordered["werkzeug_id"], ordered["name"],
                                        ordered["rolle"], strict=True):
        roles.setdefault(int(werkzeug_id), {}).setdefault(name, {})[rolle] = None
    return {werkzeug_id: "; ".join(_with_roles(name, rollen) for name, rollen in names.items())
            for werkzeug_id, names in roles.items()}


def _with_roles(name: str, rollen) -> str:
    """'Kreisverwaltung (Ansprechperson, Beteiligte)'; a contact named after its role (people
    in the public view) not twice: 'Externe Beratung', 'Ansprechperson (Beteiligte)'."""
    others = [rolle for rolle in rollen if rolle != name]
    return f"{name} ({', '.join(others)})" if others else name


def kontakte_by_rolle(links: pd.DataFrame) -> dict[str, str]:
    """{'Ansprechperson': 'Name (Person); …', …} of one Werkzeug in role order; empty roles
    left out (the profile page)."""
    result = {}
    for rolle in ROLLEN:
        group = links[links["rolle"] == rolle]
        if group.empty:
            continue
        names = []
        for _, link in group.iterrows():
            zusatz = link["zusatz"] if isinstance(link["zusatz"], str) else None
            if link["name"] == rolle:  # a contact named after its role: the people behind it
                names.append(f"{UNNAMED} ({zusatz})" if zusatz else UNNAMED)
            else:
                names.append(f"{link['name']} ({link['art']}{f', {zusatz}' if zusatz else ''})")
        result[rolle] = "; ".join(names)
    return result


def names_by_werkzeug(links: pd.DataFrame, rollen: tuple[str, ...]) -> dict[int, str]:
    """{werkzeug_id: 'Niels Buck, Kreisverwaltung'}: the contacts in these roles, names only
    (where the column says the role, e.g. "Ansprechpersonen" on a slide)."""
    chosen = _in_role_order(links[links["rolle"].isin(rollen)])
    return chosen.drop_duplicates(["werkzeug_id", "name"]).groupby(
        "werkzeug_id", sort=False)["name"].agg(", ".join).to_dict()


def plan_spelling(kontakt: str, known: Sequence[str]) -> str:
    """The plan's spelling of a contact given by name (case and spaces ignored); a
    FilterValueError naming the closest contacts when the plan has no such contact. The one
    check of a contact name typed on the command line (ical, user add)."""
    wanted = " ".join(kontakt.split()).casefold()
    for name in known:
        if " ".join(name.split()).casefold() == wanted:
            return name
    close = difflib.get_close_matches(kontakt, list(known), n=3, cutoff=0.5)
    hint = f" Ähnlich: {', '.join(close)}." if close else ""
    raise FilterValueError(f"Den Kontakt „{kontakt}“ gibt es im Plan nicht.{hint} "
                           "Nichts geändert.")
