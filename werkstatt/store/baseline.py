"""The plan as adopted (the Beschluss, Stand 0) and Stände frozen later: copies of the
measures, Termine, budget items and indicator baselines/targets in tables of their own
(stand, stand_massnahme, stand_termin, stand_budget, stand_indikator). Nothing but
`freeze` writes them, and nothing ever updates them.

A file built before these tables existed gets its Beschluss from the import state where it
is still recoverable: the Termine read from the document (they carry the document's raw
mark), each as it was before its first change or deletion (the change history keeps every
old value), measures and Termine added in the dashboard left out, titles and indicator
values as before their first change. A Termin the dashboard changed without a history entry
cannot be recovered: its measure is kept with `termine_bekannt = false`, never with
invented months.
"""
from __future__ import annotations

import json
from datetime import date, datetime

import duckdb

from werkstatt import vocab
from werkstatt.store.schema import one_row

IMPORTED = "beim Import aus dem beschlossenen Dokument gespeichert"
RECONSTRUCTED = ("nachträglich aus dem Importstand rekonstruiert (Termine mit der Markierung "
                 "des Dokuments, alte Werte aus dem Änderungsprotokoll)")


def beschluss_name(plan_stand: date) -> str:
    return f"Beschluss vom {plan_stand:%d.%m.%Y}"


_TOOLS = "(SELECT id FROM werkzeug WHERE plan_id = ?)"  # the Werkzeuge of one plan


def freeze(con: duckdb.DuckDBPyConnection, plan_id: int, *, art: str, name: str, datum: date,
           drucksache: str | None, user: str, herkunft: str) -> int:
    """Copy the current plan `plan_id` (measures not removed, their Termine and current
    status, budget items, indicator baselines and targets) into a new Stand, inside the
    caller's transaction; returns its id (0 for the Beschluss, else unique in the file)."""
    stand_id = vocab.BESCHLUSS_ID if art == vocab.BESCHLUSS else one_row(
        con, "SELECT greatest(coalesce(max(id), 0), 0) + 1 FROM stand")[0]
    con.execute("INSERT INTO stand VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [stand_id, plan_id, art, name, datum, drucksache, datetime.now(), user, herkunft])
    con.execute(f"""
        INSERT INTO stand_massnahme
        SELECT ?, m.id, m.werkzeug_id, m.titel, m.position, coalesce(m.fortfuehrung, false),
               coalesce((SELECT f.status FROM fortschritt f WHERE f.massnahme_id = m.id
                         ORDER BY f.version DESC LIMIT 1), ?), true
        FROM massnahme m WHERE m.entfernt_am IS NULL AND m.werkzeug_id IN {_TOOLS}""",
                [stand_id, vocab.OPEN, plan_id])
    con.execute(f"""
        INSERT INTO stand_termin SELECT ?, t.id, t.massnahme_id, t.beginn, t.ende, t.art,
               t.bezeichnung, coalesce(t.ungefaehr, false)
        FROM termin t JOIN massnahme m ON m.id = t.massnahme_id
        WHERE m.entfernt_am IS NULL AND m.werkzeug_id IN {_TOOLS}""", [stand_id, plan_id])
    _copy_budget_and_indicators(con, stand_id, plan_id)
    return stand_id


def _copy_budget_and_indicators(con: duckdb.DuckDBPyConnection, stand_id: int,
                                plan_id: int) -> None:
    con.execute("INSERT INTO stand_budget SELECT ?, id, werkzeug_id, betrag_min, betrag_max, "
                f"periode, vk, ungefaehr, text FROM budget_posten WHERE werkzeug_id IN {_TOOLS}",
                [stand_id, plan_id])
    con.execute("INSERT INTO stand_indikator SELECT ?, id, basiswert, basis_stichtag, "
                "zielwert, ziel_stichtag FROM indikator WHERE plan_id = ?", [stand_id, plan_id])


def write_beschluss(con: duckdb.DuckDBPyConnection, plan_id: int) -> None:
    """The import's Beschluss (inside the import's transaction): the plan as just read."""
    (stand,) = one_row(con, "SELECT stand FROM plan WHERE id = ?", [plan_id])
    freeze(con, plan_id, art=vocab.BESCHLUSS, name=beschluss_name(stand), datum=stand,
           drucksache=None, user="Import", herkunft=IMPORTED)


def ensure_beschluss(con: duckdb.DuckDBPyConnection) -> bool:
    """Give a file with a plan but without a Beschluss (built before issue 17, or loaded from
    an older backup) its Beschluss, reconstructed as the module says; True if it did."""
    # fetchall, not fetchone: a result left open blocks e.g. create_function on this connection
    (state,) = con.execute("SELECT (SELECT count(*) FROM plan) > 0 AND (SELECT count(*) FROM "
                           "stand WHERE id = ?) = 0", [vocab.BESCHLUSS_ID]).fetchall()
    if not state[0]:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        _reconstruct(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def _first_old_values(con: duckdb.DuckDBPyConnection, table: str) -> tuple[dict[int, dict],
                                                                             set[int]]:
    """{record id: old values before its first change or deletion} from the change history,
    a later entry filling only keys an earlier one lacks; and the ids added in the dashboard."""
    old: dict[int, dict] = {}
    added: set[int] = set()
    for record_id, action, alt in con.execute(
            "SELECT datensatz_id, aktion, alt FROM aenderung WHERE tabelle = ? "
            "AND datensatz_id IS NOT NULL ORDER BY id", [table]).fetchall():
        if action == vocab.ADDED:
            added.add(record_id)
        elif action in (vocab.CHANGED, vocab.DELETED) and alt:
            values = json.loads(alt)
            if isinstance(values, dict):
                for key, value in values.items():
                    old.setdefault(record_id, {}).setdefault(key, value)
    return old, added


def _reconstruct(con: duckdb.DuckDBPyConnection) -> None:
    # a file from before the Beschluss held one plan
    plan_id, stand = one_row(con, "SELECT id, stand FROM plan ORDER BY id LIMIT 1")
    con.execute("INSERT INTO stand VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                [vocab.BESCHLUSS_ID, plan_id, vocab.BESCHLUSS, beschluss_name(stand), stand,
                 datetime.now(), "Import", RECONSTRUCTED])
    measures_old, measures_added = _first_old_values(con, "massnahme")
    termine_old, termine_added = _first_old_values(con, "termin")
    termine: list[list] = []
    unknown: set[int] = set()
    current = con.execute("SELECT id, massnahme_id, beginn, ende, art, bezeichnung, "
                          "coalesce(ungefaehr, false), rohmarke, deutung FROM termin").fetchall()
    seen = set()
    for tid, mid, beginn, ende, art, label, approx, raw, reading in current:
        seen.add(tid)
        if tid in termine_added or not raw:  # added in the dashboard: no raw mark of the plan
            continue
        old = termine_old.get(tid)
        if old is None and str(reading).startswith("im Dashboard"):
            unknown.add(mid)  # changed, but its old months are nowhere: never guess them
            continue
        values = {"beginn": beginn, "ende": ende, "art": art, "bezeichnung": label,
                  "ungefaehr": approx} | {k: v for k, v in (old or {}).items()
                                          if k in ("beginn", "ende", "art", "bezeichnung",
                                                   "ungefaehr")}
        termine.append([tid, mid, values])
    for tid, old in termine_old.items():  # deleted since: its last values are in the history
        if tid in seen or tid in termine_added or not old.get("rohmarke") or "beginn" not in old:
            continue
        termine.append([tid, old["massnahme_id"], old])
    measures = con.execute("SELECT id, werkzeug_id, titel, position, coalesce(fortfuehrung, "
                           "false) FROM massnahme").fetchall()
    kept = [[vocab.BESCHLUSS_ID, mid, tool, measures_old.get(mid, {}).get("titel", title),
             position, continued, vocab.OPEN, mid not in unknown]
            for mid, tool, title, position, continued in measures if mid not in measures_added]
    if kept:
        con.executemany("INSERT INTO stand_massnahme VALUES (?, ?, ?, ?, ?, ?, ?, ?)", kept)
    kept_ids = {row[1] for row in kept}
    rows = [[vocab.BESCHLUSS_ID, tid, mid, v["beginn"], v["ende"], v["art"], v["bezeichnung"],
             bool(v["ungefaehr"])] for tid, mid, v in termine if mid in kept_ids]
    if rows:
        con.executemany("INSERT INTO stand_termin VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    _copy_budget_and_indicators(con, vocab.BESCHLUSS_ID, plan_id)
    indicators_old, _ = _first_old_values(con, "indikator")
    for iid, old in indicators_old.items():
        for key in ("basiswert", "basis_stichtag", "zielwert", "ziel_stichtag"):
            if key in old:
                con.execute(f"UPDATE stand_indikator SET {key} = ? WHERE stand_id = ? AND "
                            "indikator_id = ?", [old[key], vocab.BESCHLUSS_ID, iid])
