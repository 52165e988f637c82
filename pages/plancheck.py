"""Plancheck: what is incomplete or inconsistent in the plan, as warnings that never block,
each linked to where it is fixed."""
import streamlit as st

from pages._ui import filters, views
from werkstatt import formats
from werkstatt.text import markdown_escape
from werkstatt.views.plancheck import RULES

SHOWN = 25  # links per rule; the table below each lists every finding
PAGES = {"werkzeuge": ("pages/werkzeuge.py", "Werkzeug-Profil"),
         "bearbeiten": ("pages/bearbeiten.py", "Plan bearbeiten (Admin)"),
         "indikatoren": ("pages/indikatoren.py", "Indikatoren"),
         "fortschritt": ("pages/fortschritt.py", "Fortschritt")}

f = filters.current_filters()
st.title("Plancheck")
check = views.plancheck_view(f)
st.caption(f"Stichtag {formats.day(check.stichtag)} · {filters.filter_caption(f)} · Hinweise, "
           "die nichts blockieren: je Werkzeug, Maßnahme, Indikator oder Ziel ein Befund.")
counts = check.counts()
st.metric("Befunde", len(check.findings))
st.dataframe([{"Regel": label, "Befunde": counts[rule], "Kennung": rule}
              for rule, label in RULES.items()], hide_index=True, width="stretch",
             height=35 * (len(RULES) + 1) + 3)  # every rule in view, no inner scrolling

for rule, label in RULES.items():
    found = [finding for finding in check.findings if finding.regel == rule]
    if not found:
        continue
    with st.expander(f"{label} ({len(found)})"):
        for finding in found[:SHOWN]:
            page, where = PAGES[finding.seite]
            query = {"werkzeug": str(finding.werkzeug)} if finding.werkzeug is not None \
                and finding.seite in ("werkzeuge", "bearbeiten") else None
            cols = st.columns([3, 1], vertical_alignment="center")
            cols[0].markdown(markdown_escape(finding.text))
            cols[1].page_link(page, label=f"beheben: {where}", query_params=query,
                              icon=":material/arrow_forward:")
        if len(found) > SHOWN:
            st.caption(f"… und {len(found) - SHOWN} weitere, alle in der Tabelle:")
            st.dataframe([{"Befund": x.text} for x in found], hide_index=True, width="stretch")
