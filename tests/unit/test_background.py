"""The server's work beside the pages: one run for a burst of changes, one run at a time, no
retry on every page run after a failure, and a log that cannot be written breaks nothing."""
from __future__ import annotations

import io
import sys
import threading
import time

from werkstatt.store import background


def wait_idle(job: background.Job) -> None:
    time.sleep(0.05)
    with job.lock:
        pass


def test_a_burst_of_changes_makes_one_run_after_the_last():
    runs: list[float] = []
    job = background.Job(lambda: runs.append(time.monotonic()), "Probe")
    copy = background.Debounced(job, delay=0.2)
    for version in range(1, 6):
        copy.changed(version)
        time.sleep(0.02)
    last_change = time.monotonic()
    copy.changed(5)  # the same version again: nothing new
    time.sleep(0.5)
    wait_idle(job)
    assert len(runs) == 1 and runs[0] >= last_change + 0.15


def test_a_job_runs_once_at_a_time_and_waits_after_a_failure():
    release = threading.Event()
    calls: list[int] = []

    def slow() -> None:
        calls.append(1)
        release.wait(5)
        raise OSError(27, "File too large")

    job = background.Job(slow, "Probe", retry_after=60)
    assert job.start()
    assert not job.start()  # still running
    release.set()
    wait_idle(job)
    assert job.failed_at is not None
    assert not job.start()  # failed a moment ago: not on every page run
    assert calls == [1]


def test_a_warning_into_a_broken_log_is_dropped(monkeypatch):
    broken = io.StringIO()
    broken.close()
    monkeypatch.setattr(sys, "stderr", broken)
    background.warn("Warnung: Sicherung fehlgeschlagen")  # no exception
