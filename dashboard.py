"""Werkstattplan-Dashboard: entry point (navigation, shared sidebar filters, login, config)."""
import streamlit as st

from pages._ui import data, filters, navigation, session
from werkstatt.errors import WerkstattError

navigation.run_entry_script_first()
st.set_page_config(page_title="Werkstattplan-Dashboard", page_icon=":material/event_note:",
                   layout="wide")

# built from the role: a login or logout reruns the app, so the menu follows it
page = st.navigation(navigation.pages_for(session.current_user()))
try:
    data.refresh_data_version()  # once per run: the cached tables follow every write
    user = session.sidebar_login()
    if user is None and session.login_required_for_viewing():
        st.title("Werkstattplan-Dashboard")
        st.info("Bitte melden Sie sich in der Seitenleiste an, um den Plan zu sehen.",
                icon=":material/lock:")
        st.stop()
    filters.sidebar_filters()
except WerkstattError as exc:  # e.g. the database file cannot be built or opened
    st.error(f"Die Daten des Werkstattplans sind nicht verfügbar: {exc}")
    st.stop()
page.run()
