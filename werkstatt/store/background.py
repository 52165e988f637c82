"""Work the server does beside the pages (backups, the read copy), in daemon threads: a page
never waits for it, a failure is a warning in the server log and never reaches a page, and a
stuck write cannot keep the server from stopping (SIGTERM)."""
from __future__ import annotations

import atexit
import contextlib
import sys
import threading
import time
import weakref
from collections.abc import Callable

DEBOUNCE = 2.0  # seconds after the last change
RETRY_AFTER = 600.0  # seconds: a failed job (full disk) is not retried on every page run


_pending: weakref.WeakSet[threading.Thread] = weakref.WeakSet()  # timers and running jobs


@atexit.register
def _finish() -> None:
    """At exit: drop what has not started, let what runs end (a backup is not cut short, and
    no thread holds a DuckDB connection while the interpreter goes away)."""
    for thread in list(_pending):
        if isinstance(thread, threading.Timer):
            thread.cancel()
        elif thread.is_alive():
            thread.join(timeout=5)


def warn(text: str) -> None:
    """A line in the server log; a log that cannot be written (full disk, file-size limit)
    must not break the caller."""
    with contextlib.suppress(OSError, ValueError):
        print(text, file=sys.stderr, flush=True)


class Job:
    """`work` in a daemon thread, one run at a time; after a failure not again for a while."""

    def __init__(self, work: Callable[[], object], what: str,
                 retry_after: float = RETRY_AFTER) -> None:
        self.work, self.what, self.retry_after = work, what, retry_after
        self.lock = threading.Lock()  # held while it runs; "Sicherung jetzt" shares it
        self.failed_at: float | None = None

    def start(self, when: Callable[[], bool] | None = None) -> bool:
        """Start the work unless it runs already, failed recently or `when` (asked once no
        other run goes on) says no longer; True if started."""
        if self.failed_at is not None and time.monotonic() - self.failed_at < self.retry_after:
            return False
        if not self.lock.acquire(blocking=False):
            return False
        if when is not None and not when():  # e.g. made by another session meanwhile
            self.lock.release()
            return False
        thread = threading.Thread(target=self._run, name=self.what, daemon=True)
        _pending.add(thread)
        thread.start()
        return True

    def _run(self) -> None:
        try:
            self.work()
            self.failed_at = None
        except Exception as exc:  # noqa: BLE001 - whatever fails, the pages go on
            self.failed_at = time.monotonic()
            warn(f"Warnung: {self.what} fehlgeschlagen: {exc}")
        finally:
            self.lock.release()


class Debounced:
    """`job` started `delay` seconds after the last change of a version (a burst of saves
    makes one run)."""

    def __init__(self, job: Job, delay: float = DEBOUNCE) -> None:
        self.job, self.delay = job, delay
        self.seen: object = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def changed(self, version: object) -> None:
        """Note the data version a page run saw; a new one schedules the job."""
        with self._lock:
            if version == self.seen:
                return
            self.seen = version
            self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(self.delay, self._fire)
        self._timer.daemon = True
        _pending.add(self._timer)
        self._timer.start()

    def _fire(self) -> None:
        if not self.job.start() and self.job.lock.locked():  # the previous run goes on:
            with self._lock:  # try again a bit later
                self._schedule()
