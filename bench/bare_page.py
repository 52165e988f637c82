"""The benchmarks' reference: a bare Streamlit page that reads the Zeitplan's rows from DuckDB,
draws one plotly Gantt per Handlungsfeld and a table, with the same month selectbox.
What the dashboard's pages are measured against (issue 10: a filter change at most 2×).

Run alone: WERKSTATT_DB=PATH streamlit run bench/bare_page.py
"""
import os

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

GANTT_LIMIT = 40  # measures per chart, as on the Zeitplan (views.GANTT_LIMIT): the same bars
SQL = """
    SELECT m.id AS massnahme_id, m.titel AS massnahme, w.name AS werkzeug,
           coalesce(h.name, 'Querschnitt') AS handlungsfeld, t.beginn, t.ende
    FROM massnahme m JOIN werkzeug w ON w.id = m.werkzeug_id
    LEFT JOIN handlungsfeld h ON h.id = w.handlungsfeld_id
    JOIN termin t ON t.massnahme_id = m.id
    ORDER BY coalesce(h.position, 1e9), w.position, m.position, t.beginn"""


@st.cache_resource
def connection(path: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path)


@st.cache_data
def rows(path: str) -> pd.DataFrame:
    with connection(path).cursor() as con:
        return con.execute(SQL).df()


schedule = rows(os.environ["WERKSTATT_DB"])
months = ["alle"] + [f"2019-{m:02d}" for m in range(1, 13)]
wanted = st.query_params.get("monat")  # a month in the URL, as the dashboard reads it
if wanted in months and st.session_state.get("_url_month") != wanted:
    st.session_state["monat"] = st.session_state["_url_month"] = wanted
month = st.sidebar.selectbox("Monat", months, key="monat")
st.title("Zeitplan (Referenz)")
if month != "alle":
    start = pd.Timestamp(month + "-01")
    end = start + pd.offsets.MonthEnd(0)
    touching = schedule[(schedule["beginn"] <= end) & (schedule["ende"] >= start)]
    schedule = schedule[schedule["massnahme_id"].isin(touching["massnahme_id"])]
for field, group in schedule.groupby("handlungsfeld", sort=False):
    group = group[group["massnahme_id"].isin(group["massnahme_id"].unique()[:GANTT_LIMIT])]
    days = (group["ende"] - group["beginn"]).dt.days + 1
    figure = go.Figure(go.Bar(y=group["massnahme"], x=days * 86_400_000, base=group["beginn"],
                              orientation="h", customdata=group["massnahme_id"]))
    figure.update_layout(title=field, xaxis_type="date", height=200 + 20 * len(group))
    figure.update_yaxes(autorange="reversed")
    st.plotly_chart(figure, key=f"gantt-{field}")
st.dataframe(schedule, hide_index=True)
