"""Versioned writes: the one version check and what a write of several entries returns.

A form (or an Excel file) saves against the version of the record it showed. If the stored
version is another one, somebody saved in between: the write is refused with ConflictError,
whose German message names the newer state, and nothing is written.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from werkstatt.errors import ConflictError


def check_version(expected: int | None, current: int, conflict: Callable[[], str],
                  newer: dict | None = None) -> None:
    """Raise ConflictError(conflict()) unless the version the caller saw is the stored one.
    `expected` None: the caller saw no version (the command line), nothing to check."""
    if expected is not None and expected != current:
        raise ConflictError(conflict(), current=newer)


@dataclass(frozen=True)
class Outcome:
    """What became of one entry of a write of several: saved with its new version, or refused
    with the German reason. `record` names the record ("„Titel“"), `value` the new value and
    `typed` all of the input in words (repeated in a refusal: the form no longer holds it)."""
    record: str
    value: str
    typed: str
    version: int | None = None
    refusal: str | None = None

    @property
    def saved(self) -> bool:
        return self.refusal is None
