"""A synthetic plan N times the size of the 2019 plan (Werkzeuge, measures, budgets copied
with numbered names), for speed measurements only."""
from __future__ import annotations

import copy
import time
from pathlib import Path

from werkstatt.ingest.indicators import read_indikatoren
from werkstatt.ingest.plan import SOURCE_DOCUMENT, read_plan
from werkstatt.ingest.source import load_text
from werkstatt.store import files
from werkstatt.store.importer import write_plan


def build_synthetic(db_path: Path, factor: int) -> Path:
    plan = read_plan()
    tools = []
    for copy_number in range(factor):
        for tool in plan.werkzeuge:
            clone = copy.copy(tool)
            if copy_number:
                clone.name = f"{tool.name} (Kopie {copy_number})"
            clone.position = len(tools) + 1
            tools.append(clone)
    plan.werkzeuge = tools
    plan.log = []
    if db_path.exists():
        db_path.unlink()
    files.build_atomically(db_path, lambda con: write_plan(
        con, plan, read_indikatoren(load_text(SOURCE_DOCUMENT))))
    return db_path


def timed(work) -> float:
    """Milliseconds one call of `work` takes."""
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000
