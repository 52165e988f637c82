"""Excel-Abgleich (bearbeiter, admin): a filled-in Excel export read back, every change shown
before it is saved."""
import streamlit as st

from pages._ui import exchange, session

st.title("Excel-Abgleich")
user = session.require_recorder("Ausgefüllte Excel-Dateien lesen angemeldete Bearbeiter und "
                                "Administratoren ein. Die Datei zum Ausfüllen gibt es auf den "
                                "Seiten Fortschritt und Zeitplan für alle.")
session.stop_if_read_only()
exchange.excel_import_section(user)
