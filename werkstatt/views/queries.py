"""Read-only views of the plan as DataFrames; the pages filter and format them."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from werkstatt import vocab
from werkstatt.store.schema import one_row


def _df(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def plan_info(con) -> dict:
    titel, kreis, jahr, stand, einleitung = con.execute(
        "SELECT titel, kreis, jahr, stand, einleitung FROM plan ORDER BY id LIMIT 1").fetchone()
    return {"titel": titel, "kreis": kreis, "jahr": jahr, "stand": stand, "einleitung": einleitung}


def ziele(con) -> pd.DataFrame:
    return _df(con, "SELECT id, ebene, dimension, text, position FROM ziel ORDER BY "
                    "list_position(?, ebene), list_position(?, dimension), position",
               [list(vocab.GOAL_LEVELS), list(vocab.GOAL_DIMENSIONS)])


def handlungsfelder(con) -> pd.DataFrame:
    return _df(con, "SELECT id, name, beschreibung, position FROM handlungsfeld ORDER BY position")


def werkzeuge(con) -> pd.DataFrame:
    return _df(con, """
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
        ORDER BY coalesce(h.position, 1e9), w.position""", [vocab.CROSS_CUTTING])


def schedule(con) -> pd.DataFrame:
    """One row per Termin; a measure without Termin appears once with empty dates."""
    return _df(con, """
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
        WHERE m.entfernt_am IS NULL
        ORDER BY coalesce(h.position, 1e9), w.position, m.position, t.beginn""",
               [vocab.CROSS_CUTTING, vocab.OPEN])


def removed_massnahmen(con) -> pd.DataFrame:
    return _df(con, "SELECT m.id, m.titel, m.werkzeug_id, w.name AS werkzeug, m.entfernt_am "
                    "FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id "
                    "WHERE m.entfernt_am IS NOT NULL ORDER BY m.entfernt_am DESC")


def status_history(con, massnahme_id: int) -> pd.DataFrame:
    return _df(con, "SELECT version, status, coalesce(kommentar, '') AS kommentar, benutzer, "
                    "erfasst_am FROM fortschritt "
                    "WHERE massnahme_id = ? ORDER BY version DESC", [massnahme_id])


def changes(con) -> pd.DataFrame:
    return _df(con, "SELECT id, zeitpunkt, benutzer, tabelle, datensatz_id, aktion, alt, neu "
                    "FROM aenderung ORDER BY id DESC")


def kontakte(con) -> pd.DataFrame:
    return _df(con, """
        SELECT k.id, k.name, k.art, o.name AS organisation,
               (SELECT string_agg(alias, '; ') FROM kontakt_alias a
                 WHERE a.kontakt_id = k.id AND a.alias <> k.name) AS aliase
        FROM kontakt k LEFT JOIN kontakt o ON o.id = k.organisation_id
        ORDER BY list_position(?, k.art), k.name""", [[vocab.UNIT, vocab.PERSON, vocab.EXTERNAL]])


def werkzeug_kontakte(con) -> pd.DataFrame:
    return _df(con, """
        SELECT wk.werkzeug_id, k.id AS kontakt_id, k.name, k.art, wk.rolle, wk.zusatz, wk.quelle
        FROM werkzeug_kontakt wk JOIN kontakt k ON k.id = wk.kontakt_id
        ORDER BY wk.werkzeug_id, list_position(?, wk.rolle), k.name""",
               [list(vocab.CONTACT_ROLES)])


def werkzeug_hinweise(con) -> pd.DataFrame:
    """The notes on continuation (italic rows without months) per Werkzeug."""
    return _df(con, "SELECT werkzeug_id, text, position FROM werkzeug_hinweis "
                    "ORDER BY werkzeug_id, position")


def budget_items(con) -> pd.DataFrame:
    return _df(con, """
        SELECT b.id, b.werkzeug_id, w.name AS werkzeug, w.handlungsfeld_id,
               coalesce(h.name, ?) AS handlungsfeld,
               b.betrag_min::DOUBLE AS betrag_min, b.betrag_max::DOUBLE AS betrag_max,
               b.periode, b.vk::DOUBLE AS vk, b.art, b.ungefaehr, b.text, w.budget_text
        FROM budget_posten b JOIN werkzeug w ON w.id = b.werkzeug_id
        LEFT JOIN handlungsfeld h ON h.id = w.handlungsfeld_id
        ORDER BY coalesce(h.position, 1e9), w.position, b.id""", [vocab.CROSS_CUTTING])


def import_log(con, werkzeug_id: int | None = None) -> pd.DataFrame:
    where = "WHERE l.werkzeug_id = ?" if werkzeug_id is not None else ""
    return _df(con, f"""
        SELECT l.zeile, l.bereich, w.name AS werkzeug, l.meldung
        FROM import_log l LEFT JOIN werkzeug w ON w.id = l.werkzeug_id {where}
        ORDER BY l.id""", [werkzeug_id] if werkzeug_id is not None else None)


def indikatoren(con) -> pd.DataFrame:
    return _df(con, """
        SELECT i.id, i.schluessel, i.name, i.art, i.einheit, i.basiswert, i.basis_angabe,
               i.basis_stichtag, i.zielwert, i.ziel_stichtag, i.prognosewert, i.prognose_jahr,
               i.richtung, i.zitat, i.zeile, i.bemerkung,
               i.werkzeug_id, w.name AS werkzeug, i.handlungsfeld_id, i.version,
               coalesce(h.name, ?) AS handlungsfeld
        FROM indikator i LEFT JOIN werkzeug w ON w.id = i.werkzeug_id
        LEFT JOIN handlungsfeld h ON h.id = i.handlungsfeld_id
        ORDER BY coalesce(h.position, 1e9), i.position""", [vocab.CROSS_CUTTING])


def messwerte(con) -> pd.DataFrame:
    return _df(con, "SELECT id, indikator_id, stichtag, wert, kommentar, benutzer, erfasst_am "
                    "FROM messwert ORDER BY indikator_id, stichtag, id")


def plan_period(con: duckdb.DuckDBPyConnection) -> tuple[date, date]:
    """First and last day of the plan: its year, widened to the years the overview marks."""
    first, last = one_row(
        con, "SELECT min(p.jahr), greatest(max(p.jahr), coalesce((SELECT max(jahr) "
        "FROM werkzeug_jahr), 0)) FROM plan p")
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
