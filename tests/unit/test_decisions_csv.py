"""The decisions CSV of the Fortschreibung: written from the proposal, read back, and every bad
file refused in German naming its line."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from werkstatt import vocab
from werkstatt.commands.decisions import MAX_UPLOAD_BYTES, read_decisions
from werkstatt.errors import ValidationError
from werkstatt.outputs.fortschreibung import as_csv
from werkstatt.views.fortschreibung import Decision, fortschreibung
from werkstatt.views.plan_data import PlanData

KNOWN = {1, 2, 3}


def read(text: str, *, bom: bool = False) -> dict[int, Decision]:
    return read_decisions(("\ufeff" if bom else "").encode() + text.encode("utf-8"), KNOWN)


@pytest.mark.parametrize("bom", [False, True])
def test_a_file_with_or_without_bom_gives_the_decisions_by_measure(bom):
    found = read("ID;Entscheidung;Grund\r\n1;übernehmen;\r\n3; Entfällt ;Träger fehlt\r\n",
                 bom=bom)
    assert found == {1: Decision(vocab.CARRY), 3: Decision(vocab.DROP, "Träger fehlt")}


def test_columns_in_another_order_and_extra_columns_are_read_by_their_header():
    found = read("Maßnahme,Grund,id,entscheidung\nAuftakt,,2,abgeschlossen\n")
    assert found == {2: Decision(vocab.COMPLETED)}


def test_the_proposal_as_csv_reads_back_as_the_same_decisions(small_plan):
    small_plan.execute("INSERT INTO fortschritt (massnahme_id, status, kommentar, benutzer, "
                       "erfasst_am, version) VALUES (3, 'entfallen', '=Träger \"weg\"; 2020', "
                       "'anna', now(), 2)")
    plan = PlanData.of(small_plan)
    view = fortschreibung(plan, 2020)
    found = read_decisions(as_csv(view), {m.massnahme_id for m in view.massnahmen})
    assert {i: (d.entscheidung, d.grund) for i, d in found.items()} == {
        m.massnahme_id: (m.entscheidung, m.grund) for m in view.massnahmen
        if m.massnahme_id != 3} | {3: (vocab.DROP, "'=Träger \"weg\"; 2020")}  # kept inert
    again = fortschreibung(plan, 2020, found)
    assert [m.entscheidung for m in again.massnahmen] == [m.entscheidung
                                                          for m in view.massnahmen]


@pytest.mark.parametrize(("text", "says"), [
    ("ID;Entscheidung;Grund\n1;übernehmen;\n7;übernehmen;\n",
     "Zeile 3: eine Maßnahme mit der ID 7 gibt es im Plan nicht"),
    ("ID;Entscheidung;Grund\n\n2;weiterführen;\n",
     "Zeile 3: Unbekannte Entscheidung „weiterführen“"),
    ("ID;Entscheidung;Grund\n1;entfällt;\n", "Zeile 2: „entfällt“ braucht einen Grund"),
    ("ID;Entscheidung\n1;entfällt\n", "Zeile 2: „entfällt“ braucht einen Grund"),
    (f"ID;Entscheidung;Grund\n1;entfällt;{'x' * (vocab.MAX_REASON + 1)}\n",
     f"Zeile 2: Der Grund ist {vocab.MAX_REASON + 1} Zeichen lang"),
    ("ID;Entscheidung;Grund\neins;übernehmen;\n", "Zeile 2: „eins“ ist keine ID"),
    ("ID;Entscheidung;Grund\n;übernehmen;\n", "Zeile 2: die ID fehlt"),
    ("ID;Entscheidung;Grund\n1;übernehmen;\n1;abgeschlossen;\n",
     "Zeile 3: die ID 1 steht schon in Zeile 2"),
    ("Nummer;Entscheidung\n1;übernehmen\n", "Zeile 1: der Kopfzeile fehlt die Spalte „ID“"),
    ("ID;ID;Entscheidung\n", "Zeile 1: die Spalte „ID“ steht zweimal"),
    ("\n \n", "keine Kopfzeile mit den Spalten ID, Entscheidung und Grund"),
    ('ID;Entscheidung;Grund\n1;"übernehmen\n', "Zeile 2: die CSV-Datei lässt sich nicht lesen"),
])
def test_a_bad_file_is_refused_in_german_naming_the_line(text, says):
    with pytest.raises(ValidationError, match=says):
        read(text)


def test_every_bad_line_is_named_at_once():
    with pytest.raises(ValidationError) as refused:
        read("ID;Entscheidung;Grund\n7;übernehmen;\n2;ja;\n3;entfällt;\n")
    assert [line for line in str(refused.value).splitlines() if line.startswith("Zeile")] == [
        "Zeile 2: eine Maßnahme mit der ID 7 gibt es im Plan nicht.",
        "Zeile 3: Unbekannte Entscheidung „ja“; möglich sind „übernehmen“, „abgeschlossen“, "
        "„entfällt“.",
        "Zeile 4: „entfällt“ braucht einen Grund."]


@pytest.mark.parametrize(("data", "says"), [
    (b"", "Die Datei ist leer"),
    (b"ID;Entscheidung;Grund\n" + b"x" * MAX_UPLOAD_BYTES, "höchstens 1 MB"),
    ("ID;Entscheidung;Grund\n1;übernehmen;é\n".encode("latin-1"),
     "Zeile 2: die Datei ist nicht in UTF-8 gespeichert"),
    (b"PK\x03\x04\x00\x00ID;Entscheidung", "Binärdaten"),
])
def test_a_file_too_large_or_not_text_is_refused(data, says):
    with pytest.raises(ValidationError, match=says):
        read_decisions(data, KNOWN)


LINES = st.lists(st.tuples(st.sampled_from(["1", "2", "3", "9", "x", "", " 2 "]),
                           st.sampled_from([*vocab.DECISIONS, "ENTFÄLLT", "", "nein"]),
                           st.text(max_size=30)), max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300), LINES.map(
    lambda rows: b"ID;Entscheidung;Grund\n" + "\n".join(
        ";".join(row) for row in rows).encode("utf-8", "surrogatepass"))))
def test_any_bytes_give_decisions_or_a_german_validation_error(data):
    try:
        found = read_decisions(data, KNOWN)
    except ValidationError as exc:
        assert str(exc)  # German, never empty; any other exception fails the test
    else:
        assert set(found) <= KNOWN
        assert all(d.entscheidung in vocab.DECISIONS for d in found.values())
        assert all(d.grund for d in found.values() if d.entscheidung == vocab.DROP)
