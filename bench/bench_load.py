"""Benchmark under load (issue 14): N websocket sessions at once, each changing the month
filter and the page as fast as its runs come back, for a fixed time; the same load on the
bare reference page (bench/bare_page.py) in its own server right after. Reports the run
times (median, p95) of both and their ratio, the errors seen, the time of valid logins
made while the load runs, and the server's memory before, at the end of the load and after
the sessions closed.

A session speaks Streamlit's own protocol (the browser's): a BackMsg `rerun_script` with the
page and the query string, then ForwardMsgs until `script_finished`. Filters travel in the
query string as in a bookmark, so no widget id is needed; a login fills the login form's
widgets, whose ids the session reads from the page it was sent.

Run: python bench/bench_load.py [--sessions 20] [--seconds 60] [--logins 5] [--factor 1]
     [--rounds 2] [--settle 150]
Goal: the page run under load at most 2× the bare page's, a valid login under 2 s, memory
back to its start once the sessions are gone. Writes nothing into the repository.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from bench.bench_browser import rss_mb  # noqa: E402
from bench.synthetic import build_synthetic  # noqa: E402
from tests.e2e.conftest import PASSWORD, streamlit_process, write_secrets  # noqa: E402
from werkstatt.store.importer import build_database  # noqa: E402

PAGES = ["", "zeitplan", "fortschritt", "werkzeuge", "budget", "indikatoren"]  # "" = Überblick
MONTHS = ["2019-03", "2019-06", "2019-09", "2019-11"]
FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
USER = "last"


@dataclass
class Results:
    runs: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    logins: list[float] = field(default_factory=list)


class Session:
    """One browser tab's worth of protocol: a websocket and the widgets of the last run."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.widgets: dict[str, str] = {}  # user key -> widget id, from the deltas seen
        self.texts: list[str] = []  # the Markdown of the last run

    async def __aenter__(self) -> Session:
        self.socket = await websockets.connect(self.url, subprotocols=["streamlit"],
                                               max_size=2**26, open_timeout=60)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.socket.close()

    async def run(self, page: str, query: str, widget_states: list[WidgetState] = ()) -> list[str]:
        """One script run; returns the exceptions it showed (their messages)."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        message.rerun_script.widget_states.widgets.extend(widget_states)
        await self.socket.send(message.SerializeToString())
        exceptions: list[str] = []
        self.texts = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(self.socket.recv(), 120))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                self._remember(forward.delta.new_element, exceptions)
            elif kind == "script_finished" and forward.script_finished == FINISHED:
                return exceptions

    def _remember(self, element, exceptions: list[str]) -> None:
        kind = element.WhichOneof("type")
        if kind == "markdown":
            self.texts.append(element.markdown.body)
        if kind == "exception":
            exceptions.append(element.exception.message or element.exception.type)
            return
        widget = getattr(element, kind, None) if kind else None
        widget_id = getattr(widget, "id", "")
        if isinstance(widget_id, str) and "-" in widget_id:
            self.widgets[widget_id.rsplit("-", 1)[-1]] = widget_id
        if kind == "button" and element.button.is_form_submitter:
            self.widgets["submit-" + element.button.form_id] = element.button.id

    async def login(self, name: str, password: str) -> float:
        """Seconds from the submitted login form to the run that follows it being over."""
        def text(key: str, value: str) -> WidgetState:
            state = WidgetState(id=self.widgets[key])
            state.string_value = value
            return state

        submit = WidgetState(id=self.widgets["submit-login"])
        submit.trigger_value = True
        started = time.perf_counter()
        await self.run("", "", [text("login_name", name), text("login_password", password),
                                submit])
        seconds = time.perf_counter() - started
        if not any(f"Angemeldet: **{name}**" in body for body in self.texts):
            raise RuntimeError(f"Anmeldung von {name} ohne Erfolg: {self.texts[:5]}")
        return seconds


async def browse(url: str, pages: list[str], until: float, results: Results,
                 seed: int) -> None:
    """A visitor switching pages and months until `until` (a random walk, seeded)."""
    chance = random.Random(seed)
    async with Session(url) as session:
        await session.run("", "")  # the first page, not counted (the server warms up)
        while time.perf_counter() < until:
            page, month = chance.choice(pages), chance.choice(MONTHS)
            started = time.perf_counter()
            shown = await session.run(page, f"monat={month}")
            results.runs.append(time.perf_counter() - started)
            results.errors += shown


async def log_in_repeatedly(url: str, until: float, count: int, results: Results) -> None:
    """`count` valid logins spread over the load, each in a fresh session."""
    pause = (until - time.perf_counter()) / (count + 1)
    for _ in range(count):
        await asyncio.sleep(pause)
        async with Session(url) as session:
            await session.run("", "")
            results.logins.append(await session.login(USER, PASSWORD))


async def visit_all(url: str, pages: list[str]) -> None:
    """Every page in every month once: the caches hold then what the load will ask for, so
    the memory measured before and after differs by what the sessions themselves keep."""
    async with Session(url) as session:
        for page in pages:
            for month in MONTHS:
                await session.run(page, f"monat={month}")


async def load(url: str, pages: list[str], sessions: int, seconds: float,
               logins: int) -> Results:
    results = Results()
    until = time.perf_counter() + seconds
    tasks = [browse(url, pages, until, results, seed) for seed in range(sessions)]
    if logins:
        tasks.append(log_in_repeatedly(url, until, logins, results))
    await asyncio.gather(*tasks)
    return results


def p95(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.95))]


def measure(script: str, db: Path, workdir: Path, args) -> tuple[Results, dict[str, float]]:
    workdir.mkdir()
    write_secrets(workdir / "secrets.toml", {USER: "bearbeiter"}, PASSWORD)
    app = script == "dashboard.py"
    pages = PAGES if app else [""]  # the bare page is one page
    with streamlit_process(script, db, workdir) as (url, pid):
        asyncio.run(visit_all(url, pages))  # warm-up: imports, caches, the start backup
        memory = {"vorher": rss_mb(pid)}
        for number in range(1, args.rounds + 1):
            results = asyncio.run(load(url, pages, args.sessions, args.seconds,
                                       args.logins if app else 0))
            memory[f"Ende Runde {number}"] = rss_mb(pid)
            # Streamlit keeps a closed session for server.disconnectedSessionTTL (120 s) in a
            # cache it clears lazily, when another session closes: one visit after the wait
            time.sleep(args.settle)
            asyncio.run(load(url, [""], 1, 1, 0))
            time.sleep(5)
            memory[f"danach {number}"] = rss_mb(pid)
    return results, memory


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--logins", type=int, default=5)
    parser.add_argument("--factor", type=int, default=1, help="plan × F (synthetic)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="load rounds; the memory after each shows whether it grows")
    parser.add_argument("--settle", type=float, default=150,
                        help="seconds after the load (Streamlit drops a closed session's state "
                             "120 s after it closed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "plan.duckdb"
        build_synthetic(db, args.factor) if args.factor > 1 else build_database(db)
        figures = {}
        for script in ("dashboard.py", "bench/bare_page.py"):
            gc.collect()
            figures[script] = measure(script, db, Path(tmp) / Path(script).stem, args)
    (app, app_memory), (bare, bare_memory) = figures["dashboard.py"], figures[
        "bench/bare_page.py"]
    print(f"{args.sessions} Sitzungen, {args.seconds:.0f} s, Plan ×{args.factor}")
    for name, found, memory in (("Dashboard", app, app_memory),
                                ("Vergleichsseite", bare, bare_memory)):
        print(f"{name:16} {len(found.runs):4} Läufe, Median {statistics.median(found.runs):.2f} s, "
              f"p95 {p95(found.runs):.2f} s, Fehler {len(found.errors)}; Speicher "
              + ", ".join(f"{k} {v:.0f} MB" for k, v in memory.items()))
    print(f"Verhältnis Median {statistics.median(app.runs) / statistics.median(bare.runs):.2f}, "
          f"p95 {p95(app.runs) / p95(bare.runs):.2f}")
    if app.logins:
        print("Anmeldungen: " + ", ".join(f"{s:.2f} s" for s in app.logins))
    for error in sorted(set(app.errors + bare.errors))[:5]:
        print(f"Fehler: {error[:200]}")


if __name__ == "__main__":
    main()
