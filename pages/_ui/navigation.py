"""Which pages a user is offered, and dashboard.py running before every page."""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from werkstatt.commands import login

ADMIN_PAGES = {"pages/bearbeiten.py", "pages/aenderungen.py", "pages/sicherung.py",
               "pages/fortschreibung.py"}
RECORDER_PAGES = {"pages/excel_abgleich.py"}  # bearbeiter and admins


def pages_for(user: login.User | None) -> list[st.Page]:
    """Every page; the admin pages are listed only for admins, the recorder pages only for
    bearbeiter and admins. They stay reachable by their address (hidden, not left out), so a
    deep link gets the page's German refusal instead of Streamlit's "page not found"."""
    admin = user is not None and user.can_edit_plan
    recorder = user is not None and user.can_record

    def page(path: str, title: str, icon: str, **options) -> st.Page:
        hidden = (path in ADMIN_PAGES and not admin) or (path in RECORDER_PAGES and not recorder)
        return st.Page(path, title=title, icon=icon, visibility="hidden" if hidden else "visible",
                       **options)

    return [
        page("pages/ueberblick.py", "Überblick", ":material/dashboard:", default=True),
        page("pages/zeitplan.py", "Zeitplan", ":material/view_timeline:"),
        page("pages/fortschritt.py", "Fortschritt", ":material/task_alt:"),
        page("pages/excel_abgleich.py", "Excel-Abgleich", ":material/upload_file:"),
        page("pages/werkzeuge.py", "Werkzeuge", ":material/construction:"),
        page("pages/budget.py", "Budget", ":material/euro:"),
        page("pages/indikatoren.py", "Indikatoren", ":material/monitoring:"),
        page("pages/praesentation.py", "Präsentation", ":material/slideshow:"),
        page("pages/plancheck.py", "Plancheck", ":material/rule:"),
        page("pages/staende.py", "Beschluss und Stände", ":material/history_edu:"),
        page("pages/bearbeiten.py", "Plan bearbeiten", ":material/edit_note:"),
        page("pages/fortschreibung.py", "Fortschreibung", ":material/forward:"),
        page("pages/aenderungen.py", "Änderungen", ":material/history:"),
        page("pages/sicherung.py", "Sicherung", ":material/backup:"),
    ]


def run_entry_script_first() -> None:
    """Make sure this run is a navigation run: dashboard.py (navigation, login, filters) as
    the entry script, then the page. Called first by dashboard.py and by every page.

    Streamlit 1.67 decides per run, before any app code, whether to run the app the legacy
    pages/-folder way: PagesManager.uses_pages_directory is set once per process when a
    pages/ folder sits beside the entry script, and only cleared by st.navigation. So the
    first request after a server start runs the legacy way: dashboard.py as one page of an
    automatic menu, or, for a deep link (/zeitplan), that page alone without dashboard.py.
    AppTest resets the flag before every run, so there every run starts the legacy way.
    No config option turns this off (client.showSidebarNavigation only hides the legacy
    menu); the only supported way is a page folder not named pages/, and this project keeps
    pages/ by design. So: switch to navigation mode (what st.navigation does) and rerun,
    which runs dashboard.py first and then this page."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def keep_navigation_mode_under_apptest() -> None:
    """For tests and benchmarks only. AppTest sets the flag back to None before every run and
    the new PagesManager then finds pages/, so every run would start the legacy way, and
    run_entry_script_first's rerun drops the run's button clicks. Clearing the flag right
    after each PagesManager is made keeps AppTest where a running server is after its first
    request."""
    init = PagesManager.__init__
    if getattr(init, "keeps_navigation_mode", False):
        return

    def init_in_navigation_mode(self, *args, **kwargs) -> None:
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init_in_navigation_mode.keeps_navigation_mode = True  # type: ignore[attr-defined]
    PagesManager.__init__ = init_in_navigation_mode  # type: ignore[method-assign]
