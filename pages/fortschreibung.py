"""Fortschreibung (admin): the proposal for carrying the plan into the next year, changed by
an uploaded decisions CSV or on the page; the Übergang and the CSV to download. Nothing is
saved: creating the new plan follows later."""
import streamlit as st

from pages._ui import fortschreibung, session

st.title("Fortschreibung")
session.require_admin("Die Fortschreibung bereiten angemeldete Administratoren vor.")
st.markdown("Vorschlag, was aus jeder Maßnahme im Plan des Zieljahres wird: **übernehmen** "
            "(nicht abgeschlossen und Fortführungszeile, Termine im Zieljahr oder Werkzeug in der "
            "Übersicht für das Zieljahr markiert), **abgeschlossen** (erledigt) oder **entfällt** "
            "(mit Grund). Eine bearbeitete CSV-Datei oder „Entscheidung ändern“ ändert die "
            "Entscheidungen. Es wird nichts gespeichert; das Anlegen des neuen Plans folgt.")
view = fortschreibung.proposal()
if view is None:
    st.stop()
fortschreibung.download_button(view)
fortschreibung.uebergang_section(view)
fortschreibung.edit_form(view)
st.header("Vorschlag je Werkzeug")
fortschreibung.werkzeug_tables(view)
