"""Fortschritt: every measure in three sections (the chosen month, overdue from earlier
months, without a date), updated in one go by its owners."""
from dataclasses import replace

import streamlit as st

from pages._ui import data, exchange, filters, forms, picker, session, settings, views
from werkstatt import formats, vocab
from werkstatt.commands import inputs, progress
from werkstatt.text import markdown_escape
from werkstatt.views import worklist

LIMIT = 60  # rows per section in the form; more are filtered, not scrolled
SEEN = "status-"  # forms.seen_state keys: the version and status each row was drawn for
f = filters.current_filters()
st.title("Fortschritt")
exchange.downloads(f, "fortschritt")
user = session.current_user()
can_record = user is not None and user.can_record


def widget_keys(mid: int, version: int) -> tuple[str, str]:
    # keyed by the version the row was drawn for: a newer version is a new widget in the
    # browser, so a value typed for an older version can never be sent again
    return f"status_{mid}_v{version}", f"kommentar_{mid}_v{version}"


def save_worklist() -> None:
    """Save the rows whose input differs from the version they were drawn for (whether or
    not they are still listed); every refusal names the newer state and the refused input."""
    entries = []
    for mid, seen in forms.seen_states(SEEN).items():
        status_key, comment_key = widget_keys(int(mid), seen["version"])
        chosen, comment = st.session_state.get(status_key), st.session_state.get(comment_key)
        if chosen is not None and (chosen != seen["value"] or (comment or "").strip()):
            entries.append((int(mid), chosen, comment or "", seen["version"]))
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
    forms.forget_states(SEEN)  # every row shows the state now stored
    st.rerun()


if can_record and st.session_state.get("worklist_speichern"):
    save_worklist()  # before drawing: a row that left the worklist is still saved or refused

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
            for item in section.itertuples():
                mid = int(item.massnahme_id)
                seen = forms.seen_state(f"{SEEN}{mid}", item.status_version, item.status)
                status_key, comment_key = widget_keys(mid, seen["version"])
                title = markdown_escape(item.massnahme)
                left, middle, right = st.columns([4, 1.6, 3], vertical_alignment="center")
                mark = f" :violet-badge[{worklist.FORTFUEHRUNG}]" if item.fortfuehrung else ""
                left.markdown(f"**{title}**{mark}  \n"
                              f"{markdown_escape(item.werkzeug)} · {item.termine}")
                middle.selectbox(f"Status: {title}", vocab.STATUSES, key=status_key,
                                 label_visibility="collapsed",
                                 index=vocab.STATUSES.index(seen["value"]))
                right.text_input(f"Kommentar: {title}", key=comment_key,
                                 label_visibility="collapsed", max_chars=inputs.MAX_COMMENT,
                                 placeholder=f"zuletzt: {item.kommentar}"
                                 if isinstance(item.kommentar, str) else "Kommentar (optional)")
        st.form_submit_button("Änderungen speichern", type="primary", key="worklist_speichern")
    if st.button("Neu laden (Änderungen anderer übernehmen)"):
        forms.forget_states(SEEN)
        st.rerun()


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
