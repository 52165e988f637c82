"""Staying logged in for a working day: server-side login sessions behind an opaque cookie.

The browser holds a random token and nothing else (no name, no role). The database holds
only the token's SHA-256 hash, whose user it is, until when it holds, and a fingerprint of
the user's password hash at login: a new password (`python -m werkstatt user add`, which may
run while the dashboard holds the database) no longer matches, so every older session ends
without a write. Logout ends the session at once. The role is read from the secrets on every
resume, so a changed or removed account takes effect on the next reload.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

import duckdb

from werkstatt import vocab
from werkstatt.commands.login import User
from werkstatt.store.transaction import transaction

TOKEN_BYTES = 32  # 256 random bits, sent as 43 URL-safe characters
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
DEFAULT_HOURS = 10  # a working day
KEEP_ENDED = timedelta(days=7)  # ended sessions stay a week for questions, then go


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _entry(users: Mapping, name: str) -> tuple[User, str] | None:
    """The user of the secrets and its password hash, or None if the account is gone."""
    entry = users.get(name) if isinstance(users, Mapping) else None
    if not isinstance(entry, Mapping):
        return None
    stored, role, kontakt = entry.get("password_hash"), entry.get("role"), entry.get("kontakt")
    if not isinstance(stored, str) or not stored or role not in vocab.USER_ROLES:
        return None
    return User(name, role, kontakt if isinstance(kontakt, str) and kontakt else None), stored


def start(con: duckdb.DuckDBPyConnection, users: Mapping, name: str, *, hours: int,
          now: datetime | None = None) -> str:
    """A new session of the logged-in user `name` for `hours`; returns the token for the
    cookie (never stored). Sessions that ended or ran out a week ago are deleted."""
    now = now or datetime.now()
    found = _entry(users, name)
    if found is None:
        raise ValueError(f"{name} steht nicht in den Benutzern der Secrets")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    transaction(con, lambda: (
        con.execute("DELETE FROM anmeldesitzung WHERE coalesce(beendet_am, gueltig_bis) < ?",
                    [now - KEEP_ENDED]),
        con.execute("INSERT INTO anmeldesitzung (token_hash, benutzer, passwort_kennung, "
                    "angelegt_am, gueltig_bis) VALUES (?, ?, ?, ?, ?)",
                    [digest(token), name, digest(found[1]), now, now + timedelta(hours=hours)])))
    return token


def resume(con: duckdb.DuckDBPyConnection, users: Mapping, token: str | None,
           now: datetime | None = None) -> User | None:
    """The user of a cookie's token if its session is open, not expired, and the account and
    its password are unchanged since; None for anything else (an edited, unknown, expired or
    ended token logs nobody in)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None  # no query for what cannot be a token
    row = con.execute("SELECT benutzer, passwort_kennung FROM anmeldesitzung WHERE token_hash = ? "
                      "AND beendet_am IS NULL AND gueltig_bis > ?",
                      [digest(token), now or datetime.now()]).fetchone()
    if row is None:
        return None
    found = _entry(users, row[0])
    if found is None or digest(found[1]) != row[1]:
        return None  # account removed or password changed since the login
    return found[0]


def end(con: duckdb.DuckDBPyConnection, token: str | None, now: datetime | None = None) -> None:
    """Logout: the token's session ends now (an unknown token changes nothing)."""
    if isinstance(token, str) and _TOKEN.fullmatch(token):
        transaction(con, lambda: con.execute(
            "UPDATE anmeldesitzung SET beendet_am = ? WHERE token_hash = ? AND beendet_am IS "
            "NULL", [now or datetime.now(), digest(token)]))
