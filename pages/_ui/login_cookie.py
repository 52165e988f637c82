"""Staying logged in across reloads: the login cookie and the server route that sets it.

Streamlit reads cookies (`st.context.cookies`, sent with the page's connection) but has no way
to set one from a script run. `server.py` serves dashboard.py as an `st.App` (Streamlit's own
ASGI app, 1.67) with two routes of ours: after a password login the page posts a one-time code
(60 s, used once) to `/_werkstatt/sitzung`, and the answer sets the cookie with HttpOnly,
SameSite=Strict and, over HTTPS, Secure: page scripts never see the token. Logout ends the
session in the database at once and posts to `/_werkstatt/abmelden`, which deletes the cookie.
The records and checks are werkstatt.commands.sessions. `streamlit run dashboard.py` still
works, without staying logged in. The county turns it off with `[werkstatt]
angemeldet_bleiben = false`; `angemeldet_bleiben_stunden` sets how long a login holds.
"""
from __future__ import annotations

import secrets
import threading
import time
from urllib.parse import urlsplit

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import config

from pages._ui import data, settings
from werkstatt import vocab
from werkstatt.commands import login, sessions
from werkstatt.errors import WerkstattError

COOKIE = "werkstatt_sitzung"
HANDOVER_SECONDS = 60  # a code not used within a minute is void
MAX_HOURS = 24
_ENABLED, _HOURS = "angemeldet_bleiben", "angemeldet_bleiben_stunden"
_CHECKED = "_sitzung_geprueft"  # the cookie is read once per browser session
_TOKEN = "_sitzung"  # the token of this browser session's login, for the logout
_SEND = "_sitzung_senden"  # ("sitzung", code) or ("abmelden", ""): posted on the next run

_pending: dict[str, tuple[str, float, int]] = {}  # code hash -> (token, deadline, max age)
_lock = threading.Lock()
_mounted = False  # server.py mounted the routes (not under `streamlit run dashboard.py`)


def enabled() -> bool:
    """[werkstatt] angemeldet_bleiben (default true); a wrong type closes the dashboard."""
    value = settings.section(settings.SECTION).get(_ENABLED, True)
    if not isinstance(value, bool):
        raise settings._broken(f"{_ENABLED} muss true oder false sein (ohne "  # its wording
                               f"Anführungszeichen), nicht {value!r}.")
    return value


def hours() -> int:
    """[werkstatt] angemeldet_bleiben_stunden: how long a login holds (default 10, at most 24)."""
    value = settings.section(settings.SECTION).get(_HOURS, sessions.DEFAULT_HOURS)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_HOURS:
        raise settings._broken(f"{_HOURS} muss eine ganze Zahl von 1 bis {MAX_HOURS} sein, "
                               f"nicht {value!r}.")
    return value


def check() -> None:
    """Raise SettingsError if the two settings are of the wrong kind (dashboard.py, first)."""
    enabled()
    hours()


def restore() -> login.User | None:
    """The user of the login cookie, once per browser session (a reload, a bookmark): only
    for an open, unexpired session of an unchanged account; anything else logs nobody in."""
    if st.session_state.get(_CHECKED):
        return None
    st.session_state[_CHECKED] = True
    token = st.context.cookies.get(COOKIE)
    if not token or not enabled():
        return None
    try:
        with data.cursor() as con:
            user = sessions.resume(con, settings.section(vocab.USERS_SECTION), token)
    except WerkstattError:  # the database is unavailable: the page says so, logged out
        return None
    if user is not None:
        st.session_state["_user"] = user
        st.session_state[_TOKEN] = token
    return user


def remember(user: login.User) -> None:
    """After a password login: a session in the database, and on the next run the page asks
    the server for the cookie."""
    if not (_mounted and enabled()):
        return
    with data.writer() as con:
        token = sessions.start(con, settings.section(vocab.USERS_SECTION), user.name,
                               hours=hours())
    code = secrets.token_urlsafe(sessions.TOKEN_BYTES)
    now = time.monotonic()
    with _lock:
        for stale in [key for key, (_, deadline, _) in _pending.items() if deadline < now]:
            del _pending[stale]
        _pending[sessions.digest(code)] = (token, now + HANDOVER_SECONDS, hours() * 3600)
    st.session_state[_TOKEN] = token
    st.session_state[_SEND] = ("sitzung", code)


def forget() -> None:
    """Logout: the session ends now (a copied cookie is worthless from here on); the next run
    asks the server to delete the cookie."""
    token = st.session_state.pop(_TOKEN, None)
    if token:
        with data.writer() as con:
            sessions.end(con, token)
    if _mounted:
        st.session_state[_SEND] = ("abmelden", "")


def hand_over() -> None:
    """At the foot of the sidebar, in the run after a login or logout: the one request that
    lets the server set or delete the cookie. The script holds a one-time code (URL-safe
    letters), no plan or user text."""
    pending = st.session_state.pop(_SEND, None)
    if pending is None:
        return
    route, code = pending
    st.sidebar.html(f"<script>fetch('{_path(route)}', {{method: 'POST', body: '{code}', "
                    "credentials: 'same-origin'});</script>", unsafe_allow_javascript=True,
                    width="content")


# --- the server side (server.py) ------------------------------------------------------------
def _base() -> str:
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def _path(route: str) -> str:
    return f"{_base()}/_werkstatt/{route}"


def _same_origin(request: Request) -> bool:
    """Only the dashboard's own page may ask (a cross-site post is refused)."""
    origin = request.headers.get("origin")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host")


async def _set_cookie(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    code = (await request.body())[:100].decode("ascii", "replace")
    with _lock:
        token, deadline, max_age = _pending.pop(sessions.digest(code), ("", 0.0, 0))
    if not token or deadline < time.monotonic():
        return Response(status_code=404)
    response = Response(status_code=204)
    response.set_cookie(COOKIE, token, max_age=max_age, path=_base() or "/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


async def _delete_cookie(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path=_base() or "/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


def routes() -> list[Route]:
    """The routes server.py mounts beside Streamlit's own."""
    global _mounted
    _mounted = True
    return [Route(_path("sitzung"), _set_cookie, methods=["POST"]),
            Route(_path("abmelden"), _delete_cookie, methods=["POST"])]
