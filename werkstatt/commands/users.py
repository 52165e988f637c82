"""The user list in the secrets file: add a user or change a password, role or contact.

Users live in `.streamlit/secrets.toml` under [werkstatt_users.NAME] with `role`,
`password_hash` (bcrypt, never the password) and optionally `kontakt`. The file is edited
under a lock on its folder and replaced atomically, private (0600) from its first byte.
"""
from __future__ import annotations

import fcntl
import os
import re
from collections.abc import MutableMapping
from contextlib import contextmanager
from pathlib import Path

import bcrypt
import tomlkit
import tomlkit.exceptions

from werkstatt import text, vocab
from werkstatt.errors import ValidationError
from werkstatt.store import files

MIN_PASSWORD, MAX_PASSWORD_BYTES = 10, 72  # 72: what bcrypt reads
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")


def hash_password(password: str) -> str:
    if "\x00" in password:
        raise ValidationError("Das Passwort enthält ein Nullzeichen; bitte ein anderes wählen.")
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"Das Passwort braucht mindestens {MIN_PASSWORD} Zeichen.")
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise ValidationError(f"Das Passwort ist länger als {MAX_PASSWORD_BYTES} Byte (Grenze "
                              "von bcrypt).")
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


def check_name(name: str) -> str:
    # fullmatch: "anna\n" must not pass (a `$` would match before the newline)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValidationError("Benutzernamen: 2–40 Zeichen, Kleinbuchstaben, Ziffern, . _ -")
    return name


def add_user(secrets_path: Path, name: str, role: str, password: str,
             kontakt: str | None = None) -> None:
    """Add a user, or change an existing user's password and role, keeping everything else in
    the file and in the user's entry (a password change keeps the contact link; `kontakt`
    replaces it only when given).

    Parallel runs keep every user: read, change and write happen under an exclusive lock on
    the file's folder. `kontakt` (checked by the caller against the plan) is stored as given."""
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
            users = _users_table(document, secrets_path, create=True)
            entry = users.get(name)
            if not isinstance(entry, MutableMapping):
                entry = tomlkit.table()
            entry["role"] = role
            entry["password_hash"] = hashed
            if kontakt:
                entry["kontakt"] = kontakt
            users[name] = entry
            files.write_atomically(secrets_path, tomlkit.dumps(document), mode=files.PRIVATE)
    except OSError as exc:
        raise ValidationError(f"Die Datei {secrets_path} lässt sich nicht schreiben: "
                              f"{exc.strerror or exc}. Nichts geändert.") from exc


def existing_user(secrets_path: Path, name: str) -> str:
    """`name` if the secrets file has that user (the `--user` of a CLI write); else a German
    ValidationError naming the file."""
    secrets_path = Path(secrets_path)
    if not secrets_path.is_file():
        raise ValidationError(f"Die Datei mit den Benutzern ({secrets_path}) gibt es nicht; "
                              "„--secrets DATEI“ angeben oder erst „python -m werkstatt user "
                              "add“ ausführen. Nichts gespeichert.")
    users = _users_table(_read_secrets(secrets_path), secrets_path, create=False)
    if not isinstance(name, str) or name not in users:
        shown = text.printable(str(name))[:40]
        raise ValidationError(f"Den Benutzer „{shown}“ gibt es in {secrets_path} nicht. Nichts "
                              "gespeichert.")
    return name


def read_password(stream) -> str:
    """A password piped in by a script: one line without its line end (\\n, \\r\\n or \\r).
    Read as bytes (a binary stream): a password that is not UTF-8 is a German error."""
    line = stream.readline()
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError("Das Passwort ist kein UTF-8-Text; nichts geändert.") from None
    return line.removesuffix("\n").removesuffix("\r")


def _users_table(document, path: Path, *, create: bool) -> MutableMapping:
    users = document.get(vocab.USERS_SECTION)
    if users is None:
        if not create:
            return {}
        users = document.setdefault(vocab.USERS_SECTION, tomlkit.table(is_super_table=True))
    if not isinstance(users, MutableMapping):
        raise ValidationError(f"In {path} ist „{vocab.USERS_SECTION}“ keine Tabelle; bitte die "
                              "Datei von Hand berichtigen. Nichts geändert.")
    return users


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
