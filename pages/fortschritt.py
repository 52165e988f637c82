"""Fortschritt: what is due in the chosen month or overdue, updated in one go by its owners."""
import streamlit as st

from pages._ui import data, filters, forms, session
from werkstatt import formats, vocab
from werkstatt.commands import inputs, progress
from werkstatt.text import markdown_escape

LIMIT = 60  # rows in one form; more are filtered, not scrolled
f = filters.current_filters()
st.title("Fortschritt")
month = f.monat_date() or f.stichtag.replace(day=1)
rows = data.table("schedule")
rows = rows[rows["werkzeug_id"].isin(filters.matching_werkzeuge(f))]
states = data.massnahme_states(f, month)
st.caption(f"Fällig im {formats.month_long(month)}, überfällig zum Stichtag "
           f"{formats.day(f.stichtag)} · {filters.filter_caption(f)}")
cols = st.columns(3)
cols[0].metric(f"fällig im {formats.month_long(month)}", int(states["faellig"].sum()))
cols[1].metric("überfällig", int(states["ueberfaellig"].sum()))
cols[2].metric("erledigt", int((states["status"] == "erledigt").sum()))
# A row this session's form was sent with input for stays listed even if someone else took
# it off the worklist meanwhile: saving then reports the conflict instead of dropping the input.
sent = [int(mid) for mid, seen in forms.seen_states("status-").items()
        if st.session_state.get(f"status_{mid}", seen["value"]) != seen["value"]
        or st.session_state.get(f"kommentar_{mid}")]
work = data.worklist(f, month, keep=sent)
spans = data.zeitraeume()
user = session.current_user()
if work.empty:
    st.success("Nichts ist fällig oder überfällig.", icon=":material/task_alt:")
elif user is None or not user.can_record:
    st.info("Zum Eintragen bitte anmelden (Rolle „bearbeiter“ oder „admin“).",
            icon=":material/lock:")
    st.dataframe(work.assign(Zeitraum=work["massnahme_id"].map(spans))[
        ["werkzeug", "massnahme", "Zeitraum", "lage", "status", "kommentar"]].rename(columns={
            "werkzeug": "Werkzeug", "massnahme": "Maßnahme", "lage": "Lage", "status": "Status",
            "kommentar": "letzter Kommentar"}), hide_index=True, width="stretch",
        column_config={"Maßnahme": st.column_config.TextColumn(width="large"),
                       "Werkzeug": st.column_config.TextColumn(width="medium")})
else:
    if len(work) > LIMIT:
        st.info(f"{len(work)} Maßnahmen; gezeigt werden die ersten {LIMIT}. Bitte nach Werkzeug, "
                "Kontakt oder Handlungsfeld filtern.")
        work = work.head(LIMIT)
    # What this user saw of each row: saving compares against it, so an untouched row is never
    # saved and a row someone else changed in between is refused (ConflictError), not overwritten.
    seen = {int(i["massnahme_id"]): forms.seen_state(f"status-{int(i['massnahme_id'])}",
                                                     i["status_version"], i["status"])
            for _, i in work.iterrows()}
    with st.form("worklist"):
        head = st.columns([4, 1.6, 3])
        for column, title in zip(head, ("Maßnahme", "Status", "Kommentar"), strict=True):
            column.markdown(f"**{title}**")
        for _, item in work.iterrows():
            mid = int(item["massnahme_id"])
            left, middle, right = st.columns([4, 1.6, 3])
            left.markdown(f"**{markdown_escape(item['massnahme'])}**  \n"
                          f"{markdown_escape(item['werkzeug'])} · {spans.get(mid, '')} · "
                          f"_{item['lage']}_")
            middle.selectbox(f"Status: {markdown_escape(item['massnahme'])}", vocab.STATUSES,
                             key=f"status_{mid}", label_visibility="collapsed",
                             index=vocab.STATUSES.index(seen[mid]["value"]))
            right.text_input(f"Kommentar: {markdown_escape(item['massnahme'])}",
                             key=f"kommentar_{mid}", label_visibility="collapsed",
                             max_chars=inputs.MAX_COMMENT,
                             placeholder=item["kommentar"] if isinstance(item["kommentar"], str)
                             else "neuer Kommentar (optional)")
        submitted = st.form_submit_button("Änderungen speichern", type="primary")
    if submitted:
        entries = [(mid, st.session_state[f"status_{mid}"], st.session_state[f"kommentar_{mid}"],
                    seen[mid]["version"]) for mid in seen
                   if st.session_state[f"status_{mid}"] != seen[mid]["value"]
                   or st.session_state[f"kommentar_{mid}"]]
        titles = dict(zip(work["massnahme_id"], work["massnahme"], strict=False))

        def save_worklist(con) -> None:
            # each row on its own (record_many): report every saved row and every refusal
            results = progress.record_many(con, entries, user=user.name)
            saved = [f"„{titles[mid]}“: {s}" for mid, s, _, _ in entries
                     if isinstance(results[mid], int)]
            if saved:
                forms.flash("success", "Gespeichert: " + "; ".join(saved))
            for mid, outcome in results.items():
                if not isinstance(outcome, int):
                    forms.flash("error", str(outcome))
                forms.forget_state(f"status-{mid}")  # show the state now in the database
                forms.reset_widgets([f"status_{mid}", f"kommentar_{mid}"])

        if forms.write(save_worklist):
            st.rerun()
    if st.button("Neu laden (Änderungen anderer übernehmen)"):
        for mid in seen:
            forms.forget_state(f"status-{mid}")
            forms.reset_widgets([f"status_{mid}", f"kommentar_{mid}"])
        st.rerun()

st.header("Verlauf einer Maßnahme")
options = rows.drop_duplicates("massnahme_id")
labels = dict(zip(options["massnahme_id"], options["werkzeug"] + " › " + options["massnahme"],
                  strict=True))
chosen = st.selectbox("Maßnahme", [None] + list(labels), key="verlauf_auswahl",
                      format_func=lambda m: "– bitte wählen –" if m is None else labels[m])
if chosen is not None:
    history = data.table("status_history", int(chosen))
    if history.empty:
        st.caption("Noch kein Status erfasst: die Maßnahme gilt als „offen“.")
    else:
        st.dataframe(history.rename(columns={"version": "Version", "status": "Status",
                                             "kommentar": "Kommentar", "benutzer": "von",
                                             "erfasst_am": "erfasst am"}),
                     hide_index=True, width="stretch",
                     column_config={"erfasst am": st.column_config.DatetimeColumn(
                         format="DD.MM.YYYY HH:mm")})
