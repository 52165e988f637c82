"""Fortschritt: every measure in three sections (the chosen month, overdue from earlier
months, without a date), updated in one go by its owners."""
from dataclasses import replace

import streamlit as st

from pages._ui import data, exchange, filters, picker, session, settings, views, worklist_editor
from werkstatt import formats
from werkstatt.text import markdown_escape
from werkstatt.views import baseline, queries, worklist

f = filters.current_filters()
st.title("Fortschritt")
exchange.downloads(f, "fortschritt")
user = session.current_user()
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
month = f.focus_month()
view = views.arbeitsliste(scope)  # built once per data version and filters
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
    with st.form(worklist_editor.FORM):
        for label, section in sections.as_list():
            heading, empty = HEADINGS[label]
            st.subheader(heading)
            if section.empty:
                st.caption(empty)
            else:
                worklist_editor.editor(label, heading, section, view.tables[label])
        st.form_submit_button("Änderungen speichern", type="primary",
                              key=worklist_editor.SAVE_BUTTON)
    if st.button("Neu laden (Änderungen anderer übernehmen)"):
        worklist_editor.start_over()


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
    if history.empty:
        st.caption("Noch kein Status erfasst: die Maßnahme gilt als „offen“.")
    else:
        st.dataframe(history.rename(columns={
            "version": "Version", "status": "Status", "kommentar": "Kommentar",
            "benutzer": "von", "erfasst_am": "erfasst am"}), hide_index=True, width="stretch",
            column_config={"erfasst am": st.column_config.DatetimeColumn(
                format="DD.MM.YYYY HH:mm")})


verlauf()
