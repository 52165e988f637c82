"""Budget: amounts as ranges per field and Werkzeug, per period, staff positions, unknowns."""
import streamlit as st

from pages._ui import downloads, filters, german, views
from werkstatt.outputs import charts

CHART_LIMIT = 40  # bars; more are unreadable
f = filters.current_filters()
st.title("Budget")
st.caption(filters.filter_caption(f))
cached = views.budget_view(f, CHART_LIMIT)  # built once per data version and Werkzeug filters
view, chart = cached.view, cached.chart
if not view.werkzeuge:
    st.info("Kein Werkzeug passt zu den gewählten Filtern.", icon=":material/filter_alt_off:")
    st.stop()

with st.container(horizontal=True):  # one sum per period, never added up across periods
    for period, amount in view.totals.headlines or [("", view.totals.headline)]:
        st.metric(f"Summe der genannten Beträge {period}".strip(), amount, width="content")
st.caption(view.totals.caption)

st.header("Genannte Beträge je Werkzeug")
if chart is not None:
    if view.stated > CHART_LIMIT:
        st.caption(f"Das Diagramm zeigt die {CHART_LIMIT} größten von {view.stated} Beträgen; "
                   "die Tabelle enthält alle.")
    st.plotly_chart(chart, key="budget-chart", config=charts.PLOTLY_CONFIG)
    downloads.budget_image_buttons(view, f, key="bild-budget")
else:
    st.info("Für die gewählten Werkzeuge nennt der Plan keinen Betrag.")
shown = german.table_tools(view.table, "budget_suche", "budget.csv")
st.dataframe(shown, hide_index=True, width="stretch",
             column_config=german.first_columns("Betrag", "Zeitbezug"))

st.header("Je Handlungsfeld")
st.dataframe(view.by_field, hide_index=True, width="stretch")

st.header("Werkzeuge ohne bezifferten Betrag")
if view.unknown.empty:
    st.success("Alle gewählten Werkzeuge nennen einen Betrag.")
else:
    st.caption("Diese Werkzeuge gehen mit keinem Betrag in die Summen ein (nicht als 0 €).")
    st.dataframe(view.unknown, hide_index=True, width="stretch")
