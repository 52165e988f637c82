"""Plan bearbeiten (admin): a Werkzeug's fields, its measures and their Termine."""
import streamlit as st

from pages._ui import data, forms, german, session
from werkstatt import formats, vocab
from werkstatt.commands import edits
from werkstatt.text import markdown_escape
from werkstatt.views import baseline

st.title("Plan bearbeiten")
user = session.require_admin("Den Plan ändern angemeldete Administratoren. Status und Messwerte "
                             "tragen Bearbeiter auf den Seiten Fortschritt und Indikatoren ein.")
session.stop_if_read_only()
plan = data.plan()
tools = plan.werkzeuge
names = dict(zip(tools["id"], tools["handlungsfeld"] + " › " + tools["name"], strict=False))
# a title in a success or error message is user text: messages are escaped in forms.write
# a link from the Plancheck opens its Werkzeug (?werkzeug=ID)
wanted = st.query_params.get("werkzeug")
if wanted and wanted.isascii() and wanted.isdigit() and int(wanted) in names \
        and st.session_state.get("_edit_werkzeug_url") != wanted:
    st.session_state["edit_werkzeug"] = int(wanted)
    st.session_state["_edit_werkzeug_url"] = wanted
tool_id = st.selectbox("Werkzeug", list(names), format_func=names.get, key="edit_werkzeug",
                       placeholder=german.CHOOSE)
tool = tools[tools["id"] == tool_id].iloc[0]
first_day, last_day = plan.period
REASON_HELP = (f"Pflicht, höchstens {vocab.MAX_REASON} Zeichen; steht im Zeitplan, in der "
               "Präsentation und im Sachstandsbericht neben der Verschiebung.")

with st.expander("Felder des Werkzeugs"), st.form("werkzeug_felder"):
    key = f"werkzeug-{tool_id}"
    expected = forms.seen_version(key, tool["version"])
    # keyed by Werkzeug and version: another Werkzeug or a newer version gets fresh fields
    values = {field: st.text_area(label, value=tool[field]
                                  if isinstance(tool[field], str) else "",
                                  key=f"feld_{tool_id}_{field}_v{expected}")
              for field, label in edits.TOOL_FIELDS.items()}
    if st.form_submit_button("Felder speichern") and forms.write(
            lambda con: forms.remember_version(key, edits.update_werkzeug(
                con, int(tool_id), values, user=user.name, expected_version=expected)),
            "Werkzeug gespeichert", version_key=key,
            typed="; ".join(f"{label} „{values[field]}“" for field, label in
                            edits.TOOL_FIELDS.items() if values[field] != (
                                tool[field] if isinstance(tool[field], str) else "")) + "."):
        st.rerun()

with st.expander("Ziele des Werkzeugs"), st.form("werkzeug_ziele"):
    key = f"werkzeug-{tool_id}"  # the Werkzeug's version: its fields and goals move it on
    expected = forms.seen_version(key, tool["version"])
    goals = plan.ziele
    goals = goals[goals["ebene"] == vocab.CONCRETE]
    links = plan.table(baseline.ziel_werkzeuge)
    linked = links.loc[links["werkzeug_id"] == tool_id, "ziel_id"].tolist()
    texts = dict(zip(goals["id"], goals["dimension"] + ": " + goals["text"], strict=True))
    chosen_goals = st.multiselect("Dient diesen konkretisierten Zielen", list(texts),
                                  default=linked, format_func=texts.get,
                                  key=f"ziele_{tool_id}_v{expected}", placeholder="keinem")
    if st.form_submit_button("Ziele speichern") and forms.write(
            lambda con: forms.remember_version(key, edits.set_werkzeug_ziele(
                con, int(tool_id), chosen_goals, user=user.name, expected_version=expected)),
            "Ziele gespeichert", version_key=key,
            typed="; ".join(texts[g] for g in chosen_goals) or "keine Ziele"):
        st.rerun()

with st.form("neue_massnahme"):  # emptied after a save only: a refused title stays
    st.markdown("**Neue Maßnahme**")
    title = st.text_input("Titel", max_chars=edits.MAX_TITLE,
                          key=f"neu_titel_n{forms.generation('neue_massnahme')}")
    if st.form_submit_button("Maßnahme anlegen") and forms.write(
            lambda con: edits.add_massnahme(con, int(tool_id), title, user=user.name),
            "Maßnahme angelegt"):
        forms.next_generation("neue_massnahme")
        st.rerun()



def termin_form(termin) -> None:
    """One Termin: change its dates and kind, or delete it (the change history keeps it)."""
    tid = int(termin["termin_id"])
    key = f"termin-{tid}"
    version = forms.seen_version(key, termin["termin_version"])
    with st.form(f"termin_aendern_{tid}"):
        cols = st.columns([2, 2, 2])
        start = cols[0].date_input("Beginn", value=termin["beginn"].date(), min_value=first_day,
                                   max_value=last_day, format="DD.MM.YYYY",
                                   key=f"tb_{tid}_v{version}")
        end = cols[1].date_input("Ende", value=termin["ende"].date(), min_value=first_day,
                                 max_value=last_day, format="DD.MM.YYYY",
                                 key=f"te_{tid}_v{version}")
        kind = cols[2].selectbox("Art", vocab.TERMIN_KINDS, key=f"ta_{tid}_v{version}",
                                 placeholder=german.CHOOSE,
                                 index=vocab.TERMIN_KINDS.index(termin["art"]))
        grund = st.text_input("Grund der Änderung", max_chars=vocab.MAX_REASON,
                              key=f"tg_{tid}_v{version}", help=REASON_HELP)
        buttons = st.container(horizontal=True)  # side by side, never cut at 1024 px
        typed = f"{formats.day(start)} bis {formats.day(end)}, {kind}, Grund „{grund}“."
        if buttons.form_submit_button("Termin ändern") and forms.write(
                lambda con: forms.remember_version(key, edits.change_termin(
                    con, tid, start, end, kind, user=user.name, expected_version=version,
                    grund=grund)), "Termin geändert", version_key=key, typed=typed):
            st.rerun()
        if buttons.form_submit_button("Termin löschen") and forms.write(
                lambda con: edits.delete_termin(con, tid, user=user.name,
                                                expected_version=version, grund=grund),
                "Termin gelöscht", version_key=key, typed=f"löschen, Grund „{grund}“."):
            st.rerun()


rows = plan.schedule
rows = rows[rows["werkzeug_id"] == tool_id]
measures = rows.drop_duplicates("massnahme_id")
if measures.empty:
    st.info("Dieses Werkzeug hat keine Maßnahme.")
for _, measure in measures.iterrows():
    mid = int(measure["massnahme_id"])
    with st.expander(markdown_escape(measure["massnahme"])):
        with st.form(f"titel_{mid}"):
            key = f"massnahme-{mid}"
            expected = forms.seen_version(key, measure["massnahme_version"])
            new_title = st.text_input("Titel", value=measure["massnahme"],
                                      key=f"titel_{mid}_text_v{expected}")
            if st.form_submit_button("Titel speichern") and forms.write(
                    lambda con: forms.remember_version(key, edits.rename_massnahme(
                        con, mid, new_title, user=user.name, expected_version=expected)),
                    "Titel gespeichert", version_key=key, typed=f"„{new_title}“."):
                st.rerun()
        for _, termin in rows[(rows["massnahme_id"] == mid) & rows["termin_id"].notna()].iterrows():
            termin_form(termin)
        with st.form(f"termin_{mid}"):  # emptied after a save only
            cols = st.columns(3)
            n = forms.generation(f"termin_{mid}")
            start = cols[0].date_input("Beginn", value=None, min_value=first_day,
                                       max_value=last_day, format="DD.MM.YYYY",
                                       key=f"b_{mid}_n{n}")
            end = cols[1].date_input("Ende", value=None, min_value=first_day, max_value=last_day,
                                     format="DD.MM.YYYY", key=f"e_{mid}_n{n}")
            kind = cols[2].selectbox("Art", vocab.TERMIN_KINDS, key=f"a_{mid}_n{n}",
                                     placeholder=german.CHOOSE)
            reason = st.text_input("Grund (Pflicht bei Maßnahmen des Beschlusses)",
                                   max_chars=vocab.MAX_REASON, key=f"g_{mid}_n{n}",
                                   help=REASON_HELP)
            if st.form_submit_button("Termin hinzufügen") and forms.write(
                    lambda con: edits.add_termin(con, mid, start, end or start, kind,
                                                 user=user.name, grund=reason),
                    "Termin hinzugefügt"):
                forms.next_generation(f"termin_{mid}")
                st.rerun()
        with st.form(f"entfernen_{mid}"):
            reason = st.text_input("Grund für das Entfernen", max_chars=vocab.MAX_REASON,
                                   key=f"rm_grund_{mid}", help=REASON_HELP)
            if st.form_submit_button("Maßnahme entfernen") and forms.write(
                    lambda con: edits.set_removed(con, mid, True, user=user.name, grund=reason),
                    "Maßnahme entfernt (wiederherstellbar)"):
                st.rerun()

st.header("Entfernte Maßnahmen")
removed = plan.removed_massnahmen
removed = removed[removed["werkzeug_id"] == tool_id]
if removed.empty:
    st.caption("Keine entfernte Maßnahme bei diesem Werkzeug.")
for _, measure in removed.iterrows():
    cols = st.columns([3, 1])
    cols[0].markdown(f"{markdown_escape(measure['titel'])} (entfernt am "
                     f"{formats.day(measure['entfernt_am'].date())})")
    if cols[1].button("Wiederherstellen", key=f"restore_{measure['id']}") and forms.write(
            lambda con: edits.set_removed(con, int(measure["id"]), False, user=user.name),
            "Maßnahme wiederhergestellt"):
        st.rerun()
