"""Fortschreibung (admin): the proposal for carrying the plan into the next year, changed by
an uploaded decisions CSV or on the page; the Übergang and the CSV to download. Nothing is
saved until "Plan anlegen" creates the new plan."""
import streamlit as st

from pages._ui import downloads, fortschreibung, session

st.title("Fortschreibung")
user = session.require_admin("Die Fortschreibung bereiten angemeldete Administratoren vor.")
st.markdown("Vorschlag, was aus jeder Maßnahme im Plan des Zieljahres wird: **übernehmen** "
            "(nicht abgeschlossen und Fortführungszeile, Termine im Zieljahr oder Werkzeug in der "
            "Übersicht für das Zieljahr markiert), **abgeschlossen** (erledigt) oder **entfällt** "
            "(mit Grund). Eine bearbeitete CSV-Datei oder „Entscheidung ändern“ ändert die "
            "Entscheidungen. Gespeichert wird erst mit „Plan anlegen“ unten.")
view = fortschreibung.proposal()
if view is None:
    st.stop()
fortschreibung.download_button(view)
fortschreibung.uebergang_section(view)
fortschreibung.edit_form(view)
st.header("Vorschlag je Werkzeug")
fortschreibung.werkzeug_tables(view)
fortschreibung.apply_section(view, user.name)
st.header("Plan als Dokument")
st.markdown("Der in der Seitenleiste gewählte Plan als Text (liest `init --source` wieder ein) "
            "oder als Word-Datei, z. B. der neue Plan zum Fertigschreiben in Word.")
downloads.plan_document_buttons()
