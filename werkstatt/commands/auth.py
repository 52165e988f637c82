"""Users, roles and passwords (bcrypt), login with lockout, and the secrets file the CLI writes.

Users live in `.streamlit/secrets.toml` under [werkstatt_users.NAME] with `role` and
`password_hash`; no password is stored or logged in plain text. Failed logins land in the
change history, and enough of them lock the account for a while (counted in the database,
so the lock holds across sessions and browser tabs).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import bcrypt
import duckdb
import tomlkit

from werkstatt import vocab
from werkstatt.errors import LockedError, ValidationError
from werkstatt.store.transaction import audit, transaction

MAX_FAILURES = 5
LOCK = timedelta(minutes=15)
USERS_SECTION = "werkstatt_users"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
WRONG = "Benutzername oder Passwort falsch."
_LOGIN_LOCK = threading.Lock()


@dataclass(frozen=True)
class User:
    name: str
    role: str

    @property
    def can_record(self) -> bool:
        """Status of measures and indicator values."""
        return self.role in vocab.RECORDING_ROLES

    @property
    def can_edit_plan(self) -> bool:
        """Measures, Termine, Werkzeug fields, targets; reading the change history (it holds
        failed login names, which may be mistyped passwords)."""
        return self.role == vocab.ADMIN


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise ValidationError("Das Passwort braucht mindestens 10 Zeichen.")
    if len(password.encode()) > 72:
        raise ValidationError("Das Passwort ist länger als 72 Byte (Grenze von bcrypt).")
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise ValidationError("Benutzernamen: 2–40 Zeichen, Kleinbuchstaben, Ziffern, . _ -")
    return name


def _failures_since_success(con, name: str, now: datetime) -> list[datetime]:
    last_success = con.execute(
        "SELECT max(zeitpunkt) FROM aenderung WHERE tabelle = 'anmeldung' AND benutzer = ? "
        "AND aktion = 'Anmeldung'", [name]).fetchone()[0]
    since = max(now - LOCK, last_success) if last_success else now - LOCK
    return [r[0] for r in con.execute(
        "SELECT zeitpunkt FROM aenderung WHERE tabelle = 'anmeldung' AND benutzer = ? "
        "AND aktion = 'Anmeldung fehlgeschlagen' AND zeitpunkt > ? ORDER BY zeitpunkt",
        [name, since]).fetchall()]


def locked_until(con, name: str, now: datetime | None = None) -> datetime | None:
    now = now or datetime.now()
    failures = _failures_since_success(con, name, now)
    if len(failures) >= MAX_FAILURES:
        return failures[-1] + LOCK
    return None


def authenticate(con: duckdb.DuckDBPyConnection, users: Mapping, name: str, password: str,
                 now: datetime | None = None) -> User:
    """The user if name and password match; otherwise ValidationError (same message for an
    unknown name and a wrong password) or LockedError. Every attempt is logged."""
    now = now or datetime.now()
    name = (name or "").strip().lower()[:40]
    if not name or not password:
        raise ValidationError("Bitte Benutzername und Passwort eingeben.")
    # Check, verify and record as one step: parallel guesses must not all pass the lock check
    # before the first failure is recorded.
    with _LOGIN_LOCK:
        return _authenticate(con, users, name, password, now)


def _authenticate(con, users: Mapping, name: str, password: str, now: datetime) -> User:
    until = locked_until(con, name, now)
    if until is not None and until > now:
        raise LockedError(f"Zu viele falsche Passwörter: die Anmeldung für „{name}“ ist bis "
                          f"{until:%H:%M} Uhr gesperrt.")
    entry = users.get(name) if isinstance(users, Mapping) else None
    stored = entry.get("password_hash") if isinstance(entry, Mapping) else None
    role = entry.get("role") if isinstance(entry, Mapping) else None
    ok = False
    if stored and role in vocab.USER_ROLES:
        try:
            ok = bcrypt.checkpw(password.encode()[:72], str(stored).encode())
        except ValueError:  # a broken hash in the secrets file is a failed login, not a crash
            ok = False
    else:
        bcrypt.checkpw(b"x", _DUMMY_HASH)  # same cost for unknown names: no user probing by time
    transaction(con, lambda: audit(con, user=name, table="anmeldung", record_id=None,
                                   action="Anmeldung" if ok else "Anmeldung fehlgeschlagen",
                                   when=now))
    if not ok:
        raise ValidationError(WRONG)
    return User(name, str(role))


_DUMMY_HASH = bcrypt.hashpw(b"dummy-password", bcrypt.gensalt(rounds=12))


def add_user(secrets_path: Path, name: str, role: str, password: str) -> None:
    """Add or replace a user in the secrets file, keeping everything else in it."""
    check_name(name)
    if role not in vocab.USER_ROLES:
        raise ValidationError(f"Unbekannte Rolle „{role}“. Erlaubt: {', '.join(vocab.USER_ROLES)}.")
    hashed = hash_password(password)
    document = tomlkit.parse(secrets_path.read_text(encoding="utf-8")) \
        if secrets_path.exists() else tomlkit.document()
    if USERS_SECTION not in document:
        document[USERS_SECTION] = tomlkit.table(is_super_table=True)
    entry = tomlkit.table()
    entry["role"] = role
    entry["password_hash"] = hashed
    document[USERS_SECTION][name] = entry
    secrets_path.parent.mkdir(parents=True, exist_ok=True)
    secrets_path.write_text(tomlkit.dumps(document), encoding="utf-8")
    secrets_path.chmod(0o600)
