"""Staying logged in: a login session behind an opaque token (issue 15 §8)."""
from __future__ import annotations

from datetime import datetime, timedelta

import bcrypt

from werkstatt.commands import sessions
from werkstatt.commands.login import User

HASH = bcrypt.hashpw(b"richtiges-passwort", bcrypt.gensalt(rounds=4)).decode()
USERS = {"anna": {"role": "bearbeiter", "password_hash": HASH, "kontakt": "Niels Buck"}}
LOGIN = datetime(2019, 9, 3, 8, 0)


def test_a_token_resumes_its_users_session_for_the_hours_it_was_given(con):
    token = sessions.start(con, USERS, "anna", hours=10, now=LOGIN)
    user = User("anna", "bearbeiter", "Niels Buck")
    assert sessions.resume(con, USERS, token, LOGIN + timedelta(hours=9, minutes=59)) == user
    assert sessions.resume(con, USERS, token, LOGIN + timedelta(hours=10)) is None  # expired


def test_the_cookie_holds_neither_name_nor_role_and_the_database_only_its_hash(con):
    token = sessions.start(con, USERS, "anna", hours=10, now=LOGIN)
    assert len(token) == 43 and "anna" not in token and "bearbeiter" not in token
    assert token != sessions.start(con, USERS, "anna", hours=10, now=LOGIN)  # random each time
    stored = con.execute("SELECT * FROM anmeldesitzung").fetchall()
    assert stored and not any(token in str(value) for row in stored for value in row)


def test_an_edited_or_made_up_token_logs_nobody_in(con):
    token = sessions.start(con, USERS, "anna", hours=10, now=LOGIN)
    edited = token[:-1] + ("A" if token[-1] != "A" else "B")
    for cookie in (edited, token[:-1], token + "x", "anna", "", None, "' OR 1=1 --" + "x" * 32):
        assert sessions.resume(con, USERS, cookie, LOGIN) is None


def test_logout_and_a_new_password_end_the_session_and_a_new_role_applies_at_once(con):
    token = sessions.start(con, USERS, "anna", hours=10, now=LOGIN)
    promoted = {"anna": {**USERS["anna"], "role": "admin"}}
    assert sessions.resume(con, promoted, token, LOGIN).role == "admin"
    new_password = {"anna": {**USERS["anna"], "password_hash": bcrypt.hashpw(
        b"neues-passwort!", bcrypt.gensalt(rounds=4)).decode()}}
    assert sessions.resume(con, new_password, token, LOGIN) is None  # `user add` ran meanwhile
    assert sessions.resume(con, {}, token, LOGIN) is None  # account removed
    sessions.end(con, token, LOGIN + timedelta(hours=1))
    assert sessions.resume(con, USERS, token, LOGIN + timedelta(hours=2)) is None


def test_old_sessions_are_cleared_a_week_after_they_ended(con):
    sessions.start(con, USERS, "anna", hours=10, now=LOGIN)
    sessions.start(con, USERS, "anna", hours=10, now=LOGIN + timedelta(days=8))
    assert con.execute("SELECT count(*) FROM anmeldesitzung").fetchone()[0] == 1
