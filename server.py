"""The dashboard's server: `streamlit run server.py`.

dashboard.py served as Streamlit's own ASGI app (st.App, Streamlit 1.67) with the two routes
that set and delete the login cookie (pages/_ui/login_cookie.py): with them a login holds
across reloads and bookmarks for a working day. `streamlit run dashboard.py` serves the same
pages without them.
"""
import streamlit as st

from pages._ui import login_cookie

app = st.App("dashboard.py", routes=login_cookie.routes())
