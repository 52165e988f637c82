"""Änderungen: the change history (every write and failed login), filterable, as CSV."""
import streamlit as st

from pages._ui import data, session
from werkstatt.outputs.csv import to_csv_bytes
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
who = cols[0].selectbox("Benutzer", ["alle"] + sorted(log["benutzer"].unique()), key="ae_benutzer")
tables = cols[1].multiselect("Bereich", sorted(log["tabelle"].unique()), key="ae_tabelle",
                             placeholder="alle Bereiche")
first, last = log["zeitpunkt"].min().date(), log["zeitpunkt"].max().date()
period = cols[2].date_input("Zeitraum", (first, last), format="DD.MM.YYYY", key="ae_zeitraum")
table = changes.filtered(log, who, tables, period)
st.caption(f"{len(table)} von {len(log)} Einträgen")
shown = changes.readable(table)
st.dataframe(shown, hide_index=True, width="stretch")
st.download_button("Als CSV herunterladen", to_csv_bytes(shown),
                   file_name="aenderungen.csv", mime="text/csv")
