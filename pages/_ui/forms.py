"""The one write protocol of the pages: run a write, report it in German, carry messages to
the next run, and remember which version of a record a form showed."""
from __future__ import annotations

from collections.abc import Callable

import duckdb
import streamlit as st

from pages._ui import data, settings
from werkstatt import text
from werkstatt.errors import ConflictError, WerkstattError


def write(action: Callable[[duckdb.DuckDBPyConnection], object], success: str | None = None,
          version_key: str | None = None, typed: str | None = None) -> bool:
    """Run a write (a callable taking a cursor) and report it in German (`success` as a toast
    in the next run, or the action's own flash messages); True if saved.

    On a conflict the form's remembered version is dropped and the page reruns: forms keyed
    by version then show the newer state, with the conflict message on top, naming what the
    user had typed (`typed`), which is no longer in the form."""
    if settings.public_mode():  # reads go to a copy without names: nothing may be written there
        st.error("Die öffentliche Ansicht ist schreibgeschützt; es wurde nichts gespeichert.")
        return False
    try:
        with data.write_cursor() as con:  # refused if the file is gone or replaced
            action(con)
    except ConflictError as exc:
        if version_key:
            forget_state(version_key)
        flash("error", f"{exc} Ihre Eingabe: {typed}" if typed else str(exc))
        st.rerun()
    except WerkstattError as exc:
        st.error(text.markdown_escape(str(exc)), icon=":material/error:")
        return False
    data.refresh_data_state()  # the rest of this run already reads the new data
    if success:  # every caller reruns after a save, and a toast before st.rerun is never shown
        flash("toast", success)
    return True


def flash(kind: str, message: str) -> None:
    """A message for the next run: "toast", or st.success/st.error/… at the top."""
    st.session_state.setdefault("_flash", []).append((kind, message))


def generation(form: str) -> int:
    """A number for the keys of a form's widgets that changes after each successful save
    (next_generation): the browser then draws empty widgets. Dropping a widget's state on
    the server does not reset the browser's widget, and `clear_on_submit` also clears
    after a refused input."""
    return st.session_state.get("_generation", {}).get(form, 0)


def next_generation(form: str) -> None:
    generations = st.session_state.setdefault("_generation", {})
    generations[form] = generations.get(form, 0) + 1


def show_messages_from_last_run() -> None:
    for kind, message in st.session_state.pop("_flash", []):
        if kind == "toast":  # seen wherever the page is scrolled to
            st.toast(text.markdown_escape(message), icon=":material/check_circle:")
        else:
            getattr(st, kind)(text.markdown_escape(message))


def seen_version(key: str, current: int) -> int:
    """The version of a record as this session first showed it in a form: saving refuses a
    newer one (someone else saved in between) instead of overwriting it."""
    return seen_state(key, current)["version"]


def seen_state(key: str, version: int, value=None) -> dict:
    """{'version', 'value'} as first shown in this session (see seen_version)."""
    states = st.session_state.setdefault("_seen", {})
    return states.setdefault(key, {"version": int(version), "value": value})


def seen_states(prefix: str) -> dict[str, dict]:
    """The states remembered under keys starting with `prefix`, by the rest of the key."""
    return {key.removeprefix(prefix): state
            for key, state in st.session_state.get("_seen", {}).items() if key.startswith(prefix)}


def remember_version(key: str, version: int) -> None:
    """After a save: the form now stands on the version just written."""
    st.session_state.setdefault("_seen", {}).setdefault(key, {})["version"] = version


def forget_state(key: str) -> None:
    """After a conflict or "Neu laden": the next run takes the current state. Forms key
    their widgets by the version they were drawn for, so a newer version gets a fresh widget
    in the browser (the browser keeps a widget's value as long as its key stays)."""
    st.session_state.setdefault("_seen", {}).pop(key, None)


def forget_states(prefix: str) -> None:
    for key in list(st.session_state.get("_seen", {})):
        if key.startswith(prefix):
            forget_state(key)
