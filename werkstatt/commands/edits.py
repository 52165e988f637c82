"""Plan edits: measures (add, rename, remove, restore), their Termine, a Werkzeug's fields and
goals, an indicator's baseline and target. Every edit is versioned where a stale form could
overwrite a newer one, logged with old and new values, and a removal can be undone. Moving a
Termin, deleting one and removing a measure need a Grund, kept in `verschiebung` beside the
change history (the adopted plan, werkstatt.store.baseline, is never touched)."""
from __future__ import annotations

from datetime import date, datetime

import duckdb

from werkstatt import vocab
from werkstatt.commands.inputs import check_in_plan, parse_day, parse_number
from werkstatt.commands.versions import check_version
from werkstatt.errors import ValidationError
from werkstatt.store import plans
from werkstatt.store.schema import one_row
from werkstatt.store.transaction import as_json, audit, check_user, transaction
from werkstatt.text import clean_input

TOOL_FIELDS = vocab.WERKZEUG_FIELDS  # column -> German label
MAX_TITLE, MAX_FIELD = 300, 5000


def _title(value) -> str:
    # pasted control characters and zero-width spaces go; a title of nothing else is empty
    cleaned = clean_input(value) if isinstance(value, str) else ""
    if not cleaned:
        raise ValidationError("Der Titel der Maßnahme darf nicht leer sein (unsichtbare "
                              "Zeichen zählen nicht).")
    if len(cleaned) > MAX_TITLE:
        raise ValidationError(f"Der Titel ist länger als {MAX_TITLE} Zeichen.")
    return " ".join(cleaned.split())


def _row(con, sql: str, params, missing: str) -> tuple:
    row = con.execute(sql, params).fetchone()
    if row is None:
        raise ValidationError(missing)
    return row


def _check_version(expected: int | None, current: int, what: str, newer: dict) -> None:
    def conflict() -> str:
        shown = "; ".join(f"{key}: {_short(value)}" for key, value in newer.items())
        return (f"{what} wurde inzwischen von anderer Seite geändert (jetzt: {shown}). Ihre "
                "Änderung wurde nicht gespeichert; das Formular zeigt jetzt den neuen Stand.")

    check_version(expected, current, conflict, newer)


def _short(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def check_reason(grund) -> str:
    """A Grund as typed: required, at most vocab.MAX_REASON characters, spaces tidied."""
    if not isinstance(grund, str) or not grund.strip():
        raise ValidationError("Bitte einen Grund angeben: Jede Terminänderung und jede "
                              "entfernte Maßnahme wird mit ihrem Grund festgehalten.")
    grund = " ".join(grund.split())
    if len(grund) > vocab.MAX_REASON:
        raise ValidationError(f"Der Grund ist {len(grund)} Zeichen lang; erlaubt sind "
                              f"höchstens {vocab.MAX_REASON}.")
    return grund


def record_shift(con, massnahme_id: int, termin_id: int | None, action: str, *, old, new,
                 grund: str, user: str) -> None:
    """One shift with its Grund (inside the caller's transaction)."""
    con.execute("INSERT INTO verschiebung (id, massnahme_id, termin_id, aktion, alt, neu, "
                "grund, benutzer, zeitpunkt) SELECT coalesce(max(id), 0) + 1, ?, ?, ?, ?, ?, ?, "
                "?, ? FROM verschiebung",
                [massnahme_id, termin_id, action, as_json(old), as_json(new), grund, user,
                 datetime.now()])


def add_massnahme(con: duckdb.DuckDBPyConnection, werkzeug_id: int, titel: str, *,
                  user: str) -> int:
    user, titel = check_user(user), _title(titel)

    def work() -> int:
        _row(con, "SELECT id FROM werkzeug WHERE id = ?", [werkzeug_id],
             f"Ein Werkzeug mit der Nummer {werkzeug_id} gibt es nicht.")
        new_id, position = one_row(
            con, "SELECT coalesce((SELECT max(id) FROM massnahme), 0) + 1, "
            "coalesce((SELECT max(position) FROM massnahme WHERE werkzeug_id = ?), 0) + 1",
            [werkzeug_id])
        con.execute("INSERT INTO massnahme (id, werkzeug_id, titel, position, version) "
                    "VALUES (?, ?, ?, ?, 1)", [new_id, werkzeug_id, titel, position])
        audit(con, user=user, table="massnahme", record_id=new_id, action=vocab.ADDED,
              new={"werkzeug_id": werkzeug_id, "titel": titel})
        return new_id

    return transaction(con, work)


def rename_massnahme(con, massnahme_id: int, titel: str, *, user: str,
                   expected_version: int | None = None) -> int:
    user, titel = check_user(user), _title(titel)

    def work() -> int:
        old, version = _row(con, "SELECT titel, version FROM massnahme WHERE id = ?",
                            [massnahme_id], f"Eine Maßnahme mit der Nummer {massnahme_id} gibt "
                                            "es nicht.")
        _check_version(expected_version, version, f"Die Maßnahme „{old}“", {"titel": old})
        con.execute("UPDATE massnahme SET titel = ?, version = version + 1 WHERE id = ?",
                    [titel, massnahme_id])
        audit(con, user=user, table="massnahme", record_id=massnahme_id, action=vocab.CHANGED,
              old={"titel": old}, new={"titel": titel})
        return version + 1

    return transaction(con, work)


def set_removed(con, massnahme_id: int, removed: bool, *, user: str,
                grund: str | None = None) -> None:
    """Remove a measure (it disappears from views, with its Termine and history kept; a
    Grund is required) or bring it back."""
    user = check_user(user)
    reason = check_reason(grund) if removed else None

    def work() -> None:
        titel, removed_at = _row(con, "SELECT titel, entfernt_am FROM massnahme WHERE id = ?",
                                 [massnahme_id], f"Eine Maßnahme mit der Nummer {massnahme_id} "
                                                 "gibt es nicht.")
        if removed == (removed_at is not None):
            raise ValidationError(f"„{titel}“ ist bereits {'entfernt' if removed else 'sichtbar'}.")
        con.execute("UPDATE massnahme SET entfernt_am = ?, version = version + 1 WHERE id = ?",
                    [datetime.now() if removed else None, massnahme_id])
        audit(con, user=user, table="massnahme", record_id=massnahme_id,
              action=vocab.REMOVED if removed else vocab.RESTORED, old={"titel": titel},
              new={"grund": reason} if reason else None)
        if reason:
            record_shift(con, massnahme_id, None, vocab.SHIFT_REMOVED, old={"titel": titel},
                         new=None, grund=reason, user=user)

    transaction(con, work)


def _span(con, beginn, ende, art: str, massnahme_id: int) -> tuple[date, date]:
    if art not in vocab.TERMIN_KINDS:
        raise ValidationError(f"Die Art des Termins ist „{vocab.SPAN}“ oder „{vocab.MILESTONE}“.")
    first, last = parse_day(beginn), parse_day(ende)
    if last < first:
        raise ValidationError("Das Ende liegt vor dem Beginn.")
    plan_id = plans.plan_of_record(con, "massnahme", massnahme_id)
    check_in_plan(con, first, plan_id)
    check_in_plan(con, last, plan_id)
    return first, last


def add_termin(con, massnahme_id: int, beginn, ende, art: str, *, user: str,
               grund: str | None = None) -> int:
    """A new Termin. For a measure of the Beschluss this changes its adopted months: a Grund
    is required (a measure added since needs none, one given is kept)."""
    user = check_user(user)

    def work() -> int:
        first, last = _span(con, beginn, ende, art, massnahme_id)
        (adopted,) = one_row(con, "SELECT count(*) FROM stand_massnahme WHERE stand_id = ? "
                                  "AND massnahme_id = ?", [vocab.BESCHLUSS_ID, massnahme_id])
        reason = check_reason(grund) if adopted or grund not in (None, "") else None
        _row(con, "SELECT id FROM massnahme WHERE id = ? AND entfernt_am IS NULL", [massnahme_id],
             f"Eine Maßnahme mit der Nummer {massnahme_id} gibt es nicht.")
        # never reuse the id of a deleted Termin: the change history still refers to it
        new_id = con.execute(
            "SELECT greatest(coalesce((SELECT max(id) FROM termin), 0), coalesce((SELECT "
            "max(datensatz_id) FROM aenderung WHERE tabelle = 'termin'), 0)) + 1").fetchone()[0]
        con.execute("INSERT INTO termin (id, massnahme_id, beginn, ende, art, ungefaehr, rohmarke, "
                    "deutung) VALUES (?, ?, ?, ?, ?, false, ?, ?)",
                    [new_id, massnahme_id, first, last, art, "",
                     f"im Dashboard von {user} erfasst"])
        new = {"massnahme_id": massnahme_id, "beginn": first, "ende": last, "art": art}
        audit(con, user=user, table="termin", record_id=new_id, action=vocab.ADDED, new=new)
        if reason:
            record_shift(con, massnahme_id, new_id, vocab.SHIFT_ADDED, old=None, new=new,
                         grund=reason, user=user)
        return new_id

    return transaction(con, work)


_TERMIN_COLUMNS = ("massnahme_id", "beginn", "ende", "art", "bezeichnung", "ungefaehr", "rohmarke",
                   "deutung", "version")


def _termin(con, termin_id: int, expected_version: int | None) -> dict:
    row = _row(con, f"SELECT {', '.join(_TERMIN_COLUMNS)} FROM termin WHERE id = ?", [termin_id],
               f"Einen Termin mit der Nummer {termin_id} gibt es nicht (inzwischen gelöscht?).")
    old = dict(zip(_TERMIN_COLUMNS, row, strict=True))
    newer = {"Beginn": old["beginn"], "Ende": old["ende"], "Art": old["art"]}
    last = con.execute("SELECT grund, benutzer FROM verschiebung WHERE termin_id = ? "
                       "ORDER BY id DESC LIMIT 1", [termin_id]).fetchone()
    if last:  # the colleague's reason, so the refused one can be compared with it
        newer["Grund"] = f"{last[0]} ({last[1]})"
    _check_version(expected_version, old["version"], "Der Termin", newer)
    return old


def change_termin(con, termin_id: int, beginn, ende, art: str, *, user: str,
                  expected_version: int | None = None, grund: str | None = None) -> int:
    """New dates and kind for a Termin; returns its new version. New dates need a Grund
    (kept in `verschiebung`); a new kind alone does not."""
    user = check_user(user)

    def work() -> int:
        old = _termin(con, termin_id, expected_version)
        first, last = _span(con, beginn, ende, art, old["massnahme_id"])
        moved = (first, last) != (old["beginn"], old["ende"])
        reason = check_reason(grund) if moved or grund else None
        con.execute("UPDATE termin SET beginn = ?, ende = ?, art = ?, ungefaehr = false, "
                    "deutung = ?, version = version + 1 WHERE id = ?",
                    [first, last, art, f"im Dashboard von {user} geändert", termin_id])
        new = {"beginn": first, "ende": last, "art": art}
        audit(con, user=user, table="termin", record_id=termin_id, action=vocab.CHANGED, old=old,
              new=new | ({"grund": reason} if reason else {}))
        if reason:
            record_shift(con, old["massnahme_id"], termin_id, vocab.SHIFT_CHANGED,
                         old=_dates(old), new=new, grund=reason, user=user)
        return old["version"] + 1

    return transaction(con, work)


def _dates(termin: dict) -> dict:
    return {key: termin[key] for key in ("beginn", "ende", "art")}


def delete_termin(con, termin_id: int, *, user: str, expected_version: int | None = None,
                  grund: str | None = None) -> None:
    """Delete a Termin (a Grund is required); its values stay in the change history
    (aenderung.alt)."""
    user = check_user(user)
    reason = check_reason(grund)

    def work() -> None:
        old = _termin(con, termin_id, expected_version)
        con.execute("DELETE FROM termin WHERE id = ?", [termin_id])
        audit(con, user=user, table="termin", record_id=termin_id, action=vocab.DELETED, old=old,
              new={"grund": reason})
        record_shift(con, old["massnahme_id"], termin_id, vocab.SHIFT_DELETED, old=_dates(old),
                     new=None, grund=reason, user=user)

    transaction(con, work)


def replace_termine(con, massnahme_id: int, spans: list[tuple[date, date, str, str | None]],
                    within: tuple[date, date], *, user: str, grund: str) -> None:
    """Replace the measure's Termine that lie within `within` by `spans` (beginn, ende, art,
    label), inside the caller's transaction (the Excel import): one shift with the Grund."""
    user, reason = check_user(user), check_reason(grund)
    first, last = within
    old = con.execute("SELECT id, beginn, ende, art FROM termin WHERE massnahme_id = ? AND "
                      "beginn >= ? AND ende <= ? ORDER BY beginn", [massnahme_id, first,
                                                                    last]).fetchall()
    for tid, *_ in old:
        con.execute("DELETE FROM termin WHERE id = ?", [tid])
    (next_id,) = one_row(con, "SELECT greatest(coalesce((SELECT max(id) FROM termin), 0), "
                              "coalesce((SELECT max(datensatz_id) FROM aenderung WHERE "
                              "tabelle = 'termin'), 0)) + 1")
    for offset, (beginn, ende, art, label) in enumerate(spans):
        con.execute("INSERT INTO termin (id, massnahme_id, beginn, ende, art, bezeichnung, "
                    "ungefaehr, rohmarke, deutung) VALUES (?, ?, ?, ?, ?, ?, false, '', ?)",
                    [next_id + offset, massnahme_id, beginn, ende, art, label,
                     f"per Excel von {user} geändert"])
    before = [{"beginn": b, "ende": e, "art": a} for _, b, e, a in old]
    after = [{"beginn": b, "ende": e, "art": a} for b, e, a, _ in spans]
    audit(con, user=user, table="massnahme", record_id=massnahme_id, action=vocab.CHANGED,
          old={"termine": before}, new={"termine": after, "grund": reason})
    record_shift(con, massnahme_id, None, vocab.SHIFT_CHANGED, old=before, new=after,
                 grund=reason, user=user)


def set_werkzeug_ziele(con, werkzeug_id: int, ziel_ids: list[int], *, user: str,
                       expected_version: int | None = None) -> int:
    """The concrete goals a Werkzeug serves (replaces its links); versioned with the
    Werkzeug, logged; returns the Werkzeug's new version."""
    user = check_user(user)
    wanted = sorted({int(z) for z in ziel_ids})

    def work() -> int:
        name, version = _row(con, "SELECT name, version FROM werkzeug WHERE id = ?",
                             [werkzeug_id], f"Ein Werkzeug mit der Nummer {werkzeug_id} gibt "
                                            "es nicht.")
        old = [z for (z,) in con.execute("SELECT ziel_id FROM ziel_werkzeug WHERE werkzeug_id "
                                         "= ? ORDER BY ziel_id", [werkzeug_id]).fetchall()]
        _check_version(expected_version, version, f"Das Werkzeug „{name}“", {"Ziele": old})
        known = {z for (z,) in con.execute("SELECT id FROM ziel WHERE ebene = ?",
                                           [vocab.CONCRETE]).fetchall()}
        if set(wanted) - known:
            raise ValidationError("Werkzeuge lassen sich nur konkretisierten Zielen des "
                                  "Zielkatalogs zuordnen.")
        if wanted == old:
            return version
        con.execute("DELETE FROM ziel_werkzeug WHERE werkzeug_id = ?", [werkzeug_id])
        con.executemany("INSERT INTO ziel_werkzeug VALUES (?, ?)",
                        [[z, werkzeug_id] for z in wanted])
        con.execute("UPDATE werkzeug SET version = version + 1 WHERE id = ?", [werkzeug_id])
        audit(con, user=user, table="ziel_werkzeug", record_id=werkzeug_id,
              action=vocab.CHANGED, old={"ziele": old}, new={"ziele": wanted})
        return version + 1

    return transaction(con, work)


def update_werkzeug(con, werkzeug_id: int, changes: dict, *, user: str,
                expected_version: int | None = None) -> int:
    """Change text fields of a Werkzeug (empty text = not stated); returns the new version."""
    user = check_user(user)
    unknown = set(changes) - set(TOOL_FIELDS)
    if unknown:
        raise ValidationError(
            f"Diese Felder lassen sich nicht ändern: {', '.join(sorted(unknown))}.")
    cleaned = {}
    for key, value in changes.items():
        if value is not None and not isinstance(value, str):
            raise ValidationError(f"Das Feld „{key}“ muss Text sein.")
        if value is not None and len(value) > MAX_FIELD:
            raise ValidationError(f"Das Feld „{key}“ ist länger als {MAX_FIELD} Zeichen.")
        cleaned[key] = clean_input(value or "", multiline=True) or None

    def work() -> int:
        row = _row(con,
                   f"SELECT name, version, {', '.join(TOOL_FIELDS)} FROM werkzeug WHERE id = ?",
                   [werkzeug_id], f"Ein Werkzeug mit der Nummer {werkzeug_id} gibt es nicht.")
        name, version, old = row[0], row[1], dict(zip(TOOL_FIELDS, row[2:], strict=True))
        _check_version(expected_version, version, f"Das Werkzeug „{name}“", old)
        changed = {k: v for k, v in cleaned.items() if old[k] != v}
        if not changed:
            return version
        sets = ", ".join(f"{k} = ?" for k in changed)
        con.execute(f"UPDATE werkzeug SET {sets}, version = version + 1 WHERE id = ?",
                    [*changed.values(), werkzeug_id])
        audit(con, user=user, table="werkzeug", record_id=werkzeug_id, action=vocab.CHANGED,
              old={k: old[k] for k in changed}, new=changed)
        return version + 1

    return transaction(con, work)


def update_indikator(con, indikator_id: int, *, user: str, expected_version: int | None = None,
                     basiswert=None, basis_stichtag=None, zielwert=None,
                     ziel_stichtag=None) -> int:
    """Set baseline and target (None or '' = not stated); returns the new version."""
    user = check_user(user)
    target_day = None if ziel_stichtag in (None, "") else parse_day(ziel_stichtag)
    values = {"basiswert": None if basiswert in (None, "") else parse_number(basiswert),
              "basis_stichtag": None if basis_stichtag in (None, "") else parse_day(basis_stichtag),
              "zielwert": None if zielwert in (None, "") else parse_number(zielwert),
              "ziel_stichtag": target_day}

    def work() -> int:
        row = _row(con, "SELECT name, version, basiswert, basis_stichtag, zielwert, ziel_stichtag "
                        "FROM indikator WHERE id = ?", [indikator_id],
                   f"Einen Indikator mit der Nummer {indikator_id} gibt es nicht.")
        name, version, old = row[0], row[1], dict(zip(values, row[2:], strict=True))
        _check_version(expected_version, version, f"Der Indikator „{name}“", old)
        if target_day is not None:
            check_in_plan(con, target_day, plans.plan_of_record(con, "indikator", indikator_id))
        changed = {k: v for k, v in values.items() if old[k] != v}
        if not changed:
            return version
        # a Basiswert typed in is exact: the plan's "über"/"etwa" was about the old one
        con.execute("UPDATE indikator SET basiswert = ?, basis_stichtag = ?, zielwert = ?, "
                    "ziel_stichtag = ?, version = version + 1, basis_angabe = CASE WHEN ? "
                    "THEN NULL ELSE basis_angabe END WHERE id = ?",
                    [*values.values(), "basiswert" in changed, indikator_id])
        audit(con, user=user, table="indikator", record_id=indikator_id, action=vocab.CHANGED,
              old={k: old[k] for k in changed}, new=changed)
        return version + 1

    return transaction(con, work)
