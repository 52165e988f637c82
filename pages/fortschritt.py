"""Fortschritt: every measure in three sections (the chosen month, overdue from earlier
months, without a date), updated in one go by its owners."""
import hashlib
from dataclasses import replace

import streamlit as st

from pages._ui import data, exchange, filters, forms, picker, session, settings, views
from werkstatt import formats, vocab
from werkstatt.commands import inputs, progress
from werkstatt.text import markdown_escape
from werkstatt.views import worklist

LIMIT = 60  # rows per section in the form; more are filtered, not scrolled
SEEN = "status-"  # forms.seen_state keys: the version and status each row was drawn for
EDITORS = "_worklist_editors"  # editor key -> (massnahme_id, version, status) per drawn row
f = filters.current_filters()
st.title("Fortschritt")
exchange.downloads(f, "fortschritt")
user = session.current_user()
can_record = user is not None and user.can_record


def editor_key(label: str, drawn: list[tuple[int, int, str]]) -> str:
    # one table widget per section instead of two inputs per row: Streamlit copies the whole
    # session state for every selectbox or text input, so a run cost rows². The key names
    # the rows and versions drawn and the form's generation: other rows, a newer version or
    # a save get a fresh editor in the browser, so an edit is never sent twice.
    digest = hashlib.sha1(repr((forms.generation("worklist"), drawn)).encode()).hexdigest()
    return f"worklist_{label}_{digest[:12]}"


def save_worklist() -> None:
    """Save the rows edited in the editors drawn last run (whether or not they are still
    listed), each against the version it was drawn for; every refusal names the newer
    state and the refused input."""
    entries = [entry for key, drawn in st.session_state.get(EDITORS, {}).items()
               for entry in inputs.worklist_entries(drawn, st.session_state.get(key))]
    titles = data.massnahme_titel()

    def write(con) -> None:
        results = progress.record_many(con, entries, user=user.name)
        saved = [f"„{titles[mid]}“: {chosen}" for mid, chosen, _, _ in entries
                 if isinstance(results[mid], int)]
        if saved:
            forms.flash("success", "Gespeichert: " + "; ".join(saved))
        for mid, chosen, comment, _ in entries:
            if not isinstance(results[mid], int):
                forms.flash("error", f"{results[mid]} Ihre Eingabe: „{chosen}“"
                            + (f", Kommentar „{comment}“" if comment else "") + ".")

    if not entries:
        forms.flash("info", "Keine Änderung zum Speichern.")
    elif not forms.write(write):
        return
    start_over()


def start_over() -> None:
    """Every row shows the state now stored, in a fresh editor."""
    forms.forget_states(SEEN)
    forms.next_generation("worklist")
    st.rerun()


if can_record and st.session_state.get("worklist_speichern"):
    save_worklist()  # before drawing: a row that left the worklist is still saved or refused
editors = st.session_state[EDITORS] = {}  # filled as the form draws them

# "Meine Maßnahmen": an account linked to a plan contact opens on that contact's Werkzeuge
mine = user is not None and bool(user.kontakt) and st.toggle(
    f"Nur meine Maßnahmen ({user.kontakt})", value=True, key="nur_meine",
    help="Werkzeuge, bei denen Ihr Konto als Kontakt im Plan steht; ersetzt den Kontakt-Filter "
         "der Seitenleiste.")
scope = replace(f, kontakt=user.kontakt) if mine else f
month = f.monat_date() or f.stichtag.replace(day=1)
view = views.arbeitsliste(scope, month)  # built once per data version, filters and month
sections = view.sections
st.caption((f"Meine Maßnahmen: {markdown_escape(user.kontakt)} · " if mine else "")
           + f"Stichtag {formats.day(f.stichtag)} · {filters.filter_caption(scope)}")
cols = st.columns(4)
cols[0].metric(f"im {formats.month_long(month)}", len(sections.in_month))
cols[1].metric("überfällig", len(sections.overdue))
cols[2].metric("ohne Termin", len(sections.undated))
cols[3].metric("erledigt", view.erledigt)

HEADINGS = {
    worklist.IN_MONTH: (f"Im {formats.month_long(month)}",
                        f"Im {formats.month_long(month)} ist keine passende Maßnahme geplant."),
    worklist.OVERDUE: ("Überfällig aus früheren Monaten",
                       f"Zum Stichtag {formats.day(f.stichtag)} ist keine passende Maßnahme "
                       "früherer Monate überfällig: erledigt, entfallen oder noch nicht fällig."),
    worklist.UNDATED: ("Ohne Termin", "Jede passende Maßnahme hat einen Termin im Plan."),
}

if not view.massnahmen:
    st.info(f"Bei keinem passenden Werkzeug steht „{markdown_escape(user.kontakt)}“ als Kontakt im "
            "Plan. Schalten Sie „Nur meine Maßnahmen“ aus, um alle zu sehen." if mine else
            "Zu den gewählten Filtern gibt es keine Maßnahme.", icon=":material/filter_alt_off:")
elif not can_record:
    if not settings.public_mode():  # the public view has no login
        st.info("Zum Eintragen bitte anmelden (Rolle „bearbeiter“ oder „admin“).",
                icon=":material/lock:")
    for label, section in sections.as_list():
        heading, empty = HEADINGS[label]
        st.subheader(heading)
        if section.empty:
            st.caption(empty)
        else:
            st.dataframe(view.tables[label], hide_index=True, width="stretch",
                         column_config={"Maßnahme": st.column_config.TextColumn(width="large"),
                                        "Werkzeug": st.column_config.TextColumn(width="medium")})
else:
    st.caption("Status und neuen Kommentar direkt in der Tabelle ändern (Doppelklick oder "
               "Eingabetaste), dann „Änderungen speichern“. Gespeichert wird jede geänderte Zeile "
               "für sich; hat jemand sie inzwischen geändert, wird sie abgelehnt.")
    with st.form("worklist"):
        for label, section in sections.as_list():
            heading, empty = HEADINGS[label]
            st.subheader(heading)
            if section.empty:
                st.caption(empty)
                continue
            if len(section) > LIMIT:
                st.info(f"{len(section)} Maßnahmen; gezeigt werden die ersten {LIMIT}. Bitte "
                        "nach Werkzeug, Kontakt oder Handlungsfeld filtern.")
                section = section.head(LIMIT)
            seen = [(mid, forms.seen_state(f"{SEEN}{mid}", version, state))
                    for mid, version, state in zip(section["massnahme_id"].tolist(),
                                                   section["status_version"].tolist(),
                                                   section["status"].tolist(), strict=True)]
            drawn = [(int(mid), int(row["version"]), row["value"]) for mid, row in seen]
            key = editor_key(label, drawn)
            editors[key] = drawn
            st.data_editor(
                worklist.editor_table(view.tables[label], [state for _, _, state in drawn]),
                key=key,
                hide_index=True, height="content", placeholder="", alt=f"Arbeitsliste: {heading}",
                disabled=[c for c in worklist.EDITOR_COLUMNS
                          if c not in (worklist.STATUS, worklist.NEW_COMMENT)],
                column_config={
                    "Maßnahme": st.column_config.TextColumn(width=320),
                    "Termine": st.column_config.TextColumn(width=130),
                    worklist.STATUS: st.column_config.SelectboxColumn(
                        options=vocab.STATUSES, required=True, width=120,
                        help="Doppelklick oder Eingabetaste: Status wählen"),
                    worklist.NEW_COMMENT: st.column_config.TextColumn(
                        max_chars=inputs.MAX_COMMENT, width=260,
                        help="Wird mit dem Status gespeichert"),
                    "letzter Kommentar": st.column_config.TextColumn(width=220),
                    "Werkzeug": st.column_config.TextColumn(width=220),
                })
        st.form_submit_button("Änderungen speichern", type="primary", key="worklist_speichern")
    if st.button("Neu laden (Änderungen anderer übernehmen)"):
        start_over()


@st.fragment  # picking a measure redraws this part only, not the worklist
def verlauf() -> None:
    st.header("Verlauf einer Maßnahme")
    chosen = picker.massnahme(view.picker, "verlauf_auswahl", "Maßnahme")
    if chosen is None:
        return
    history = data.table("status_history", int(chosen))
    if history.empty:
        st.caption("Noch kein Status erfasst: die Maßnahme gilt als „offen“.")
    else:
        st.dataframe(history.rename(columns={
            "version": "Version", "status": "Status", "kommentar": "Kommentar",
            "benutzer": "von", "erfasst_am": "erfasst am"}), hide_index=True, width="stretch",
            column_config={"erfasst am": st.column_config.DatetimeColumn(
                format="DD.MM.YYYY HH:mm")})


verlauf()
