"""Who is using the dashboard: secrets, the login box, the current user, admin-only pages."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pages._ui import data, forms, login_cookie, navigation, settings
from werkstatt import text, vocab
from werkstatt.commands import login
from werkstatt.errors import WerkstattError

_secret = settings.section  # a broken secrets file raises SettingsError: never fail open


def current_user() -> login.User | None:
    """The logged-in user: password login, or the identity provider (st.login) if configured.
    Nobody in the public mode."""
    if settings.public_mode():
        return None
    user = st.session_state.get("_user") or login_cookie.restore()  # a reload keeps the login
    if user is None and _secret(vocab.OIDC_SECTION) and getattr(st.user, "is_logged_in", False):
        email = st.user.get("email")  # only the provider's address maps to a role, never a name
        if email:
            role = _secret(vocab.OIDC_ROLES_SECTION).get(str(email), vocab.READER)
            user = login.User(str(email), role if role in vocab.USER_ROLES else vocab.READER)
    return user


def sidebar_login() -> login.User | None:
    """Login box in the sidebar; viewing needs none unless the secrets say so; the public
    mode has none."""
    if settings.public_mode():
        return None
    box = st.sidebar.container(border=True)
    user = current_user()
    if user is not None:
        box.markdown(f"Angemeldet: **{text.markdown_escape(user.name)}** ({user.role})")
        if box.button("Abmelden", key="logout"):
            login_cookie.forget()
            st.session_state.pop("_user", None)
            if _secret(vocab.OIDC_SECTION) and getattr(st.user, "is_logged_in", False):
                st.logout()
            st.rerun()
        return user
    with box.form("login", border=False, clear_on_submit=True):
        st.markdown("**Anmelden** zum Eintragen")
        name = st.text_input("Benutzername", key="login_name", autocomplete="username")
        password = st.text_input("Passwort", type="password", key="login_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Anmelden")
    if submitted:
        try:
            with data.writer() as con:  # the attempt is logged: a write
                st.session_state["_user"] = login.authenticate(
                    con, _secret(vocab.USERS_SECTION), name, password)
        except WerkstattError as exc:
            box.error(text.markdown_escape(str(exc)))  # the typed name is in it
        else:
            login_cookie.remember(st.session_state["_user"])  # for a working day
            st.rerun()  # the navigation and the pages follow the new role
    if _secret(vocab.OIDC_SECTION):
        box.button("Mit Dienstkonto anmelden", key="oidc_login", on_click=st.login)
    return None


def plan_writer() -> login.User | None:
    """The logged-in user while the chosen plan takes writes; for a plan carried forward None
    and, to anyone who could write, the German notice why the page shows no form."""
    user = current_user()
    reason = data.plan().read_only_reason
    if reason is None:
        return user
    if user is not None and user.can_record:
        st.info(f"{reason}.", icon=":material/lock:")
    return None


def stop_if_read_only() -> None:
    """A page that only writes (Plan bearbeiten, Excel-Abgleich): on a plan carried forward
    the German notice, and nothing else."""
    if plan_writer() is None:
        st.stop()


def require_admin(refusal: str) -> login.User:
    """The logged-in admin, or the German refusal and the end of this page's run. The first
    call of every admin page (a deep link reaches them for any role)."""
    return _require(refusal, lambda user: user.can_edit_plan)


def require_recorder(refusal: str) -> login.User:
    """The logged-in bearbeiter or admin, or the German refusal (as require_admin)."""
    return _require(refusal, lambda user: user.can_record)


def _require(refusal: str, allowed: Callable[[login.User], bool]) -> login.User:
    navigation.run_entry_script_first()
    forms.show_messages_from_last_run()
    user = current_user()
    if user is None or not allowed(user):
        st.info(refusal, icon=":material/lock:")
        st.stop()
    return user
