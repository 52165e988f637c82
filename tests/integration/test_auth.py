import tomllib
from datetime import datetime, timedelta

import bcrypt
import pytest

from werkstatt.commands import auth
from werkstatt.errors import LockedError, ValidationError

HASH = bcrypt.hashpw(b"richtiges-passwort", bcrypt.gensalt(rounds=4)).decode()
USERS = {"anna": {"role": "bearbeiter", "password_hash": HASH},
         "leo": {"role": "leser", "password_hash": HASH}}


def test_the_right_password_logs_in_with_the_role(con):
    user = auth.authenticate(con, USERS, "Anna ", "richtiges-passwort")
    assert user == auth.User("anna", "bearbeiter") and user.can_record and not user.can_edit_plan
    assert con.execute("SELECT benutzer, aktion FROM aenderung").fetchall() == [
        ("anna", "Anmeldung")]


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer_and_are_logged(con):
    for name in ("anna", "niemand"):
        with pytest.raises(ValidationError, match="Benutzername oder Passwort falsch"):
            auth.authenticate(con, USERS, name, "falsch")
    assert con.execute("SELECT benutzer FROM aenderung WHERE aktion = 'Anmeldung fehlgeschlagen' "
                       "ORDER BY id").fetchall() == [("anna",), ("niemand",)]


def test_repeated_wrong_passwords_lock_the_user_for_a_while(con):
    now = datetime(2026, 11, 26, 10, 0)
    for minute in range(auth.MAX_FAILURES):
        with pytest.raises(ValidationError):
            auth.authenticate(con, USERS, "anna", "falsch", now + timedelta(minutes=minute))
    with pytest.raises(LockedError, match="gesperrt"):
        auth.authenticate(con, USERS, "anna", "richtiges-passwort", now + timedelta(minutes=5))
    later = now + timedelta(minutes=4) + auth.LOCK + timedelta(seconds=1)
    assert auth.authenticate(con, USERS, "anna", "richtiges-passwort", later).name == "anna"


def test_a_reader_may_not_write():
    reader = auth.User("leo", "leser")
    assert not reader.can_record and not reader.can_edit_plan
    assert auth.User("chef", "admin").can_edit_plan


def test_no_password_is_stored_or_logged_in_plain_text(con, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n')
    auth.add_user(secrets, "anna", "bearbeiter", "ein-langes-passwort")
    text = secrets.read_text()
    assert "ein-langes-passwort" not in text and "redirect_uri" in text
    entry = tomllib.loads(text)["werkstatt_users"]["anna"]
    assert entry["role"] == "bearbeiter"
    assert bcrypt.checkpw(b"ein-langes-passwort", entry["password_hash"].encode())
    with pytest.raises(ValidationError):
        auth.authenticate(con, tomllib.loads(text)["werkstatt_users"], "anna", "x-falsch")
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
        auth.add_user(tmp_path / "s.toml", name, role, password)
    assert not (tmp_path / "s.toml").exists()
