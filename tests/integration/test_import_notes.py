"""Import notes speak German numbers, also in a database built before (issue 15 §3)."""
from __future__ import annotations

import re

from werkstatt.store import schema

ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])")  # 210165.00, 0.5 (no dates)


def budget_notes(con) -> list[tuple[int, str]]:
    return con.execute("SELECT id, meldung FROM import_log WHERE bereich = 'Budget' "
                       "ORDER BY id").fetchall()


def test_the_import_notes_write_amounts_and_staff_positions_the_german_way(con):
    notes = [note.replace("\xa0", " ") for _, note in budget_notes(con)]
    assert "„210.165,00€“ → Geldbetrag, Betrag 210.165,00 €" in notes
    assert "„Ca. 800.000,-- Euro“ → Geldbetrag, Betrag ca. 800.000 €" in notes
    assert "„0,5 VK“ → Personal, kein Betrag genannt, 0,5 VK" in notes
    every = [note for (note,) in con.execute("SELECT meldung FROM import_log").fetchall()]
    assert not [note for note in every if ENGLISH_DECIMAL.search(note)]


def test_a_database_built_before_gets_its_old_budget_notes_rewritten_in_german(con):
    fresh = budget_notes(con)
    items = con.execute("SELECT werkzeug_id, text, art, betrag_min, betrag_max, vk, periode, "
                        "ungefaehr FROM budget_posten").fetchall()
    for werkzeug_id, text, art, low, high, vk, periode, approx in items:  # the old wording
        bits = [f"„{text}“ → {art}"]
        bits.append(f"Betrag {low if low is not None else '?'}–"
                    f"{high if high is not None else '?'} €" if low is not None or
                    high is not None else "kein Betrag genannt")
        bits += [f"{vk} VK"] if vk is not None else []
        bits += [periode] if periode else []
        bits += ["ungefähr"] if approx else []
        con.execute("UPDATE import_log SET meldung = ? WHERE werkzeug_id = ? AND "
                    "starts_with(meldung, ?)", [", ".join(bits), werkzeug_id,
                                                f"„{text}“ → {art}, "])
    assert any(ENGLISH_DECIMAL.search(note) for _, note in budget_notes(con))
    step = dict((version, sql) for version, _, sql in schema.MIGRATIONS)[20]
    con.execute("BEGIN TRANSACTION")
    con.execute(step)
    con.execute("COMMIT")
    assert budget_notes(con) == fresh
