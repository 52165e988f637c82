"""Werkstattplan-Dashboard: domain package (never imports streamlit)."""
