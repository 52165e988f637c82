"""Fortschritt: every measure in exactly one section (the chosen month, overdue, probably
overdue, without a date, not yet due, closed), updated in one go by its owners."""
from dataclasses import replace

import streamlit as st

from pages._ui import (
    data,
    exchange,
    filters,
    german,
    picker,
    session,
    settings,
    views,
    worklist_editor,
)
from werkstatt import formats
from werkstatt.text import markdown_escape
from werkstatt.views import baseline, queries, worklist

f = filters.current_filters()
st.title("Fortschritt")
exchange.downloads(f, "fortschritt")
user = session.plan_writer()
can_record = user is not None and user.can_record


if can_record:
    worklist_editor.save_if_asked(user)  # before drawing: a row that left the list counts too
worklist_editor.begin()

# "Meine Maßnahmen": an account linked to a plan contact opens on that contact's Werkzeuge
mine = user is not None and bool(user.kontakt) and st.toggle(
    f"Nur meine Maßnahmen ({user.kontakt})", value=True, key="nur_meine",
    help="Werkzeuge, bei denen Ihr Konto als Kontakt im Plan steht; ersetzt den Kontakt-Filter "
         "der Seitenleiste.")
scope = replace(f, kontakt=user.kontakt) if mine else f
month, day = f.focus_month(), formats.day(f.stichtag)
# built once per data version and filters; measures changed here stay in their section
view = worklist_editor.kept_in_place(views.arbeitsliste(scope), scope)
sections = view.sections
st.caption((f"Meine Maßnahmen: {markdown_escape(user.kontakt)} · " if mine else "")
           + f"{view.plan} · Stichtag {day} · {filters.filter_caption(scope)}")
SHORT = {worklist.PROBABLY: "vermutlich überfällig"}
with st.container(horizontal=True):  # metrics wrap: no label is cut off
    for label, count in sections.counts().items():
        st.metric(SHORT.get(label, worklist.section_name(label, month)), count, width="content")
st.caption(view.count_line())

# heading, text when empty (None: the section is left out when empty), folded away
HEADINGS = {
    worklist.IN_MONTH: (f"Im {formats.month_long(month)}",
                        f"Im {formats.month_long(month)} ist keine passende Maßnahme geplant.",
                        False),
    worklist.OVERDUE: (f"Überfällig zum Stichtag {day}",
                       f"Zum Stichtag {day} ist keine passende Maßnahme überfällig: erledigt, "
                       "entfallen oder noch nicht fällig.", False),
    worklist.PROBABLY: (f"Vermutlich überfällig zum Stichtag {day} (ungefährer Termin)", None,
                        False),
    worklist.UNDATED: ("Ohne Termin", "Jede passende Maßnahme hat einen Termin im Plan.", False),
    worklist.NOT_YET_DUE: (f"Noch nicht fällig (Termin endet am {day} oder später)", None,
                           True),
    worklist.CLOSED_ELSEWHERE: ("Erledigt oder entfallen (Termine außerhalb des Monats)", None,
                                True),
}
NOTES = {worklist.PROBABLY: "Das Ende dieser Termine ist im Plan nur ungefähr (die Länge des "
                            "Balkens ging in der Vorlage verloren); ob sie vor dem Stichtag "
                            "enden, ist nicht sicher. Sie zählen nicht zu „überfällig“."}


def draw_sections(draw) -> None:
    """Every section in order: a heading (or a folded box, whose table is drawn only while
    it is open) and `draw(label, heading, part)`."""
    for label, part in sections.as_list():
        heading, empty, folded = HEADINGS[label]
        if part.empty and empty is None:
            continue
        box = st.container()
        if folded:
            box = st.expander(f"{heading}: {len(part)}", key=f"abschnitt_{label}",
                              on_change="rerun")
        with box:
            if not folded:
                st.subheader(heading)
            if label in NOTES:
                st.caption(NOTES[label])
            if part.empty:
                st.caption(empty)
            elif not folded or box.open:
                draw(label, heading, part)


def read_only(label: str, heading: str, part) -> None:
    st.dataframe(view.tables[label], hide_index=True, width="stretch", column_config={
        **german.first_columns("Maßnahme", "Termine", "Status"),
        "Werkzeug": st.column_config.TextColumn(width="medium")})


def editable(label: str, heading: str, part) -> None:
    worklist_editor.editor(label, heading, part, view.tables[label])


if not view.massnahmen:
    st.info(f"Bei keinem passenden Werkzeug steht „{markdown_escape(user.kontakt)}“ als Kontakt im "
            "Plan. Schalten Sie „Nur meine Maßnahmen“ aus, um alle zu sehen." if mine else
            "Zu den gewählten Filtern gibt es keine Maßnahme.", icon=":material/filter_alt_off:")
elif not can_record:
    if not settings.public_mode():  # the public view has no login
        st.info("Zum Eintragen bitte anmelden (Rolle „bearbeiter“ oder „admin“).",
                icon=":material/lock:")
    draw_sections(read_only)
else:
    st.caption("Status und neuen Kommentar direkt in der Tabelle ändern (Doppelklick oder "
               "Eingabetaste), dann „Änderungen speichern“. Gespeichert wird jede geänderte Zeile "
               "für sich; hat jemand sie inzwischen geändert, wird sie abgelehnt. Eine geänderte "
               "Maßnahme bleibt bis zum Neuladen in ihrem Abschnitt.")
    with st.form(worklist_editor.FORM):
        draw_sections(editable)
        st.form_submit_button("Änderungen speichern", type="primary",
                              key=worklist_editor.SAVE_BUTTON)
    if st.button("Neu laden (Änderungen anderer übernehmen)",
                 help="Zeigt den gespeicherten Stand; jede Maßnahme steht dann im Abschnitt, "
                      "zu dem sie jetzt gehört."):
        worklist_editor.reload()


@st.fragment  # picking a measure redraws this part only, not the worklist
def verlauf() -> None:
    st.header("Verlauf einer Maßnahme")
    chosen = picker.massnahme(view.picker, "verlauf_auswahl", "Maßnahme")
    if chosen is None:
        return
    shifts = baseline.reasons(data.plan()).get(int(chosen))
    if shifts:  # "2× verschoben, zuletzt: <Grund>"
        st.markdown(f"**Termine:** {markdown_escape(shifts)}")
    history = data.query(queries.status_history, int(chosen))
    if history["plan"].nunique() < 2:  # the plan column only for a measure carried forward
        history = history.drop(columns="plan")
    if history.empty:
        st.caption("Noch kein Status erfasst: die Maßnahme gilt als „offen“.")
    else:
        st.dataframe(history.rename(columns={
            "plan": "Plan", "version": "Version", "status": "Status", "kommentar": "Kommentar",
            "benutzer": "von", "erfasst_am": "erfasst am"}), hide_index=True, width="stretch",
            column_config={"erfasst am": st.column_config.DatetimeColumn(
                format="DD.MM.YYYY HH:mm"), "Plan": st.column_config.NumberColumn(format="%d")})


verlauf()
