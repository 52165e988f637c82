"""Files replaced atomically: every output, the secrets file and whole database files.

A reader never sees a half-written file: the content goes to a temporary file beside the
target, which then replaces it with one rename. On any failure the target stays as it was."""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb

from werkstatt.store import schema
from werkstatt.store.connection import connect, store_error

PUBLIC = 0o644  # outputs: readable like any file a command writes
PRIVATE = 0o600  # the secrets file: password hashes are for the server only


def write_atomically(target: Path, data: bytes | str, *, mode: int = PUBLIC) -> None:
    """Write `data` to `target` through a temporary file and a rename, with `mode` from the
    first byte on (mkstemp makes 0600 files; an output gets its usual 0644)."""
    target = Path(target)
    content = data.encode("utf-8") if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".neu")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def copy_aside(path: Path) -> Path:
    """Copy a closed database file next to it, timestamped (the safety copy before init
    --force; the backups of a live database are werkstatt.backup's EXPORT DATABASE)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.sicherung-{stamp}")
    # Folding the WAL into the file first makes the single-file copy complete.
    con = connect(path)
    con.execute("CHECKPOINT")
    con.close()
    shutil.copy2(path, target)
    return target


def build_atomically(path: Path, fill, migrate_first: bool = True) -> None:
    """Create a fresh database at `path` via a temporary file that replaces it only on success.

    `fill(con)` writes the content (after the migrations, unless migrate_first is False);
    any exception leaves `path` untouched.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".neu", dir=path.parent)
    except OSError as exc:
        raise store_error(exc, path) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = connect(tmp, create=True)
        try:
            if migrate_first:
                schema.migrate(con)
            fill(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            wal.unlink()
        os.replace(tmp, path)
    except (duckdb.IOException, OSError) as exc:  # full disk, no rights: the old file stays
        raise store_error(exc, path) from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
