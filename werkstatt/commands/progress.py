"""Recording progress: the status of a measure and measured indicator values.

Both are append-only: a new status is a new `fortschritt` row with the next version, the
current status is the latest. Bad input raises ValidationError, a stale expected_version
ConflictError; neither writes anything.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from werkstatt import formats, vocab
from werkstatt.commands.inputs import check_comment, check_in_plan, parse_day, parse_number
from werkstatt.commands.versions import Outcome, check_version
from werkstatt.errors import ValidationError, WerkstattError
from werkstatt.store import plans
from werkstatt.store.schema import one_row
from werkstatt.store.transaction import audit, check_user, transaction
from werkstatt.views.queries import current_status
from werkstatt.vocab import CONTEXT_FIGURE, STATUSES


def record_status(con: duckdb.DuckDBPyConnection, massnahme_id: int, status: str, *, user: str,
                  comment: str | None = "", expected_version: int | None = None) -> int:
    """Append a status for a measure; returns its new version."""
    user = check_user(user)
    if status not in STATUSES:
        raise ValidationError(f"Unbekannter Status „{str(status)[:40]}“. Erlaubt: "
                              f"{', '.join(STATUSES)}.")
    comment = check_comment(comment)
    if not isinstance(massnahme_id, int) or isinstance(massnahme_id, bool):
        raise ValidationError("Die Maßnahme ist nicht angegeben.")
    return transaction(con, lambda: append_status(con, massnahme_id, status, user=user,
                                                  comment=comment,
                                                  expected_version=expected_version))


def append_status(con: duckdb.DuckDBPyConnection, massnahme_id: int, status: str, *, user: str,
                  comment: str | None, expected_version: int | None,
                  source: str | None = None) -> int:
    """The write of record_status inside the caller's transaction (arguments already checked);
    `source` names where the change came from in the change history (e.g. "Excel-Import")."""
    found = con.execute("SELECT titel, entfernt_am FROM massnahme WHERE id = ?",
                        [massnahme_id]).fetchone()
    if found is None:
        raise ValidationError(f"Eine Maßnahme mit der Nummer {massnahme_id} gibt es nicht.")
    if found[1] is not None:
        raise ValidationError(f"Die Maßnahme „{found[0]}“ ist entfernt; erst "
                              "wiederherstellen, dann den Status setzen.")
    current = current_status(con, massnahme_id)
    check_version(expected_version, current["version"], lambda: (
        f"„{found[0]}“ wurde inzwischen von {current['benutzer']} am "
        f"{formats.day(current['erfasst_am'].date())} um "
        f"{current['erfasst_am']:%H:%M} Uhr auf „{current['status']}“ gesetzt"
        + (f" (Kommentar: {current['kommentar']})" if current["kommentar"] else "")
        + ". Ihre Änderung wurde nicht gespeichert; bitte prüfen und erneut eintragen."),
        newer=current)
    version = current["version"] + 1
    con.execute("INSERT INTO fortschritt (massnahme_id, status, kommentar, benutzer, "
                "erfasst_am, version) VALUES (?, ?, ?, ?, ?, ?)",
                [massnahme_id, status, comment, user, datetime.now(), version])
    audit(con, user=user, table="fortschritt", record_id=massnahme_id, action=vocab.STATUS_SET,
          old={"status": current["status"], "kommentar": current["kommentar"],
               "version": current["version"]},
          new={"status": status, "kommentar": comment, "version": version}
          | ({"quelle": source} if source else {}))
    return version

def record_value(con: duckdb.DuckDBPyConnection, indikator_id: int, stichtag, wert, *,
                 user: str, comment: str | None = "") -> int:
    """Store a measured value of an indicator; returns the id of the new value."""
    user = check_user(user)
    number = parse_number(wert)
    day = parse_day(stichtag)
    comment = check_comment(comment)
    return transaction(con, lambda: append_value(con, indikator_id, day, number, user=user,
                                                 comment=comment))


def append_value(con: duckdb.DuckDBPyConnection, indikator_id: int, day: date, number: float, *,
                 user: str, comment: str | None, source: str | None = None) -> int:
    """The write of record_value inside the caller's transaction (arguments already checked);
    `source` names where the value came from in the change history (e.g. "Messwert-Import")."""
    found = con.execute("SELECT name, art FROM indikator WHERE id = ?", [indikator_id]).fetchone()
    if found is None:
        raise ValidationError(f"Einen Indikator mit der Nummer {indikator_id} gibt es nicht.")
    if found[1] == CONTEXT_FIGURE:
        raise ValidationError(f"„{found[0]}“ ist eine Kontextzahl des Plans: sie beschreibt die "
                              "Ausgangslage und bekommt keine Messwerte.")
    check_in_plan(con, day, plans.plan_of_record(con, "indikator", indikator_id))
    (new_id,) = one_row(con, "INSERT INTO messwert (indikator_id, stichtag, wert, kommentar,"
                             " benutzer, erfasst_am) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        [indikator_id, day, number, comment, user, datetime.now()])
    audit(con, user=user, table="messwert", record_id=new_id, action=vocab.VALUE_RECORDED,
          new={"indikator_id": indikator_id, "indikator": found[0], "stichtag": day,
               "wert": number, "kommentar": comment} | ({"quelle": source} if source else {}))
    return new_id


@dataclass(frozen=True)
class StatusEntry:
    """One measure's new status (and comment) as a form or file gave it, with the version of
    the measure's status it was made against."""
    massnahme_id: int
    status: str
    comment: str
    expected_version: int

    def describe(self) -> str:
        return (f"„{self.status}“" + (f", Kommentar „{self.comment}“" if self.comment else "")
                + ".")


def record_many(con: duckdb.DuckDBPyConnection, entries: list[StatusEntry], *,
                user: str) -> list[Outcome]:
    """Save several status changes, each on its own: a conflict or bad entry on one measure
    does not stop the others. One outcome per entry, in order."""
    outcomes = []
    for entry in entries:
        title = _title(con, entry.massnahme_id)
        try:
            version = record_status(con, entry.massnahme_id, entry.status, user=user,
                                    comment=entry.comment,
                                    expected_version=entry.expected_version)
        except WerkstattError as exc:
            outcomes.append(Outcome(title, entry.status, entry.describe(), refusal=str(exc)))
        else:
            outcomes.append(Outcome(title, entry.status, entry.describe(), version=version))
    return outcomes


def _title(con: duckdb.DuckDBPyConnection, massnahme_id: int) -> str:
    found = con.execute("SELECT titel FROM massnahme WHERE id = ?", [massnahme_id]).fetchone()
    return f"„{found[0]}“" if found else f"Maßnahme {massnahme_id}"
