"""Applying a Fortschreibung (issue 19 §2): the next year's plan from the decided proposal, in
one transaction. The carried Werkzeuge with every profile field, contacts, partners, years,
notes, budget lines and goals; their indicators with the latest measured value as the new
Basiswert (with its day); the carried measures linked to their predecessor, with the
document's months in the new year (the Beschluss copy), else without Termin. The old plan is
read-only from then on (werkstatt.store.plans.check_writable)."""
from __future__ import annotations

from datetime import date

import duckdb

from werkstatt import vocab
from werkstatt.commands.versions import check_version
from werkstatt.errors import ValidationError
from werkstatt.store import plans
from werkstatt.store.baseline import write_beschluss
from werkstatt.store.schema import one_row
from werkstatt.store.transaction import audit, check_user, transaction
from werkstatt.views.changes import data_version
from werkstatt.views.fortschreibung import Fortschreibung

STALE = ("Der Plan wurde geändert, seit dieser Vorschlag gezeigt wurde (z. B. ein Status); "
         "bitte den Vorschlag neu prüfen und dann anlegen. Nichts gespeichert.")

_WERKZEUG_COLUMNS = ("name, zielgruppe, umsetzungsort, beteiligte, budget_text, externe_beratung, "
                     "beschreibung, chancen, schwierigkeiten, position, ansprechperson_text, "
                     "vor_ort_text, ansprechperson_uebersicht, umsetzungsort_uebersicht, "
                     "beteiligte_uebersicht, zeile")
_INDIKATOR_COLUMNS = ("schluessel, name, art, einheit, zielwert, ziel_stichtag, richtung, zitat, "
                      "zeile, bemerkung, position, prognosewert, prognose_jahr")


def apply(con: duckdb.DuckDBPyConnection, view: Fortschreibung, von_plan_id: int, *,
          user: str, today: date | None = None, seen_version: int | None = None) -> int:
    """Create the plan of `view.nach` from the plan `von_plan_id` as `view` decides; returns
    the new plan's id. Refused (German, nothing written) when the plan was carried forward
    already, the county has a plan of that year, or the data changed since the page showed
    `view` at `seen_version` (a colleague's status would be decided on a stale proposal)."""
    user = check_user(user)

    def checked_apply() -> int:
        check_version(seen_version, data_version(con), lambda: STALE)
        return _apply(con, view, von_plan_id, user, today or date.today())

    return transaction(con, checked_apply)


def _next(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """The id after the table's highest."""
    return one_row(con, f"SELECT coalesce(max(id), 0) + 1 FROM {table}")[0]


def _apply(con: duckdb.DuckDBPyConnection, view: Fortschreibung, old: int, user: str,
           today: date) -> int:
    plans.check_writable(con, old)  # carried forward once only
    titel, kreis, jahr = one_row(con, "SELECT titel, kreis, jahr FROM plan WHERE id = ?", [old])
    if jahr != view.von:
        raise ValidationError(f"Der Vorschlag gilt dem Plan {view.von}, nicht dem Plan {jahr}.")
    (taken,) = one_row(con, "SELECT count(*) FROM plan WHERE jahr = ? AND lower(kreis) = "
                            "lower(?)", [view.nach, kreis])
    if taken:
        raise ValidationError(f"Einen Plan {view.nach} ({kreis}) gibt es schon; der Plan "
                              f"{jahr} wird nicht zweimal fortgeschrieben. Nichts gespeichert.")
    new = _next(con, "plan")
    new_title = titel.replace(str(jahr), str(view.nach)) if str(jahr) in titel \
        else f"{titel} {view.nach}"
    con.execute("INSERT INTO plan (id, titel, kreis, jahr, stand, einleitung, quelle, "
                "vorgaenger_id) SELECT ?, ?, kreis, ?, ?, einleitung, ?, id FROM plan "
                "WHERE id = ?", [new, new_title, view.nach, today,
                                 f"Fortschreibung des Plans {jahr}", old])
    for name, table in (("neu_ziel", "ziel"), ("neu_feld", "handlungsfeld")):
        _map(con, name, [row[0] for row in con.execute(
            f"SELECT id FROM {table} WHERE plan_id = ?", [old]).fetchall()], _next(con, table))
    _map(con, "neu_werkzeug", [t.werkzeug_id for t in view.werkzeuge if t.fortgefuehrt],
         _next(con, "werkzeug"))
    _map(con, "neu_massnahme", [m.massnahme_id for m in view.uebergang.uebernommen],
         _next(con, "massnahme"))
    values = {"plan": new, "nach": view.nach, "start": date(view.nach, 1, 1),
              "ende": date(view.nach, 12, 31), "beschluss": vocab.BESCHLUSS_ID}
    for sql in _COPIES:
        con.execute(sql, {k: v for k, v in values.items() if f"${k}" in sql})
    _copy_indicators(con, old, new)
    con.executemany("INSERT INTO fortschreibung VALUES (?, ?, ?, ?, ?, (SELECT neu FROM "
                    "neu_massnahme WHERE alt = ?))",
                    [[old, m.massnahme_id, m.vorschlag, m.entscheidung, m.grund, m.massnahme_id]
                     for m in view.massnahmen])
    for name in ("neu_ziel", "neu_feld", "neu_werkzeug", "neu_massnahme"):
        con.execute(f"DROP TABLE {name}")
    write_beschluss(con, new)  # the draft as carried forward: the new plan's baseline
    audit(con, user=user, table="plan", record_id=new, action=vocab.ADDED,
          new={"titel": new_title, "vorgaenger": jahr, "werkzeuge": len(
              [t for t in view.werkzeuge if t.fortgefuehrt]),
               "massnahmen": len(view.uebergang.uebernommen)})
    return new


def _map(con: duckdb.DuckDBPyConnection, name: str, old_ids: list[int], first: int) -> None:
    """A temporary table (alt, neu): the old ids in order, numbered from `first`."""
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT alt, ? - 1 + row_number() OVER "
                "(ORDER BY alt) AS neu FROM unnest(?::INTEGER[]) AS t(alt)",
                [first, sorted(old_ids)])


def _numbered(table: str) -> str:
    """New ids for the rows a copy inserts: after the table's highest, in the old order."""
    return f"(SELECT coalesce(max(id), 0) FROM {table}) + row_number() OVER (ORDER BY x.id)"


# set-based copies (one statement per table: the 100x plan in well under a second)
_COPIES = [
    "INSERT INTO ziel SELECT n.neu, $plan, x.ebene, x.dimension, x.text, x.position "
    "FROM ziel x JOIN neu_ziel n ON n.alt = x.id",
    "INSERT INTO handlungsfeld SELECT n.neu, $plan, x.name, x.beschreibung, x.position "
    "FROM handlungsfeld x JOIN neu_feld n ON n.alt = x.id",
    f"INSERT INTO werkzeug (id, plan_id, handlungsfeld_id, vorgaenger_id, {_WERKZEUG_COLUMNS}) "
    f"SELECT n.neu, $plan, f.neu, x.id, "
    + ", ".join(f"x.{c.strip()}" for c in _WERKZEUG_COLUMNS.split(",")) +
    " FROM werkzeug x JOIN neu_werkzeug n ON n.alt = x.id "
    "LEFT JOIN neu_feld f ON f.alt = x.handlungsfeld_id",
    "INSERT INTO werkzeug_alias SELECT n.neu, x.alias, x.quelle FROM werkzeug_alias x "
    "JOIN neu_werkzeug n ON n.alt = x.werkzeug_id",
    "INSERT INTO werkzeug_jahr SELECT DISTINCT n.neu, x.jahr FROM werkzeug_jahr x "
    "JOIN neu_werkzeug n ON n.alt = x.werkzeug_id WHERE x.jahr >= $nach",
    "INSERT OR IGNORE INTO werkzeug_jahr SELECT neu, $nach FROM neu_werkzeug",
    "INSERT INTO werkzeug_kontakt SELECT n.neu, x.kontakt_id, x.rolle, x.zusatz, x.quelle "
    "FROM werkzeug_kontakt x JOIN neu_werkzeug n ON n.alt = x.werkzeug_id",
    f"INSERT INTO werkzeug_hinweis SELECT {_numbered('werkzeug_hinweis')}, n.neu, x.text, "
    "x.monate, x.position FROM werkzeug_hinweis x JOIN neu_werkzeug n ON n.alt = x.werkzeug_id",
    f"INSERT INTO budget_posten SELECT {_numbered('budget_posten')}, n.neu, x.betrag_min, "
    "x.betrag_max, x.periode, x.vk, x.art, x.ungefaehr, x.text FROM budget_posten x "
    "JOIN neu_werkzeug n ON n.alt = x.werkzeug_id",
    "INSERT INTO ziel_werkzeug SELECT z.neu, n.neu FROM ziel_werkzeug x "
    "JOIN neu_ziel z ON z.alt = x.ziel_id JOIN neu_werkzeug n ON n.alt = x.werkzeug_id",
    # the carried measures, each with the document's Termine (the Beschluss copy, Stand 0 of
    # the old plan: a Termin moved since does not count) clipped to the new year; none: no Termin
    "INSERT INTO massnahme (id, werkzeug_id, titel, position, hinweis, zeile, fortfuehrung, "
    "vorgaenger_id) SELECT n.neu, w.neu, x.titel, x.position, x.hinweis, x.zeile, false, x.id "
    "FROM massnahme x JOIN neu_massnahme n ON n.alt = x.id "
    "JOIN neu_werkzeug w ON w.alt = x.werkzeug_id",
    f"INSERT INTO termin (id, massnahme_id, beginn, ende, art, bezeichnung, ungefaehr, "
    f"rohmarke, deutung) SELECT {_numbered('termin')}, n.neu, greatest(x.beginn, $start), "
    "least(x.ende, $ende), x.art, x.bezeichnung, x.ungefaehr, coalesce(t.rohmarke, ''), "
    "coalesce(t.deutung, '') FROM (SELECT termin_id AS id, * FROM stand_termin "
    "WHERE stand_id = $beschluss) x JOIN neu_massnahme n ON n.alt = x.massnahme_id "
    "LEFT JOIN termin t ON t.id = x.termin_id WHERE x.ende >= $start AND x.beginn <= $ende",
]


def _copy_indicators(con: duckdb.DuckDBPyConnection, old: int, new: int) -> None:
    """The indicators of the carried Werkzeuge, the fields and the whole plan; the latest
    measured value is the new Basiswert, with its day (none measured: the old Basis)."""
    con.execute(f"""
        INSERT INTO indikator (id, plan_id, werkzeug_id, handlungsfeld_id, basiswert,
                               basis_angabe, basis_stichtag, vorgaenger_id, {_INDIKATOR_COLUMNS})
        SELECT {_numbered('indikator')}, ?, w.neu, f.neu, coalesce(v.wert, x.basiswert),
               CASE WHEN v.wert IS NULL THEN x.basis_angabe END,
               CASE WHEN v.wert IS NULL THEN x.basis_stichtag ELSE v.stichtag END, x.id,
               {", ".join(f"x.{c.strip()}" for c in _INDIKATOR_COLUMNS.split(","))}
        FROM indikator x
        LEFT JOIN neu_werkzeug w ON w.alt = x.werkzeug_id
        LEFT JOIN neu_feld f ON f.alt = x.handlungsfeld_id
        LEFT JOIN (SELECT * FROM messwert QUALIFY row_number() OVER (
            PARTITION BY indikator_id ORDER BY stichtag DESC, id DESC) = 1) v
          ON v.indikator_id = x.id
        WHERE x.plan_id = ? AND (x.werkzeug_id IS NULL OR w.neu IS NOT NULL)""", [new, old])
