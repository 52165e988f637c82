"""Fortschreibung (issue 19, part 2): what the plan's measures and Werkzeuge become in the
next year's plan. A proposal per measure by fixed rules, the admin's decision where one is
given, and the Übergang (übernommen / abgeschlossen / entfallen with Grund). Nothing is
written: the new plan is not created here.

The proposal for a measure, from its current status:
- abgeschlossen: erledigt;
- entfällt: entfallen (keeping the Grund recorded with the status);
- übernehmen: still open and a Fortführung row, or with months in the target year, or of a
  Werkzeug the overview marks for the target year;
- entfällt otherwise, with the Grund "Werkzeug <Jahr> nicht fortgeführt".
A Werkzeug is carried if the overview marks it for the target year or one of its measures is
carried (by the decision, which the admin may have changed).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from werkstatt import dates, vocab
from werkstatt.errors import ValidationError
from werkstatt.text import clean_input
from werkstatt.views import queries
from werkstatt.views.plan_data import PlanData

LAST_YEAR = 9999  # a target year beyond this has no calendar days
# the Übergang's label per decision (None: a measure new in the plan carried to)
LABELS: dict[str | None, str] = {vocab.CARRY: "übernommen", vocab.COMPLETED: "abgeschlossen",
                                 vocab.DROP: "entfallen", None: "neu"}
TABLE_COLUMNS = ["Übergang", "Werkzeug", "Maßnahme", "Grund"]


@dataclass(frozen=True)
class Decision:
    """An admin's decision on one measure (build it with `decision`, which checks it)."""
    entscheidung: str
    grund: str | None = None


def decision(entscheidung: object, grund: object = None) -> Decision:
    """A checked decision: one of vocab.DECISIONS (case and spaces do not matter), "entfällt"
    with a Grund, a Grund of at most vocab.MAX_REASON characters; else ValidationError."""
    word = " ".join(str(entscheidung or "").split()).casefold()
    found = next((d for d in vocab.DECISIONS if d.casefold() == word), None)
    if found is None:
        shown = str(entscheidung or "")[:40]
        raise ValidationError(f"Unbekannte Entscheidung „{shown}“; möglich sind "
                              f"{', '.join(f'„{d}“' for d in vocab.DECISIONS)}.")
    reason = clean_input(grund) if isinstance(grund, str) else None
    if found == vocab.DROP and not reason:
        raise ValidationError(f"„{vocab.DROP}“ braucht einen Grund.")
    if reason and len(reason) > vocab.MAX_REASON:
        raise ValidationError(f"Der Grund ist {len(reason)} Zeichen lang; erlaubt sind "
                              f"höchstens {vocab.MAX_REASON}.")
    return Decision(found, reason or None)


@dataclass(frozen=True)
class Massnahme:
    massnahme_id: int
    titel: str
    werkzeug_id: int
    status: str  # the current status (vocab.STATUSES)
    fortfuehrung: bool  # a Fortführung row of the document
    monate_im_zieljahr: tuple[date, ...]  # first days of its months in the target year
    vorschlag: str  # vocab.DECISIONS by the rules
    vorschlag_grund: str | None  # the proposal's Grund (entfällt only)
    begruendung: str  # why the rules propose this, in German (a closed measure: its status)
    entscheidung: str  # the admin's decision, else the proposal
    grund: str | None  # the Grund of the decision
    geaendert: bool  # the admin decided otherwise than proposed


@dataclass(frozen=True)
class Werkzeug:
    werkzeug_id: int
    name: str
    handlungsfeld: str
    markiert: bool  # the overview marks it for the target year
    fortgefuehrt: bool  # carried: marked, or with a carried measure
    massnahmen: tuple[Massnahme, ...]


@dataclass(frozen=True)
class Uebergang:
    """"Übergang <von> → <nach>": the measures by their decision."""
    von: int
    nach: int
    uebernommen: tuple[Massnahme, ...]
    abgeschlossen: tuple[Massnahme, ...]
    entfallen: tuple[Massnahme, ...]  # each with its Grund
    neu: tuple[tuple[str, str], ...] = ()  # (Maßnahme, Werkzeug) new in the plan carried to

    @property
    def title(self) -> str:
        return f"Übergang {self.von} → {self.nach}"

    def table(self, names: Mapping[int, str]) -> pd.DataFrame:
        """One row per measure (Übergang, Werkzeug, Maßnahme, Grund), `names` the Werkzeuge'
        names by id: what the page and the Sachstandsbericht show."""
        groups = ((vocab.CARRY, self.uebernommen), (vocab.COMPLETED, self.abgeschlossen),
                  (vocab.DROP, self.entfallen))
        return pd.DataFrame(
            [{"Übergang": LABELS[kind], "Werkzeug": names[m.werkzeug_id], "Maßnahme": m.titel,
              "Grund": m.grund or ""} for kind, measures in groups for m in measures]
            + [{"Übergang": LABELS[None], "Werkzeug": tool, "Maßnahme": title, "Grund": ""}
               for title, tool in self.neu],
            columns=TABLE_COLUMNS)


def uebergang_hierher(plan: PlanData) -> tuple[str, pd.DataFrame] | None:
    """The Übergang into `plan` from its predecessor as it was applied (title and the same
    table as Uebergang.table), None for a plan that was not carried forward."""
    rows = plan.table(queries.uebergang_vom_vorgaenger)
    if rows.empty:
        return None
    order = {kind: n for n, kind in enumerate(LABELS)}
    rows = rows.assign(rang=[order[None if pd.isna(k) else k] for k in rows["entscheidung"]])
    table = pd.DataFrame(
        [{"Übergang": LABELS[None if pd.isna(r.entscheidung) else r.entscheidung],
          "Werkzeug": r.werkzeug, "Maßnahme": r.titel,
          "Grund": r.grund if isinstance(r.grund, str) else ""}
         for r in rows.sort_values(["rang", "werkzeug", "titel"]).itertuples(index=False)],
        columns=TABLE_COLUMNS)
    return f"Übergang {int(rows['von'].iloc[0])} → {int(rows['nach'].iloc[0])}", table


@dataclass(frozen=True)
class Fortschreibung:
    von: int  # the plan's year
    nach: int  # the target year
    werkzeuge: tuple[Werkzeug, ...]
    uebergang: Uebergang

    @property
    def massnahmen(self) -> tuple[Massnahme, ...]:
        return tuple(m for w in self.werkzeuge for m in w.massnahmen)


def check_target_year(plan_year: int, nach: object) -> int:
    """The target year as a number after the plan's year; else ValidationError (German)."""
    if isinstance(nach, bool) or not isinstance(nach, int):
        raise ValidationError(f"„{str(nach)[:20]}“ ist kein Jahr (z. B. {plan_year + 1}).")
    if nach > LAST_YEAR:
        raise ValidationError(f"Das Zieljahr {nach} ist kein gültiges Jahr.")
    if nach <= plan_year:
        raise ValidationError(f"Das Zieljahr {nach} muss nach dem Planjahr {plan_year} liegen "
                              f"(z. B. {plan_year + 1}).")
    return nach


def fortschreibung(plan: PlanData, nach: int,
                   decisions: Mapping[int, Decision] | None = None) -> Fortschreibung:
    """The proposal for carrying the plan into the year `nach`, with the admin's decisions
    (measure id -> Decision) applied. ValidationError for a target year not after the plan's
    year or a decision on a measure the plan does not have."""
    von = int(plan.info["jahr"])
    nach = check_target_year(von, nach)
    decisions = dict(decisions or {})
    rows = plan.schedule
    unknown = sorted(set(decisions) - set(rows["massnahme_id"].astype(int)))
    if unknown:
        raise ValidationError("Eine Maßnahme mit der ID "
                              f"{', '.join(str(i) for i in unknown[:10])} gibt es im Plan nicht.")
    tools = plan.werkzeuge
    # the overview's year columns (werkzeug_jahr) as PlanData reads them: "2019, 2020"
    marked = {int(tool_id) for tool_id, years in zip(tools["id"], tools["jahre"], strict=True)
              if isinstance(years, str) and str(nach) in years.split(", ")}
    months = _months_in(rows, nach)
    stored = _stored(plan, nach)
    measures: dict[int, list[Massnahme]] = {}
    for row in rows.drop_duplicates("massnahme_id").itertuples(index=False):
        measure = _measure(row, nach, int(row.werkzeug_id) in marked,
                           months.get(int(row.massnahme_id), ()),
                           decisions.get(int(row.massnahme_id)))
        if (kept := stored.get(measure.massnahme_id)) is not None:
            proposal, applied = kept
            measure = replace(measure, vorschlag=proposal, entscheidung=applied.entscheidung,
                              grund=applied.grund, geaendert=applied.entscheidung != proposal
                              or applied.grund != measure.vorschlag_grund)
        measures.setdefault(measure.werkzeug_id, []).append(measure)
    werkzeuge = tuple(
        Werkzeug(werkzeug_id=int(tool_id), name=name, handlungsfeld=field,
                 markiert=int(tool_id) in marked,
                 fortgefuehrt=int(tool_id) in marked or any(
                     m.entscheidung == vocab.CARRY for m in measures.get(int(tool_id), [])),
                 massnahmen=tuple(measures.get(int(tool_id), [])))
        for tool_id, name, field in zip(tools["id"], tools["name"], tools["handlungsfeld"],
                                        strict=True))
    every = [m for w in werkzeuge for m in w.massnahmen]
    added = plan.table(queries.neue_massnahmen)  # once the plan has been carried to `nach`
    added = added[added["jahr"] == nach]
    return Fortschreibung(von=von, nach=nach, werkzeuge=werkzeuge, uebergang=Uebergang(
        von=von, nach=nach, neu=tuple(zip(added["titel"], added["werkzeug"], strict=True)),
        **{field: tuple(m for m in every if m.entscheidung == kind) for field, kind in (
            ("uebernommen", vocab.CARRY), ("abgeschlossen", vocab.COMPLETED),
            ("entfallen", vocab.DROP))}))


def _stored(plan: PlanData, nach: int) -> dict[int, tuple[str, Decision]]:
    """{measure id: (proposal, decision)} as applied, once the plan was carried to `nach`:
    the Übergang of a carried plan is what was decided then, not today's rules."""
    kept = plan.table(queries.fortschreibung_entscheidungen)
    kept = kept[kept["jahr"] == nach]
    return {int(i): (str(v), Decision(str(e), g if isinstance(g, str) else None))
            for i, v, e, g in zip(kept["massnahme_id"], kept["vorschlag"],
                                  kept["entscheidung"], kept["grund"], strict=True)}


def _measure(row, nach: int, tool_marked: bool, months: tuple[date, ...],
             chosen: Decision | None) -> Massnahme:
    """One measure (its first schedule row) with the rules' proposal and the decision."""
    state, fortfuehrung = str(row.status), bool(row.fortfuehrung)
    reason: str | None = None
    if state == vocab.DONE:
        proposal, why = vocab.COMPLETED, "erledigt"
    elif state == vocab.DROPPED:
        comment = row.kommentar
        proposal, why = vocab.DROP, "entfallen"
        # on one line, as a Grund is typed and read back from the decisions file
        reason = " ".join(comment.split()) if isinstance(comment, str) and comment.strip() \
            else vocab.DROPPED_WITHOUT_REASON
    elif fortfuehrung or months or tool_marked:
        proposal = vocab.CARRY
        why = ("Fortführungszeile des Plans" if fortfuehrung
               else f"Termine im Jahr {nach}" if months
               else f"Werkzeug in der Übersicht für {nach} markiert")
    else:
        proposal = vocab.DROP
        why = f"keine Fortführungszeile, keine Termine {nach}, Werkzeug nicht für {nach} markiert"
        reason = vocab.NOT_CARRIED_REASON.format(jahr=nach)
    final = chosen or Decision(proposal, reason)
    return Massnahme(massnahme_id=int(row.massnahme_id), titel=str(row.massnahme),
                     werkzeug_id=int(row.werkzeug_id), status=state,
                     fortfuehrung=fortfuehrung, monate_im_zieljahr=months, vorschlag=proposal,
                     vorschlag_grund=reason, begruendung=why, entscheidung=final.entscheidung,
                     grund=final.grund, geaendert=chosen is not None and (
                         chosen.entscheidung, chosen.grund) != (proposal, reason))


def _months_in(rows: pd.DataFrame, year: int) -> dict[int, tuple[date, ...]]:
    """{measure id: the first days of the months of `year` its Termine touch}."""
    first_day, last_day = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    beginn, ende = pd.to_datetime(rows["beginn"]), pd.to_datetime(rows["ende"])
    touching = rows[(beginn <= last_day) & (ende >= first_day)]
    months: dict[int, set[date]] = {}
    for massnahme_id, start, end in zip(touching["massnahme_id"], touching["beginn"],
                                        touching["ende"], strict=True):
        first = max(pd.Timestamp(start), first_day).date()
        last = min(pd.Timestamp(end), last_day).date()
        month = date(first.year, first.month, 1)
        while month <= last:
            months.setdefault(int(massnahme_id), set()).add(month)
            month = dates.next_month(month)
    return {key: tuple(sorted(found)) for key, found in months.items()}
