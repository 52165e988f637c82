"""Recording status and values: rules, validation, conflicts, concurrency, durability."""
import os
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

from werkstatt import vocab
from werkstatt.commands import inputs, progress
from werkstatt.errors import ConflictError, ValidationError
from werkstatt.views import queries

ROOT = Path(__file__).resolve().parents[2]


def count(con, table):
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_status_changes_are_appended_with_consecutive_versions(con):
    assert progress.record_status(con, 1, "in Arbeit", user="anna", comment="begonnen") == 1
    assert progress.record_status(con, 1, "erledigt", user="bert", expected_version=1) == 2
    history = con.execute("SELECT version, status, benutzer FROM fortschritt WHERE "
                          "massnahme_id = 1 ORDER BY version").fetchall()
    assert history == [(1, "in Arbeit", "anna"), (2, "erledigt", "bert")]
    assert queries.current_status(con, 1)["status"] == "erledigt"
    assert queries.current_status(con, 2) == {"status": "offen", "version": 0, "kommentar": None,
                                              "benutzer": None, "erfasst_am": None}


def test_every_status_change_lands_in_the_change_history(con):
    progress.record_status(con, 3, "verschoben", user="anna", comment="später")
    row = con.execute("SELECT benutzer, tabelle, datensatz_id, aktion, alt, neu FROM aenderung"
                      ).fetchone()
    assert row[:4] == ("anna", "fortschritt", 3, "Status")
    assert '"status": "offen"' in row[4] and '"status": "verschoben"' in row[5]


@pytest.mark.parametrize("kwargs, message", [
    (dict(massnahme_id=9999, status="erledigt", user="anna"), "gibt es nicht"),
    (dict(massnahme_id=1, status="fertig", user="anna"), "Unbekannter Status"),
    (dict(massnahme_id=1, status="erledigt", user="anna", comment="x" * 2001), "2000"),
    (dict(massnahme_id=1, status="erledigt", user=""), "angemeldeten Benutzer"),
    (dict(massnahme_id=1, status="erledigt", user="   "), "angemeldeten Benutzer"),
    (dict(massnahme_id="1", status="erledigt", user="anna"), "Maßnahme"),
])
def test_bad_status_input_is_refused_in_german_and_writes_nothing(con, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        progress.record_status(con, **kwargs)
    assert count(con, "fortschritt") == 0 and count(con, "aenderung") == 0


def test_a_comment_of_exactly_2000_characters_is_fine(con):
    assert progress.record_status(con, 1, "offen", user="anna", comment="x" * 2000) == 1


def test_a_stale_version_is_refused_and_names_the_newer_value(con):
    progress.record_status(con, 1, "in Arbeit", user="anna", comment="läuft")
    progress.record_status(con, 1, "erledigt", user="bert", expected_version=1)
    with pytest.raises(ConflictError) as err:
        progress.record_status(con, 1, "verschoben", user="anna", expected_version=1)
    assert "bert" in str(err.value) and "„erledigt“" in str(err.value)
    assert err.value.current["version"] == 2
    assert count(con, "fortschritt") == 2 and count(con, "aenderung") == 2


def test_eight_threads_with_own_cursors_lose_no_status_change(con):
    def worker(measure_id: int) -> None:
        cur = con.cursor()
        for index in range(50):
            status = vocab.STATUSES[index % len(vocab.STATUSES)]
            progress.record_status(cur, measure_id, status, user=f"u{measure_id}")
        cur.close()

    threads = [threading.Thread(target=worker, args=(mid,)) for mid in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count(con, "fortschritt") == 400
    for mid in range(1, 9):
        versions = [v for v, in con.execute("SELECT version FROM fortschritt WHERE massnahme_id = ?"
                                            " ORDER BY version", [mid]).fetchall()]
        assert versions == list(range(1, 51))


def test_two_threads_on_one_measure_get_distinct_versions(con):
    errors = []

    def worker(name):
        cur = con.cursor()
        for _ in range(25):
            try:
                progress.record_status(cur, 5, "in Arbeit", user=name)
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
        cur.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors
    versions = [v for v, in con.execute("SELECT version FROM fortschritt WHERE massnahme_id = 5 "
                                        "ORDER BY version").fetchall()]
    assert versions == list(range(1, 51))


def test_values_are_stored_with_user_comment_and_history(con):
    value_id = progress.record_value(con, 9, date(2019, 6, 30), "3", user="anna",
                                     comment="Meldorf und Heide")
    assert con.execute("SELECT indikator_id, stichtag, wert, kommentar, benutzer FROM messwert "
                       "WHERE id = ?", [value_id]).fetchone() == (
        9, date(2019, 6, 30), 3.0, "Meldorf und Heide", "anna")
    assert con.execute("SELECT tabelle, aktion FROM aenderung").fetchone() == ("messwert",
                                                                               "Messwert")


@pytest.mark.parametrize("text, number", [("1.234,5", 1234.5), ("5,8", 5.8), ("10", 10.0),
                                          (" 7 ", 7.0), ("2.5", 2.5)])
def test_german_numbers_are_read(text, number):
    assert inputs.parse_number(text) == number


@pytest.mark.parametrize("kwargs, message", [
    (dict(indikator_id=999, stichtag="2019-05-01", wert=1), "gibt es nicht"),
    (dict(indikator_id=9, stichtag="2019-05-01", wert="viele"), "keine Zahl"),
    (dict(indikator_id=9, stichtag="2019-05-01", wert=float("nan")), "endliche"),
    (dict(indikator_id=9, stichtag="2030-01-01", wert=1), "außerhalb des Plans"),
    (dict(indikator_id=9, stichtag="2018-12-31", wert=1), "außerhalb des Plans"),
    (dict(indikator_id=9, stichtag="gestern", wert=1), "kein Datum"),
    (dict(indikator_id=9, stichtag="2019-05-01", wert=1, comment="y" * 2001), "2000"),
])
def test_bad_values_are_refused_in_german_and_write_nothing(con, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        progress.record_value(con, user="anna", **kwargs)
    assert count(con, "messwert") == 0 and count(con, "aenderung") == 0


def test_a_value_needs_a_user(con):
    with pytest.raises(ValidationError):
        progress.record_value(con, 9, "2019-05-01", 1, user="")


def test_committed_changes_survive_a_killed_process(db):
    script = (
        "import sys, os, duckdb\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from werkstatt.commands import progress\n"
        f"con = duckdb.connect({str(db)!r})\n"
        "for i in range(20):\n"
        "    progress.record_status(con, 1 + i % 5, 'in Arbeit', user='kill')\n"
        "print('committed', flush=True)\n"
        "import time; time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "committed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM fortschritt WHERE benutzer = 'kill'"
                       ).fetchone() == (20,)
    assert con.execute("SELECT count(*) FROM aenderung WHERE benutzer = 'kill'").fetchone() == (20,)


def test_several_statuses_are_saved_each_on_its_own_with_one_outcome_per_entry(con):
    progress.record_status(con, 2, "in Arbeit", user="bert", expected_version=0)
    outcomes = progress.record_many(con, [
        progress.StatusEntry(1, "erledigt", "fertig", 0),
        progress.StatusEntry(2, "entfallen", "", 0),  # bert saved version 1 meanwhile
        progress.StatusEntry(3, "unbekannt", "", 0)], user="anna")
    assert [o.saved for o in outcomes] == [True, False, False]
    assert outcomes[0].version == 1 and outcomes[0].value == "erledigt"
    assert "bert" in outcomes[1].refusal and outcomes[1].typed == "„entfallen“."
    assert "Unbekannter Status" in outcomes[2].refusal
    assert queries.current_status(con, 1)["status"] == "erledigt"
    assert queries.current_status(con, 2)["status"] == "in Arbeit"
    assert queries.current_status(con, 3)["version"] == 0
