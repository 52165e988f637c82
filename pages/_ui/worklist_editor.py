"""The worklist editor of Fortschritt: one table per section in which a bearbeiter sets
Status and a new comment per row, saved row by row against the version each row was drawn for.

One table widget per section instead of two inputs per row: Streamlit copies the whole session
state for every selectbox or text input, so a run cost rows². The editor's key names the rows
and versions drawn and the form's generation: other rows, a newer version or a save get a
fresh editor in the browser, so an edit is never sent twice."""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from pages._ui import forms
from werkstatt import vocab
from werkstatt.commands import inputs, progress
from werkstatt.commands.login import User
from werkstatt.views import worklist
from werkstatt.views.filters import Filters

FORM = "worklist"
SAVE_BUTTON = "worklist_speichern"
LIMIT = 60  # rows per section in the form; more are filtered, not scrolled
SEEN = "status-"  # forms.seen_state keys: the version and status each row was drawn for
_EDITORS = "_worklist_editors"  # editor key -> (massnahme_id, version, status) per drawn row
# (filters, the shared view, the worklist shown, {massnahme_id: section}) of the last run
_PLACES = "_worklist_places"
Drawn = list[tuple[int, int, str]]


def entries(drawn: Drawn, edits) -> list[progress.StatusEntry]:
    """The status entries of an editor's edits: `drawn` is (massnahme_id, version, status) per
    row as drawn, `edits` the editor's state {"edited_rows": {position: {column: value}}}
    (positions may come as text from the browser). A row counts when its status differs from
    the drawn one or it has a comment; an emptied status keeps the drawn one; a position the
    form does not have is nothing to save."""
    found = []
    changed_rows = (edits or {}).get("edited_rows", {}) if isinstance(edits, dict) else {}
    for raw_position, changed in changed_rows.items():
        position = int(raw_position) if str(raw_position).isdecimal() else -1
        if not 0 <= position < len(drawn) or not isinstance(changed, dict):
            continue
        mid, version, status = drawn[position]
        chosen = changed.get(worklist.STATUS) or status
        comment = changed.get(worklist.NEW_COMMENT) or ""
        if chosen != status or str(comment).strip():
            found.append((position, progress.StatusEntry(mid, chosen, str(comment), version)))
    return [entry for _, entry in sorted(found, key=lambda item: item[0])]


def save_if_asked(user: User) -> None:
    """Before drawing: save the rows edited in the editors drawn last run (whether or not they
    are still listed), each against the version it was drawn for."""
    if not st.session_state.get(SAVE_BUTTON):
        return
    found = [entry for key, drawn in st.session_state.get(_EDITORS, {}).items()
             for entry in entries(drawn, st.session_state.get(key))]
    if not found:
        forms.flash("info", "Keine Änderung zum Speichern.")
    elif not forms.write(lambda con: progress.record_many(con, found, user=user.name)):
        return
    start_over()


def start_over() -> None:
    """Every row shows the state now stored, in a fresh editor."""
    forms.forget_states(SEEN)
    forms.next_generation(FORM)
    st.rerun()


def reload() -> None:
    """"Neu laden": the stored state, each measure in the section it now belongs to."""
    st.session_state.pop(_PLACES, None)
    start_over()


def kept_in_place(view: worklist.Arbeitsliste, scope: Filters) -> worklist.Arbeitsliste:
    """The worklist with every measure in the section it was shown in before in this session
    under the same filters: one set to "erledigt" stays where it was changed (to be undone
    there) until a reload, "Neu laden" or another filter choice. The same shared view as last
    run (no write since) gives last run's result without sorting anything again."""
    shown_for, drawn_from, kept, places = st.session_state.get(_PLACES, (None, None, None, {}))
    if shown_for == scope and drawn_from is view and kept is not None:
        return kept
    kept = view.kept(places if shown_for == scope else {})
    st.session_state[_PLACES] = (scope, view, kept, kept.sections.places())
    return kept


def begin() -> None:
    """The editors of this run are collected as they are drawn."""
    st.session_state[_EDITORS] = {}


def editor(label: str, heading: str, section: pd.DataFrame, table: pd.DataFrame) -> None:
    """One section's editor (the first LIMIT rows), each row as first drawn in this session."""
    if len(section) > LIMIT:
        st.info(f"{len(section)} Maßnahmen; gezeigt werden die ersten {LIMIT}. Bitte "
                "nach Werkzeug, Kontakt oder Handlungsfeld filtern.")
        section = section.head(LIMIT)
    seen = [(mid, forms.seen_state(f"{SEEN}{mid}", version, state))
            for mid, version, state in zip(section["massnahme_id"].tolist(),
                                           section["status_version"].tolist(),
                                           section["status"].tolist(), strict=True)]
    drawn = [(int(mid), int(row["version"]), row["value"]) for mid, row in seen]
    digest = hashlib.sha1(repr((forms.generation(FORM), drawn)).encode()).hexdigest()
    key = f"worklist_{label}_{digest[:12]}"
    st.session_state[_EDITORS][key] = drawn
    st.data_editor(
        worklist.editor_table(table, [state for _, _, state in drawn]), key=key,
        hide_index=True, height="content", placeholder="", alt=f"Arbeitsliste: {heading}",
        disabled=[c for c in worklist.EDITOR_COLUMNS
                  if c not in (worklist.STATUS, worklist.NEW_COMMENT)],
        column_config={
            # title, dates, status and the new comment in view at 1024 px beside the sidebar
            "Maßnahme": st.column_config.TextColumn(width=250),
            "Termine": st.column_config.TextColumn(width=130),
            worklist.STATUS: st.column_config.SelectboxColumn(
                options=vocab.STATUSES, required=True, width=95,
                help="Doppelklick oder Eingabetaste: Status wählen"),
            worklist.NEW_COMMENT: st.column_config.TextColumn(
                max_chars=inputs.MAX_COMMENT, width=160, help="Wird mit dem Status gespeichert"),
            "letzter Kommentar": st.column_config.TextColumn(width=220),
            "Werkzeug": st.column_config.TextColumn(width=220),
        })
