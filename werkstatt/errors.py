"""The package's exceptions; every message is German and meant for the user."""


class WerkstattError(Exception):
    """Base class: a failure the user can understand and act on."""


class SourceError(WerkstattError, ValueError):
    """The Werkstattplan document cannot be read faithfully (names table and line)."""

    def __init__(self, message: str, *, line: int | None = None, table: str | None = None):
        self.line = line
        self.table = table
        where = []
        if table:
            where.append(f"Tabelle „{table}“")
        if line:
            where.append(f"Zeile {line}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class StoreError(WerkstattError):
    """The database file cannot be created, opened or replaced."""


class ValidationError(WerkstattError, ValueError):
    """Input that breaks a rule; nothing was written."""


class ReadOnlyPlanError(ValidationError):
    """A write to a plan that has been carried forward (fortgeschrieben): it is read-only."""


class FilterValueError(ValidationError):
    """A filter value (Monat, Kontakt, …) the plan does not know: the CLI exits with 2."""


class ConflictError(WerkstattError):
    """A write based on a stale version; nothing was written. `current` holds the newer state."""

    def __init__(self, message: str, *, current: dict | None = None):
        self.current = current
        super().__init__(message)


class LockedError(WerkstattError):
    """Too many wrong passwords: the account is locked for a while."""


# --- why a database file cannot be used (all StoreError, each with its own German message) ---
class DatabaseMissingError(StoreError):
    """The file does not exist (and was not to be created)."""


class NotDuckDBError(StoreError):
    """The file is something else (SQLite, text, …)."""


class DatabaseDamagedError(StoreError):
    """The file is a DuckDB file that cannot be read (cut off, altered)."""


class DatabaseBusyError(StoreError):
    """Another process (the running dashboard) holds the file."""


class DiskFullError(StoreError, OSError):
    """No space left on the device; nothing was written (an OSError too, as callers that
    only warn about a failed backup expect)."""


class NoWriteAccessError(StoreError, PermissionError):
    """The file or its folder is not writable (a PermissionError too)."""


class NoPlanError(StoreError):
    """A database or backup without a plan (no row in `plan`, or no Werkzeug)."""


class DatabaseGoneError(StoreError):
    """The server's database file was deleted or replaced while it ran, or is missing at a
    start although backups of it exist: nothing is written or built silently."""
