"""Werkstattplan-Dashboard: entry point (navigation, shared sidebar filters, login, config)."""
import streamlit as st

from pages import _shared as ui
from werkstatt.errors import WerkstattError

st.set_page_config(page_title="Werkstattplan-Dashboard", page_icon=":material/event_note:",
                   layout="wide")

PAGES = [
    st.Page("pages/ueberblick.py", title="Überblick", icon=":material/dashboard:", default=True),
    st.Page("pages/zeitplan.py", title="Zeitplan", icon=":material/view_timeline:"),
    st.Page("pages/fortschritt.py", title="Fortschritt", icon=":material/task_alt:"),
    st.Page("pages/werkzeuge.py", title="Werkzeuge", icon=":material/construction:"),
    st.Page("pages/budget.py", title="Budget", icon=":material/euro:"),
    st.Page("pages/indikatoren.py", title="Indikatoren", icon=":material/monitoring:"),
    st.Page("pages/bearbeiten.py", title="Plan bearbeiten", icon=":material/edit_note:"),
    st.Page("pages/aenderungen.py", title="Änderungen", icon=":material/history:"),
]

navigation = st.navigation(PAGES)
try:
    user = ui.sidebar_login()
    if user is None and ui.login_required_for_viewing():
        st.title("Werkstattplan-Dashboard")
        st.info("Bitte melden Sie sich in der Seitenleiste an, um den Plan zu sehen.",
                icon=":material/lock:")
        st.stop()
    ui.sidebar_filters()
except WerkstattError as exc:  # e.g. the database file cannot be built or opened
    st.error(f"Die Daten des Werkstattplans sind nicht verfügbar: {exc}")
    st.stop()
navigation.run()
