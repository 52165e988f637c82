"""Budget: amounts as ranges per field and Werkzeug, per period, staff positions, unknowns."""
import streamlit as st

from pages._ui import data, downloads, filters
from werkstatt.outputs import charts
from werkstatt.views import budget

CHART_LIMIT = 40  # bars; more are unreadable
f = filters.current_filters()
st.title("Budget")
st.caption(filters.filter_caption(f))
werkzeug_ids = filters.matching_werkzeuge(f)
tools = data.table("werkzeuge")
tools = tools[tools["id"].isin(werkzeug_ids)]
items = data.table("budget_items")
items = items[items["werkzeug_id"].isin(werkzeug_ids)]
if tools.empty:
    st.info("Kein Werkzeug passt zu den gewählten Filtern.", icon=":material/filter_alt_off:")
    st.stop()

totals = budget.totals(items, tools)
st.metric(f"Summe der genannten {totals.headline_label}", totals.headline)
st.caption(totals.caption)

st.header("Genannte Beträge je Werkzeug")
stated = items["betrag_max"].notna().sum()
if stated:
    if stated > CHART_LIMIT:
        st.caption(f"Das Diagramm zeigt die {CHART_LIMIT} größten von {stated} Beträgen; die "
                   "Tabelle enthält alle.")
    figure = charts.budget_ranges(items, CHART_LIMIT)
    st.plotly_chart(figure, key="budget-chart", config=charts.PLOTLY_CONFIG)
    downloads.chart_buttons(figure, "budget", key="bild-budget")
else:
    st.info("Für die gewählten Werkzeuge nennt der Plan keinen Betrag.")
st.dataframe(budget.item_table(items), hide_index=True, width="stretch")

st.header("Je Handlungsfeld")
st.dataframe(budget.handlungsfeld_table(items), hide_index=True, width="stretch")

st.header("Werkzeuge ohne bezifferten Betrag")
unknown = budget.unquantified_werkzeuge(items, tools)
if unknown.empty:
    st.success("Alle gewählten Werkzeuge nennen einen Betrag.")
else:
    st.caption("Diese Werkzeuge gehen mit keinem Betrag in die Summen ein (nicht als 0 €).")
    st.dataframe(unknown, hide_index=True, width="stretch")
