"""Werkstattplan-Dashboard: entry point (navigation, shared sidebar filters, login, config)."""
import streamlit as st

from pages._ui import (
    backups,
    data,
    filters,
    german,
    login_cookie,
    navigation,
    session,
    settings,
)
from werkstatt.errors import WerkstattError
from werkstatt.text import markdown_escape

navigation.run_entry_script_first()
st.set_page_config(page_title="Werkstattplan-Dashboard", page_icon=":material/event_note:",
                   layout="wide")
german.styles()  # room for a projector's 1024×768; Streamlit's English toolbar hidden
try:
    settings.check()  # a broken secrets file closes the dashboard: read protection never fails open
    login_cookie.check()
except settings.SettingsError as exc:
    message = markdown_escape(str(exc))

    def closed() -> None:
        st.title("Werkstattplan-Dashboard")
        st.error(message, icon=":material/lock:")

    # one hidden page: no menu of the plan's pages, every address shows the message
    st.navigation([st.Page(closed, title="Werkstattplan-Dashboard")], position="hidden").run()
    st.stop()

# built from the role: a login or logout reruns the app, so the menu follows it
# expanded: every page of the role listed, never hidden behind "View more" (15 pages)
page = st.navigation(navigation.pages_for(session.current_user()), expanded=True)
try:
    data.refresh_data_state()  # once per run: the cached tables follow every write
    if problem := data.file_problem():  # deleted or replaced under the running server
        st.error(markdown_escape(problem), icon=":material/error:")
    backups.nightly_backup()
    if session.current_user() is None and settings.login_required_for_viewing():
        session.sidebar_login()
        login_cookie.hand_over()
        german.words()
        st.title("Werkstattplan-Dashboard")
        st.info("Bitte melden Sie sich in der Seitenleiste an, um den Plan zu sehen.",
                icon=":material/lock:")
        st.stop()
    filters.sidebar_filters()
    session.sidebar_login()  # below the filters: the month stays in view at 1024×768
    login_cookie.hand_over()  # the login cookie set or deleted after a login or logout
    german.words()  # Streamlit's remaining English words in German
except WerkstattError as exc:  # e.g. the database file cannot be built or opened
    st.error(markdown_escape(f"Die Daten des Werkstattplans sind nicht verfügbar: {exc}"))
    st.stop()
page.run()
