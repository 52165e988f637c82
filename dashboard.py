"""Werkstattplan-Dashboard: entry point (navigation, shared sidebar filters, login, config)."""
import streamlit as st

from pages._ui import backups, data, filters, navigation, session, settings
from werkstatt.errors import WerkstattError
from werkstatt.text import markdown_escape

navigation.run_entry_script_first()
st.set_page_config(page_title="Werkstattplan-Dashboard", page_icon=":material/event_note:",
                   layout="wide")
try:
    settings.check()  # a broken secrets file closes the dashboard: read protection never fails open
except settings.SettingsError as exc:
    message = markdown_escape(str(exc))

    def closed() -> None:
        st.title("Werkstattplan-Dashboard")
        st.error(message, icon=":material/lock:")

    # one hidden page: no menu of the plan's pages, every address shows the message
    st.navigation([st.Page(closed, title="Werkstattplan-Dashboard")], position="hidden").run()
    st.stop()

# built from the role: a login or logout reruns the app, so the menu follows it
# expanded: every page of the role listed, never hidden behind "View more" (14 pages)
page = st.navigation(navigation.pages_for(session.current_user()), expanded=True)
try:
    data.refresh_data_state()  # once per run: the cached tables follow every write
    backups.nightly_backup()
    user = session.sidebar_login()
    if user is None and settings.login_required_for_viewing():
        st.title("Werkstattplan-Dashboard")
        st.info("Bitte melden Sie sich in der Seitenleiste an, um den Plan zu sehen.",
                icon=":material/lock:")
        st.stop()
    filters.sidebar_filters()
except WerkstattError as exc:  # e.g. the database file cannot be built or opened
    st.error(markdown_escape(f"Die Daten des Werkstattplans sind nicht verfügbar: {exc}"))
    st.stop()
page.run()
