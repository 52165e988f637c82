"""Änderungen: the change history (every write and failed login) in words, filterable, as CSV."""
import streamlit as st

from pages._ui import data, german, session
from werkstatt.views import changes

st.title("Änderungen")
user = session.require_admin("Das Änderungsprotokoll sehen angemeldete Administratoren (es "
                             "enthält auch fehlgeschlagene Anmeldungen).")
log = data.change_log()
if log.empty:
    st.info("Noch keine Änderung: hier erscheint jeder Eintrag mit Zeitpunkt, Benutzer, alter "
            "und neuer Fassung.", icon=":material/history:")
    st.stop()
cols = st.columns(3)
who = cols[0].selectbox("Benutzer", ["alle"] + sorted(log["benutzer"].unique()), key="ae_benutzer",
                        placeholder=german.CHOOSE)
areas = cols[1].multiselect("Bereich", sorted(set(log["tabelle"].map(changes.area))),
                            key="ae_tabelle", placeholder="alle Bereiche")
first, last = log["zeitpunkt"].min().date(), log["zeitpunkt"].max().date()
period = cols[2].date_input("Zeitraum", (first, last), format="DD.MM.YYYY", key="ae_zeitraum")
table = changes.filtered(log, who, areas, period)
shown = changes.readable(table, changes.names_of(data.plan()))
found = german.table_tools(shown, "ae_suche", "aenderungen.csv")
st.caption(f"{len(found)} von {len(log)} Einträgen")
st.dataframe(found, hide_index=True, width="stretch", column_config={
    "Zeitpunkt": st.column_config.TextColumn(width=150),
    "Benutzer": st.column_config.TextColumn(width=90),
    "Plan": st.column_config.TextColumn(width=60),
    "Bereich": st.column_config.TextColumn(width=90),
    "Änderung": st.column_config.TextColumn(width="large")})
