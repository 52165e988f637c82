"""Freezing the current plan as a named Stand ("Sachstand Juni 2019", optional Drucksache):
a copy that is never edited (werkstatt.store.baseline), logged like every write."""
from __future__ import annotations

from datetime import date

import duckdb

from werkstatt import vocab
from werkstatt.errors import ValidationError
from werkstatt.store import plans
from werkstatt.store.baseline import freeze
from werkstatt.store.schema import one_row
from werkstatt.store.transaction import audit, check_user, transaction

MAX_NAME, MAX_DRUCKSACHE = 120, 60


def create_stand(con: duckdb.DuckDBPyConnection, name: str, *, user: str,
                 drucksache: str | None = None, today: date | None = None,
                 plan_id: int | None = None) -> int:
    """Freeze the plan `plan_id` (default: the newest) as it is now under `name`; returns the
    new Stand's id."""
    user = check_user(user)
    if not isinstance(name, str) or not name.strip():
        raise ValidationError("Bitte einen Namen für den Stand angeben, z. B. „Sachstand Juni "
                              "2019“.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise ValidationError(f"Der Name ist länger als {MAX_NAME} Zeichen.")
    drucksache = " ".join((drucksache or "").split()) or None
    if drucksache and len(drucksache) > MAX_DRUCKSACHE:
        raise ValidationError(f"Die Drucksachennummer ist länger als {MAX_DRUCKSACHE} Zeichen.")

    def work() -> int:
        plan = plans.newest(con) if plan_id is None else plan_id
        (taken,) = one_row(con, "SELECT count(*) FROM stand WHERE lower(name) = lower(?) "
                                "AND plan_id = ?", [name, plan])
        if taken:
            raise ValidationError(f"Einen Stand „{name}“ gibt es schon; Stände werden nie "
                                  "überschrieben. Bitte einen anderen Namen wählen.")
        stand_id = freeze(con, plan, art=vocab.SNAPSHOT, name=name, datum=today or date.today(),
                          drucksache=drucksache, user=user, herkunft="im Dashboard eingefroren")
        audit(con, user=user, table="stand", record_id=stand_id, action=vocab.ADDED,
              new={"name": name, "drucksache": drucksache})
        return stand_id

    return transaction(con, work)
