"""The change history in words a reader understands ("Status von „…“: offen → in Arbeit"),
filters over it, and where an imported fact stands in the plan ("Werkstattplan, Abschnitt
„Praxispool“" instead of a line number of the text rendering)."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from werkstatt import formats, vocab
from werkstatt.views.plan_data import PlanData


def data_version(con, with_logins: bool = False) -> int:
    """The database's change counter: the newest change-history id. Every domain write is
    audited in the same transaction, so this grows with every write from any connection;
    login attempts change no plan data and count only `with_logins`."""
    return con.execute("SELECT coalesce(max(id), 0) FROM aenderung WHERE ? OR tabelle <> ?",
                       [with_logins, vocab.LOGIN_TABLE]).fetchone()[0]


# aenderung.tabelle -> what a reader calls it
AREAS = {"fortschritt": "Status", "massnahme": "Maßnahme", "termin": "Termin",
         "werkzeug": "Werkzeug", "indikator": "Indikator", "messwert": "Messwert",
         vocab.LOGIN_TABLE: "Anmeldung"}
FIELDS = {**vocab.WERKZEUG_FIELDS, "titel": "Titel", "status": "Status",
          "kommentar": "Kommentar", "beginn": "Beginn", "ende": "Ende", "art": "Art",
          "basiswert": "Basiswert", "basis_stichtag": "Stichtag des Basiswerts",
          "zielwert": "Zielwert", "ziel_stichtag": "Zieltermin", "wert": "Wert",
          "stichtag": "Stichtag", "name": "Name"}
SHORT = 60  # characters of a long field (a description) shown in a change


def area(table: str) -> str:
    return AREAS.get(table, table)


def filtered(log: pd.DataFrame, user: str, areas: list[str], period) -> pd.DataFrame:
    """The entries of one user (or "alle"), of the chosen areas (AREAS' words; none: all)
    and within the period (two days)."""
    rows = log
    if user and user != "alle":
        rows = rows[rows["benutzer"] == user]
    if areas:
        rows = rows[rows["tabelle"].map(area).isin(areas)]
    if isinstance(period, (list, tuple)) and len(period) == 2 and all(
            isinstance(d, date) for d in period):
        start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1]) + pd.Timedelta(days=1)
        rows = rows[(rows["zeitpunkt"] >= start) & (rows["zeitpunkt"] < end)]
    return rows


@dataclass(frozen=True)
class Names:
    """What the entries' record ids stand for (from PlanData: titles, names)."""
    massnahmen: Mapping[int, str]  # also removed measures
    werkzeuge: Mapping[int, str]
    indikatoren: Mapping[int, str]


def names_of(plan: PlanData) -> Names:
    """The names of a plan's records for the change history."""
    removed = plan.removed_massnahmen
    return Names({**dict(zip(removed["id"], removed["titel"], strict=True)),
                  **plan.massnahme_titel()},
                 dict(zip(plan.werkzeuge["id"], plan.werkzeuge["name"], strict=True)),
                 dict(zip(plan.indikatoren["id"], plan.indikatoren["name"], strict=True)))


def fundstelle(werkzeug: str | None, handlungsfeld: str | None = None) -> str:
    """Where an imported fact stands in the plan, as a reader finds it there: the Werkzeug's
    section, else its field of action, else the plan's overview and introduction (a line
    number of the text rendering means nothing to anyone holding the adopted document)."""
    if isinstance(werkzeug, str) and werkzeug:
        return f"Werkstattplan, Abschnitt „{werkzeug}“"
    if isinstance(handlungsfeld, str) and handlungsfeld and handlungsfeld != vocab.CROSS_CUTTING:
        return f"Werkstattplan, Handlungsfeld „{handlungsfeld}“"
    return "Werkstattplan, Übersicht und Einleitung"


def _record(raw) -> dict:
    if not isinstance(raw, str) or not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {"": raw}
    return data if isinstance(data, dict) else {"": data}


def _value(key: str, value) -> str:
    """One stored value as the pages write it: dates German, numbers with a comma, long
    texts shortened, nothing as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, (int, float)):
        return formats.number(value)
    text = str(value)
    if key in ("beginn", "ende", "stichtag", "basis_stichtag", "ziel_stichtag"):
        try:
            return formats.day(date.fromisoformat(text[:10]))
        except ValueError:
            return text
    if key == "art":
        return vocab.TERMIN_KIND_LABELS.get(text, text)
    if key != "kommentar" and len(text) > SHORT:  # a comment is the change itself: whole
        text = text[:SHORT - 1] + "…"
    return f"„{text}“"


def _span(record: dict) -> str:
    try:
        return formats.span(date.fromisoformat(str(record["beginn"])[:10]),
                            date.fromisoformat(str(record["ende"])[:10]))
    except (KeyError, ValueError):
        return "?"


def _changes(old: dict, new: dict) -> str:
    """'Zielgruppe: „alt“ → „neu“; Zielwert: – → 12' for the fields that differ."""
    order = list(FIELDS)  # the stored JSON is sorted by name: show in the forms' order
    keys = sorted((k for k in dict.fromkeys([*new, *old]) if k not in ("version", "quelle")),
                  key=lambda k: order.index(k) if k in order else len(order))
    return "; ".join(f"{FIELDS.get(k, k)}: {_value(k, old.get(k))} → {_value(k, new.get(k))}"
                     for k in keys if old.get(k) != new.get(k))


def describe(entry: Mapping, names: Names) -> str:
    """One entry of the change history as a sentence."""
    table, action, record_id = entry["tabelle"], entry["aktion"], entry["datensatz_id"]
    old, new = _record(entry["alt"]), _record(entry["neu"])
    rid = int(record_id) if pd.notna(record_id) else None

    def titel(mid) -> str:
        found = names.massnahmen.get(int(mid)) if mid is not None and pd.notna(mid) else None
        return f"„{found}“" if found else f"der Maßnahme Nr. {mid}"

    if table == vocab.LOGIN_TABLE:
        return str(action)
    if table == "fortschritt":
        text = (f"Status von {titel(rid)}: {old.get('status') or vocab.OPEN} → "
                f"{new.get('status')}")
        if new.get("kommentar"):
            text += f"; Kommentar: {_value('kommentar', new['kommentar'])}"
        return text + (f" ({new['quelle']})" if new.get("quelle") else "")
    if table == "massnahme":
        if action == vocab.ADDED:
            tool = names.werkzeuge.get(int(new.get("werkzeug_id") or 0), "?")
            return f"Maßnahme „{new.get('titel')}“ angelegt (Werkzeug „{tool}“)"
        if action == vocab.CHANGED and "titel" in new:
            return f"Maßnahme umbenannt: „{old.get('titel')}“ → „{new.get('titel')}“"
        return f"Maßnahme „{old.get('titel') or names.massnahmen.get(rid or 0, '?')}“ {action}"
    if table == "termin":
        of = titel(new.get("massnahme_id", old.get("massnahme_id")))
        if action == vocab.ADDED:
            return f"Termin für {of} angelegt: {_span(new)} ({_value('art', new.get('art'))})"
        if action == vocab.DELETED:
            return f"Termin von {of} gelöscht: {_span(old)}"
        kind = "" if old.get("art") == new.get("art") else (
            f"; Art: {_value('art', old.get('art'))} → {_value('art', new.get('art'))}")
        return f"Termin von {of}: {_span(old)} → {_span(new)}{kind}"
    if table == "messwert":
        text = (f"Messwert für „{new.get('indikator')}“: {_value('wert', new.get('wert'))} "
                f"zum {_value('stichtag', new.get('stichtag'))}")
        return text + (f"; Kommentar: {_value('kommentar', new['kommentar'])}"
                       if new.get("kommentar") else "")
    subject = {"werkzeug": lambda: f"Werkzeug „{names.werkzeuge.get(rid or 0, rid)}“",
               "indikator": lambda: f"Indikator „{names.indikatoren.get(rid or 0, rid)}“"}.get(
        table, lambda: f"{area(table)} Nr. {rid}" if rid is not None else area(table))()
    detail = _changes(old, new)
    return f"{subject} {action}" + (f": {detail}" if detail else "")


def readable(log: pd.DataFrame, names: Names) -> pd.DataFrame:
    """The entries as the Änderungen page and its CSV show them: when, who, which plan's
    record (where the log names it: `plan`), what, and the change in words."""
    table = pd.DataFrame({
        "Zeitpunkt": [f"{formats.day(t.date())} {t:%H:%M:%S}" for t in log["zeitpunkt"]],
        "Benutzer": log["benutzer"], "Bereich": log["tabelle"].map(area),
        "Änderung": [describe(entry, names) for entry in log.to_dict("records")],
    })
    if "plan" in log.columns:
        table.insert(2, "Plan", [str(int(year)) if pd.notna(year) else "–"
                                 for year in log["plan"]])
    return table
