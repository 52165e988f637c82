"""Read-only views of the plan as DataFrames; the pages filter and format them."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from werkstatt import vocab
from werkstatt.store import plans
from werkstatt.store.schema import one_row

# Every table query reads one plan: `plan_id`, or without it the newest (the latest year).
PLAN = f"coalesce(?::INTEGER, {plans.NEWEST})"


def _df(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def all_plans(con) -> pd.DataFrame:
    """Every plan of the file, newest first (the default a plan choice falls back to)."""
    return _df(con, "SELECT id, jahr, kreis, titel, vorgaenger_id FROM plan "
                    "ORDER BY jahr DESC, id DESC")


def nachfolger_jahr(con, plan_id: int | None = None) -> int | None:
    """The year of the plan this one was carried forward into, None if it was not."""
    found = con.execute(f"SELECT jahr FROM plan WHERE vorgaenger_id = {PLAN} ORDER BY id "
                        "LIMIT 1", [plan_id]).fetchall()
    return found[0][0] if found else None


def neue_massnahmen(con, plan_id: int | None = None) -> pd.DataFrame:
    """The measures of the plan's successor (carried forward) that have no predecessor: new
    in it. Columns jahr (the successor's), titel, werkzeug."""
    return _df(con, f"""
        SELECT p.jahr, m.titel, w.name AS werkzeug FROM plan p
        JOIN werkzeug w ON w.plan_id = p.id JOIN massnahme m ON m.werkzeug_id = w.id
        WHERE p.vorgaenger_id = {PLAN} AND m.vorgaenger_id IS NULL AND m.entfernt_am IS NULL
        ORDER BY w.position, m.position""", [plan_id])


def fortschreibung_entscheidungen(con, plan_id: int | None = None) -> pd.DataFrame:
    """The decisions the plan was carried forward with (empty before): jahr (the successor's),
    massnahme_id, vorschlag, entscheidung, grund."""
    return _df(con, f"""
        SELECT n.jahr, f.massnahme_id, f.vorschlag, f.entscheidung, f.grund
        FROM fortschreibung f JOIN plan n ON n.vorgaenger_id = f.plan_id
        WHERE f.plan_id = {PLAN} ORDER BY f.massnahme_id""", [plan_id])


def uebergang_vom_vorgaenger(con, plan_id: int | None = None) -> pd.DataFrame:
    """The Übergang into this plan from the plan it was carried forward from, as decided then
    (table fortschreibung), and its measures without predecessor (entscheidung NULL: neu).
    Columns von, nach, entscheidung, werkzeug, titel, grund; empty for a plan not carried."""
    return _df(con, f"""
        SELECT v.jahr AS von, p.jahr AS nach, f.entscheidung, w.name AS werkzeug, m.titel,
               f.grund
        FROM plan p JOIN plan v ON v.id = p.vorgaenger_id JOIN fortschreibung f
          ON f.plan_id = v.id JOIN massnahme m ON m.id = f.massnahme_id
        JOIN werkzeug w ON w.id = m.werkzeug_id
        WHERE p.id = {PLAN}
        UNION ALL BY NAME
        SELECT v.jahr AS von, p.jahr AS nach, NULL AS entscheidung, w.name AS werkzeug,
               m.titel, NULL AS grund
        FROM plan p JOIN plan v ON v.id = p.vorgaenger_id JOIN werkzeug w ON w.plan_id = p.id
        JOIN massnahme m ON m.werkzeug_id = w.id
        WHERE p.id = {PLAN} AND m.vorgaenger_id IS NULL AND m.entfernt_am IS NULL
        ORDER BY ALL""", [plan_id, plan_id])


def read_only_reason(con, plan_id: int | None = None) -> str | None:
    """Why the plan takes no more writes (carried forward), None while it does."""
    return plans.read_only_reason(con, one_row(con, f"SELECT {PLAN}", [plan_id])[0])


def plan_info(con, plan_id: int | None = None) -> dict:
    row = one_row(con, "SELECT id, titel, kreis, jahr, stand, einleitung, vorgaenger_id "
                       f"FROM plan WHERE id = {PLAN}", [plan_id])
    return dict(zip(("id", "titel", "kreis", "jahr", "stand", "einleitung", "vorgaenger_id"),
                    row, strict=True))


def ziele(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT id, ebene, dimension, text, position FROM ziel "
                    f"WHERE plan_id = {PLAN} ORDER BY "
                    "list_position(?, ebene), list_position(?, dimension), position",
               [plan_id, list(vocab.GOAL_LEVELS), list(vocab.GOAL_DIMENSIONS)])


def handlungsfelder(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT id, name, beschreibung, position FROM handlungsfeld "
                    f"WHERE plan_id = {PLAN} ORDER BY position", [plan_id])


def werkzeuge(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, f"""
        SELECT w.id, w.name, w.handlungsfeld_id, coalesce(h.name, ?) AS handlungsfeld,
               w.zielgruppe, w.umsetzungsort, w.beteiligte, w.budget_text, w.externe_beratung,
               w.beschreibung, w.chancen, w.schwierigkeiten, w.position,
               w.ansprechperson_text, w.vor_ort_text, w.ansprechperson_uebersicht,
               w.umsetzungsort_uebersicht, w.beteiligte_uebersicht, w.version,
               (SELECT string_agg(jahr::VARCHAR, ', ' ORDER BY jahr) FROM werkzeug_jahr j
                 WHERE j.werkzeug_id = w.id) AS jahre,
               (SELECT string_agg(alias, '; ') FROM werkzeug_alias a
                 WHERE a.werkzeug_id = w.id) AS aliase
        FROM werkzeug w LEFT JOIN handlungsfeld h ON h.id = w.handlungsfeld_id
        WHERE w.plan_id = {PLAN}
        ORDER BY coalesce(h.position, 1e9), w.position""", [vocab.CROSS_CUTTING, plan_id])


def schedule(con, plan_id: int | None = None) -> pd.DataFrame:
    """One row per Termin; a measure without Termin appears once with empty dates."""
    return _df(con, f"""
        SELECT m.id AS massnahme_id, m.titel AS massnahme, m.hinweis, m.position,
               coalesce(m.fortfuehrung, false) AS fortfuehrung,
               w.id AS werkzeug_id, w.name AS werkzeug, w.position AS werkzeug_position,
               w.handlungsfeld_id, coalesce(h.name, ?) AS handlungsfeld,
               t.id AS termin_id, t.beginn, t.ende, t.art, t.bezeichnung,
               t.version AS termin_version,
               coalesce(t.ungefaehr, false) AS ungefaehr, t.rohmarke, t.deutung,
               coalesce(f.status, ?) AS status, coalesce(f.version, 0) AS status_version,
               f.kommentar, f.benutzer AS status_benutzer, f.erfasst_am AS status_am,
               m.version AS massnahme_version
        FROM massnahme m
        JOIN werkzeug w ON w.id = m.werkzeug_id
        LEFT JOIN handlungsfeld h ON h.id = w.handlungsfeld_id
        LEFT JOIN termin t ON t.massnahme_id = m.id
        LEFT JOIN (SELECT * FROM fortschritt QUALIFY row_number() OVER (
                       PARTITION BY massnahme_id ORDER BY version DESC) = 1) f
               ON f.massnahme_id = m.id
        WHERE m.entfernt_am IS NULL AND w.plan_id = {PLAN}
        ORDER BY coalesce(h.position, 1e9), w.position, m.position, t.beginn""",
               [vocab.CROSS_CUTTING, vocab.OPEN, plan_id])


def removed_massnahmen(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT m.id, m.titel, m.werkzeug_id, w.name AS werkzeug, m.entfernt_am "
                    "FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id "
                    f"WHERE m.entfernt_am IS NOT NULL AND w.plan_id = {PLAN} "
                    "ORDER BY m.entfernt_am DESC", [plan_id])


def status_history(con, massnahme_id: int) -> pd.DataFrame:
    """The measure's status entries with its predecessors' (a measure carried forward): the
    older plan's first, each plan's newest entry on top; `plan` names the plan's year."""
    return _df(con, """
        WITH RECURSIVE kette(id, tiefe) AS (
            SELECT ?::INTEGER, 0
            UNION ALL SELECT m.vorgaenger_id, k.tiefe + 1 FROM kette k
            JOIN massnahme m ON m.id = k.id WHERE m.vorgaenger_id IS NOT NULL AND k.tiefe < 50)
        SELECT p.jahr AS plan, f.version, f.status, coalesce(f.kommentar, '') AS kommentar,
               f.benutzer, f.erfasst_am
        FROM kette k JOIN fortschritt f ON f.massnahme_id = k.id
        JOIN massnahme m ON m.id = k.id JOIN werkzeug w ON w.id = m.werkzeug_id
        JOIN plan p ON p.id = w.plan_id
        ORDER BY k.tiefe DESC, f.version DESC""", [massnahme_id])


_MEASURE_PLAN = ("(SELECT w.plan_id FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id "
                 "WHERE m.id = {})")


def changes(con) -> pd.DataFrame:
    """Every entry of the change history; `plan` is the year of the plan its record belongs
    to (None for logins and users; a deleted Termin by the measure its old values name)."""
    record = "a.datensatz_id"
    return _df(con, f"""
        SELECT a.id, a.zeitpunkt, a.benutzer, a.tabelle, a.datensatz_id, a.aktion, a.alt, a.neu,
               (SELECT jahr FROM plan WHERE id = CASE a.tabelle
                   WHEN 'plan' THEN {record}
                   WHEN 'werkzeug' THEN (SELECT plan_id FROM werkzeug WHERE id = {record})
                   WHEN 'ziel_werkzeug' THEN (SELECT plan_id FROM werkzeug WHERE id = {record})
                   WHEN 'massnahme' THEN {_MEASURE_PLAN.format(record)}
                   WHEN 'fortschritt' THEN {_MEASURE_PLAN.format(record)}
                   WHEN 'termin' THEN coalesce({_MEASURE_PLAN.format(
                       f"(SELECT massnahme_id FROM termin WHERE id = {record})")},
                       {_MEASURE_PLAN.format("TRY_CAST(json_extract_string(a.alt, "
                                             "'$.massnahme_id') AS INTEGER)")})
                   WHEN 'indikator' THEN (SELECT plan_id FROM indikator WHERE id = {record})
                   WHEN 'messwert' THEN (SELECT i.plan_id FROM messwert v JOIN indikator i
                                         ON i.id = v.indikator_id WHERE v.id = {record})
                   WHEN 'stand' THEN (SELECT max(plan_id) FROM stand
                                      WHERE id = {record} AND id <> 0)
                   END) AS plan
        FROM aenderung a ORDER BY a.id DESC""")


def kontakte(con, plan_id: int | None = None) -> pd.DataFrame:
    """The contacts of the plan: linked to its Werkzeuge, or to no other plan's (a unit named
    only as a person's organisation belongs to every plan)."""
    return _df(con, f"""
        WITH p AS (SELECT {PLAN} AS id),
        verknuepft AS (SELECT wk.kontakt_id, w.plan_id FROM werkzeug_kontakt wk
                       JOIN werkzeug w ON w.id = wk.werkzeug_id)
        SELECT k.id, k.name, k.art, o.name AS organisation,
               (SELECT string_agg(alias, '; ') FROM kontakt_alias a
                 WHERE a.kontakt_id = k.id AND a.alias <> k.name) AS aliase
        FROM kontakt k LEFT JOIN kontakt o ON o.id = k.organisation_id
        WHERE k.id IN (SELECT kontakt_id FROM verknuepft WHERE plan_id = (SELECT id FROM p))
           OR k.id NOT IN (SELECT kontakt_id FROM verknuepft)
        ORDER BY list_position(?, k.art), k.name""",
               [plan_id, [vocab.UNIT, vocab.PERSON, vocab.EXTERNAL]])


def werkzeug_kontakte(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, f"""
        SELECT wk.werkzeug_id, k.id AS kontakt_id, k.name, k.art, wk.rolle, wk.zusatz, wk.quelle
        FROM werkzeug_kontakt wk JOIN kontakt k ON k.id = wk.kontakt_id
        JOIN werkzeug w ON w.id = wk.werkzeug_id
        WHERE w.plan_id = {PLAN}
        ORDER BY wk.werkzeug_id, list_position(?, wk.rolle), k.name""",
               [plan_id, list(vocab.CONTACT_ROLES)])


def werkzeug_hinweise(con, plan_id: int | None = None) -> pd.DataFrame:
    """The notes on continuation (italic rows without months) per Werkzeug."""
    return _df(con, "SELECT n.werkzeug_id, n.text, n.position FROM werkzeug_hinweis n "
                    f"JOIN werkzeug w ON w.id = n.werkzeug_id WHERE w.plan_id = {PLAN} "
                    "ORDER BY n.werkzeug_id, n.position", [plan_id])


def budget_items(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, f"""
        SELECT b.id, b.werkzeug_id, w.name AS werkzeug, w.handlungsfeld_id,
               coalesce(h.name, ?) AS handlungsfeld,
               b.betrag_min::DOUBLE AS betrag_min, b.betrag_max::DOUBLE AS betrag_max,
               b.periode, b.vk::DOUBLE AS vk, b.art, b.ungefaehr, b.text, w.budget_text
        FROM budget_posten b JOIN werkzeug w ON w.id = b.werkzeug_id
        LEFT JOIN handlungsfeld h ON h.id = w.handlungsfeld_id
        WHERE w.plan_id = {PLAN}
        ORDER BY coalesce(h.position, 1e9), w.position, b.id""", [vocab.CROSS_CUTTING, plan_id])


def import_log(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, f"""
        SELECT l.zeile, l.bereich, w.name AS werkzeug, l.meldung
        FROM import_log l LEFT JOIN werkzeug w ON w.id = l.werkzeug_id
        WHERE coalesce(l.plan_id, w.plan_id) = {PLAN} ORDER BY l.id""", [plan_id])


def indikatoren(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, f"""
        SELECT i.id, i.schluessel, i.name, i.art, i.einheit, i.basiswert, i.basis_angabe,
               i.basis_stichtag, i.zielwert, i.ziel_stichtag, i.prognosewert, i.prognose_jahr,
               i.richtung, i.zitat, i.zeile, i.bemerkung,
               i.werkzeug_id, w.name AS werkzeug, i.handlungsfeld_id, i.version,
               coalesce(h.name, ?) AS handlungsfeld
        FROM indikator i LEFT JOIN werkzeug w ON w.id = i.werkzeug_id
        LEFT JOIN handlungsfeld h ON h.id = i.handlungsfeld_id
        WHERE i.plan_id = {PLAN}
        ORDER BY coalesce(h.position, 1e9), i.position""", [vocab.CROSS_CUTTING, plan_id])


def messwerte(con, plan_id: int | None = None) -> pd.DataFrame:
    return _df(con, "SELECT m.id, m.indikator_id, m.stichtag, m.wert, m.kommentar, m.benutzer, "
                    "m.erfasst_am FROM messwert m JOIN indikator i ON i.id = m.indikator_id "
                    f"WHERE i.plan_id = {PLAN} ORDER BY m.indikator_id, m.stichtag, m.id",
               [plan_id])


def plan_period(con: duckdb.DuckDBPyConnection,
                plan_id: int | None = None) -> tuple[date, date]:
    """First and last day of the plan: its year, widened to the years the overview marks."""
    first, last = one_row(
        con, "SELECT p.jahr, greatest(p.jahr, coalesce((SELECT max(j.jahr) FROM werkzeug_jahr j "
        "JOIN werkzeug w ON w.id = j.werkzeug_id WHERE w.plan_id = p.id), 0)) "
        f"FROM plan p WHERE p.id = {PLAN}", [plan_id])
    return date(first, 1, 1), date(last, 12, 31)


def current_status(con: duckdb.DuckDBPyConnection, massnahme_id: int) -> dict:
    """{'status', 'version', 'kommentar', 'benutzer', 'erfasst_am'}; version 0 = never set."""
    row = con.execute("SELECT status, version, kommentar, benutzer, erfasst_am FROM fortschritt "
                      "WHERE massnahme_id = ? ORDER BY version DESC LIMIT 1",
                      [massnahme_id]).fetchone()
    if row is None:
        return {"status": vocab.OPEN, "version": 0, "kommentar": None, "benutzer": None,
                "erfasst_am": None}
    return dict(zip(("status", "version", "kommentar", "benutzer", "erfasst_am"), row, strict=True))
