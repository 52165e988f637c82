"""Users, roles and passwords (bcrypt), login with lockout, and the secrets file the CLI writes.

Users live in `.streamlit/secrets.toml` under [werkstatt_users.NAME] with `role`,
`password_hash` and optionally `kontakt` (the plan contact the user is, for "Meine
Maßnahmen"); no password is stored or logged in plain text. Failed logins land in the
change history, and enough of them lock the account for a while (counted in the database,
so the lock holds across sessions and browser tabs).
"""
from __future__ import annotations

import difflib
import fcntl
import os
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import bcrypt
import duckdb
import tomlkit
import tomlkit.exceptions

from werkstatt import vocab
from werkstatt.errors import LockedError, ValidationError
from werkstatt.store.transaction import audit, transaction

MAX_FAILURES = 5
LOCK = timedelta(minutes=15)
USERS_SECTION = "werkstatt_users"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
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
                con, user=name, table="anmeldung", record_id=None,
                action="Anmeldung" if user else "Anmeldung fehlgeschlagen", when=now))
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


def add_user(secrets_path: Path, name: str, role: str, password: str,
             kontakt: str | None = None) -> None:
    """Add or replace a user in the secrets file, keeping everything else in it.

    Parallel runs keep every user: read, change and write happen under an exclusive lock on
    the file's folder, and the new text replaces the file atomically. A new file is 0600 from
    its first byte. `kontakt` (checked by the caller against the plan) is stored as given."""
    check_name(name)
    if role not in vocab.USER_ROLES:
        raise ValidationError(f"Unbekannte Rolle „{role}“. Erlaubt: {', '.join(vocab.USER_ROLES)}.")
    hashed = hash_password(password)
    secrets_path = Path(secrets_path)
    if secrets_path.is_dir():
        raise ValidationError(f"{secrets_path} ist ein Ordner; bitte eine Datei angeben, z. B. "
                              f"{secrets_path / 'secrets.toml'}.")
    try:
        secrets_path.parent.mkdir(parents=True, exist_ok=True)
        with _folder_lock(secrets_path.parent):
            document = _read_secrets(secrets_path)
            users = document.setdefault(USERS_SECTION, tomlkit.table(is_super_table=True))
            if not isinstance(users, MutableMapping):
                raise ValidationError(f"In {secrets_path} ist „{USERS_SECTION}“ keine Tabelle; "
                                      "bitte die Datei von Hand berichtigen. Nichts geändert.")
            entry = tomlkit.table()
            entry["role"] = role
            entry["password_hash"] = hashed
            if kontakt:
                entry["kontakt"] = kontakt
            users[name] = entry
            _write_atomically(secrets_path, tomlkit.dumps(document))
    except OSError as exc:
        raise ValidationError(f"Die Datei {secrets_path} lässt sich nicht schreiben: "
                              f"{exc.strerror or exc}. Nichts geändert.") from exc


def check_contact(kontakt: str, known: list[str]) -> str:
    """The plan's spelling of `kontakt` (case and spaces ignored); ValidationError naming the
    closest contacts when the plan has no such contact."""
    wanted = " ".join(kontakt.split()).casefold()
    for name in known:
        if " ".join(name.split()).casefold() == wanted:
            return name
    close = difflib.get_close_matches(kontakt, known, n=3, cutoff=0.5)
    hint = f" Ähnlich: {', '.join(close)}." if close else ""
    raise ValidationError(f"Den Kontakt „{kontakt}“ gibt es im Plan nicht.{hint} Nichts geändert.")


def _read_secrets(path: Path) -> tomlkit.TOMLDocument:
    if not path.exists():
        return tomlkit.document()
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(f"{path} ist keine UTF-8-Textdatei; nichts geändert.") from None
    except tomlkit.exceptions.ParseError as exc:
        raise ValidationError(f"{path} ist keine gültige TOML-Datei (Zeile {exc.line}, Spalte "
                              f"{exc.col}); bitte berichtigen. Nichts geändert.") from None


@contextmanager
def _folder_lock(folder: Path):
    """An exclusive lock on the folder (no lock file left behind), released on exit."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".neu", dir=path.parent)
    try:  # mkstemp creates the file 0600: the hashes are never readable by others
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def read_password(stream) -> str:
    """A password piped in by a script: one line without its line end (\\n, \\r\\n or \\r)."""
    return stream.readline().removesuffix("\n").removesuffix("\r")
