"""Indikatoren: what the plan names as measurable, quoted, with values against target."""
import streamlit as st

from pages import _shared as ui
from werkstatt import charts
from werkstatt.indicator_views import indicator_facts, values_table
from werkstatt.text import markdown_escape

f = ui.current_filters()
st.title("Indikatoren")
st.caption(ui.filter_caption(f))
indicators = ui.table("indicators")
tool_ids = ui.matching_tools(f)
indicators = indicators[indicators["werkzeug_id"].isin(tool_ids) |
                        (indicators["werkzeug_id"].isna() & (f.kontakt == "alle"))]
values = ui.table("measurements")
if indicators.empty:
    st.info("Zu den gewählten Filtern nennt der Plan keinen Indikator.",
            icon=":material/filter_alt_off:")

for field, group in indicators.groupby("handlungsfeld", sort=False):
    st.header(field)
    for _, ind in group.iterrows():
        with st.container(border=True):
            st.subheader(ind["name"])
            st.markdown(f"> {markdown_escape(ind['zitat'])}")
            st.caption(f"Werkstattplan, Zeile {ind['zeile']} · Werkzeug: {ind['werkzeug']}")
            st.dataframe(indicator_facts(ind), hide_index=True, width="stretch")
            if isinstance(ind["bemerkung"], str):
                st.caption(f"Anmerkung: {ind['bemerkung']}")
            measured = values[values["indikator_id"] == ind["id"]]
            if ind["art"] == "Kontextzahl":
                st.caption("Kontextzahl: beschreibt die Ausgangslage, wird nicht fortgeschrieben.")
            elif measured.empty:
                st.info("Noch keine Messwerte erfasst. Messwerte tragen angemeldete Bearbeiter "
                        "auf dieser Seite ein (Stichtag, Wert, Kommentar); bis dahin zeigt die "
                        "Seite nur, was der Plan nennt.", icon=":material/pending:")
            else:
                st.plotly_chart(charts.indicator_values(measured, ind["name"], ind["zielwert"],
                                                        ind["basiswert"], ind["einheit"]),
                                key=f"ind-{ind['id']}", config={"displaylogo": False})
                st.dataframe(values_table(measured), hide_index=True, width="stretch")
