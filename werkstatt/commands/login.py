"""Logging in: users and roles, password checks (bcrypt) and the lockout after failures.

Users come from `.streamlit/secrets.toml` under [werkstatt_users.NAME] with `role`,
`password_hash` and optionally `kontakt` (the plan contact the user is, for "Meine
Maßnahmen"); werkstatt.commands.users writes that file. Failed logins land in the change
history, and enough of them lock the account for a while (counted in the database, so the
lock holds across sessions and browser tabs).
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import bcrypt
import duckdb

from werkstatt import vocab
from werkstatt.errors import LockedError, ValidationError
from werkstatt.store.transaction import audit, transaction

MAX_FAILURES = 5
LOCK = timedelta(minutes=15)
WRONG = "Benutzername oder Passwort falsch."
# Guards the lockout check, the log entry and _in_flight; never held while hashing.
_LOGIN_LOCK = threading.Lock()
_in_flight: Counter[str] = Counter()  # attempts per name being hashed right now


@dataclass(frozen=True)
class User:
    name: str
    role: str
    kontakt: str | None = None  # the plan contact this user is ("Meine Maßnahmen")

    @property
    def can_record(self) -> bool:
        """Status of measures and indicator values."""
        return self.role in vocab.RECORDING_ROLES

    @property
    def can_edit_plan(self) -> bool:
        """Measures, Termine, Werkzeug fields, targets; reading the change history (it holds
        failed login names, which may be mistyped passwords)."""
        return self.role == vocab.ADMIN


def _failures_since_success(con, name: str, now: datetime) -> list[datetime]:
    last_success = con.execute(
        "SELECT max(zeitpunkt) FROM aenderung WHERE tabelle = ? AND benutzer = ? "
        "AND aktion = ?", [vocab.LOGIN_TABLE, name, vocab.LOGIN_OK]).fetchone()[0]
    since = max(now - LOCK, last_success) if last_success else now - LOCK
    return [r[0] for r in con.execute(
        "SELECT zeitpunkt FROM aenderung WHERE tabelle = ? AND benutzer = ? "
        "AND aktion = ? AND zeitpunkt > ? ORDER BY zeitpunkt",
        [vocab.LOGIN_TABLE, name, vocab.LOGIN_FAILED, since]).fetchall()]


def locked_until(con, name: str, now: datetime | None = None) -> datetime | None:
    now = now or datetime.now()
    failures = _failures_since_success(con, name, now)
    if len(failures) >= MAX_FAILURES:
        return failures[-1] + LOCK
    return None


def authenticate(con: duckdb.DuckDBPyConnection, users: Mapping, name: str, password: str,
                 now: datetime | None = None) -> User:
    """The user if name and password match; otherwise ValidationError (same message for an
    unknown name and a wrong password) or LockedError. Every attempt is logged.

    The lock is held only for the lockout check and the log entry, never during bcrypt
    (~0.25 s): parallel attempts with unknown names must not delay a valid login. Attempts
    still being hashed count as failures for the check, so parallel guesses cannot all pass
    it before the first failure is recorded."""
    now = now or datetime.now()
    name = (name or "").strip().lower()[:40]
    if not name or not password:
        raise ValidationError("Bitte Benutzername und Passwort eingeben.")
    with _LOGIN_LOCK:
        _refuse_if_locked(con, name, now)
        _in_flight[name] += 1
    user = None
    try:
        user = _verify(users, name, password)
    finally:
        with _LOGIN_LOCK:
            _in_flight[name] -= 1
            if not _in_flight[name]:
                del _in_flight[name]
            transaction(con, lambda: audit(
                con, user=name, table=vocab.LOGIN_TABLE, record_id=None,
                action=vocab.LOGIN_OK if user else vocab.LOGIN_FAILED, when=now))
    if user is None:
        raise ValidationError(WRONG)
    return user


def _refuse_if_locked(con, name: str, now: datetime) -> None:
    until = locked_until(con, name, now)
    if until is not None and until > now:
        raise LockedError(f"Zu viele falsche Passwörter: die Anmeldung für „{name}“ ist bis "
                          f"{until:%H:%M} Uhr gesperrt.")
    failures = len(_failures_since_success(con, name, now))
    if failures + _in_flight[name] >= MAX_FAILURES:
        raise LockedError(f"Zu viele gleichzeitige Anmeldeversuche für „{name}“: bitte in einer "
                          "Minute erneut versuchen.")


def _verify(users: Mapping, name: str, password: str) -> User | None:
    """The user if the password matches its bcrypt hash (no lock held: this is the slow part)."""
    entry = users.get(name) if isinstance(users, Mapping) else None
    if not isinstance(entry, Mapping):
        entry = {}
    stored, role = entry.get("password_hash"), entry.get("role")
    if not (stored and role in vocab.USER_ROLES):
        bcrypt.checkpw(b"x", _DUMMY_HASH)  # same cost for unknown names: no user probing by time
        return None
    try:
        ok = bcrypt.checkpw(password.encode()[:72], str(stored).encode())
    except ValueError:  # a broken hash in the secrets file is a failed login, not a crash
        ok = False
    kontakt = entry.get("kontakt")
    return User(name, role, kontakt if isinstance(kontakt, str) and kontakt else None) \
        if ok else None


_DUMMY_HASH = bcrypt.hashpw(b"dummy-password", bcrypt.gensalt(rounds=12))


OIDC_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


def check_login_settings(oidc: Mapping, users: Mapping) -> None:
    """The login parts of secrets.toml, each already a table: ValidationError (German, naming
    the key) for what would break a login. An empty [auth] means no identity provider; a
    user entry without a valid role or hash is a failed login, not a broken file."""
    if oidc:
        missing = [key for key in OIDC_KEYS if not isinstance(oidc.get(key), str)
                   or not oidc.get(key, "").strip()]
        if missing:
            raise ValidationError(f"[{vocab.OIDC_SECTION}] ist unvollständig: es fehlt "
                                  f"{', '.join(missing)} (jeweils als Text).")
        if not oidc["redirect_uri"].endswith("/oauth2callback"):  # as st.login requires
            raise ValidationError(f"[{vocab.OIDC_SECTION}] redirect_uri muss auf "
                                  "„/oauth2callback“ enden.")
    for name, entry in users.items():
        if not isinstance(entry, Mapping):
            raise ValidationError(f"[{vocab.USERS_SECTION}.{name}] ist kein Abschnitt.")
