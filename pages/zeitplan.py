"""Zeitplan: a Gantt per field of action, the same facts as a table, measures without a date."""
import streamlit as st

from pages._ui import data, downloads, exchange, filters
from werkstatt.outputs import charts
from werkstatt.outputs.csv import to_csv_bytes
from werkstatt.text import markdown_escape
from werkstatt.views import schedule, status

GANTT_LIMIT = 150  # measures per chart; more is unreadable on a projector and slow
f = filters.current_filters()
st.title("Zeitplan")
st.caption(filters.filter_caption(f))
downloads.handout_button(f)
exchange.downloads(f, "zeitplan")
werkzeug_ids = filters.matching_werkzeuge(f)
all_rows = data.table("schedule")
chosen_status = filters.status_filter()  # kept in the URL
rows, states = status.zeitplan_rows(all_rows, werkzeug_ids, f, chosen_status)  # as in the handout
months = data.plan_monate()
contacts = filters.kontakte_by_werkzeug()

dated = rows[rows["termin_id"].notna()]
if dated.empty:
    st.info("Keine datierte Maßnahme passt zu den gewählten Filtern. Wählen Sie in der "
            "Seitenleiste einen anderen Monat oder „alle“.", icon=":material/filter_alt_off:")
for field, group in dated.groupby("handlungsfeld", sort=False):
    shown, total = schedule.first_massnahmen(group, GANTT_LIMIT)
    if total > GANTT_LIMIT:
        st.info(f"Das Diagramm „{markdown_escape(field)}“ zeigt die ersten {GANTT_LIMIT} von "
                f"{total} Maßnahmen. Filtern Sie nach Monat, Kontakt oder Handlungsfeld; die "
                "Tabelle unten enthält alle.", icon=":material/info:")
    figure = charts.gantt(shown, months, f.stichtag, title=field, highlight=f.monat_date())
    event = st.plotly_chart(figure, key=f"gantt-{field}", on_select="rerun",
                            selection_mode="points", config=charts.PLOTLY_CONFIG)
    downloads.chart_buttons(figure, f"zeitplan-{field}", key=f"bild-{field}")
    clicked = [p["customdata"][0] for p in (event.selection.points if event else [])]
    # a chart keeps its selection across reruns: apply a click once, not on every rerun
    if clicked and clicked != st.session_state.get(f"_clicked-{field}"):
        st.session_state["massnahme_auswahl"] = clicked[0]
    st.session_state[f"_clicked-{field}"] = clicked

st.header("Maßnahmen als Tabelle")
measures = schedule.massnahme_table(rows, contacts)  # dated and undated: the table and the details
table = measures[measures["Beginn"].notna()].merge(status.status_columns(states),
                                                   on="massnahme_id", how="left")
st.dataframe(table.drop(columns=["massnahme_id", "Beginn", "Ende"]), hide_index=True,
             width="stretch")
st.download_button("Tabelle als CSV herunterladen", to_csv_bytes(table),
                   file_name="zeitplan.csv", mime="text/csv")

st.header("Maßnahmen ohne Termin")
undated = schedule.undated(all_rows[all_rows["werkzeug_id"].isin(werkzeug_ids)])
if undated.empty:
    st.success("Alle passenden Maßnahmen haben einen Termin.")
else:
    st.caption("Der Plan nennt für diese Maßnahmen keinen Monat; sie gehören zu keinem "
               "Monatsfilter.")
    st.dataframe(schedule.massnahme_table(undated, contacts)[["Werkzeug", "Maßnahme", "Hinweis",
                                                            "Kontakte"]],
                 hide_index=True, width="stretch")

st.header("Details einer Maßnahme")
options = [None] + measures["massnahme_id"].tolist()
if st.session_state.get("massnahme_auswahl") not in options:
    st.session_state["massnahme_auswahl"] = None
labels = dict(zip(measures["massnahme_id"], measures["Werkzeug"] + " › " + measures["Maßnahme"],
                  strict=True))
chosen = st.selectbox("Maßnahme (oder einen Balken im Diagramm anklicken)", options,
                      key="massnahme_auswahl", format_func=lambda m: "– bitte wählen –"
                      if m is None else labels[m])
if chosen is not None:
    termine = all_rows[all_rows["massnahme_id"] == chosen]
    first = termine.iloc[0]
    with st.container(border=True):
        st.markdown(f"**{markdown_escape(first['massnahme'])}**")
        st.markdown(markdown_escape(f"Werkzeug: {first['werkzeug']} · Handlungsfeld: "
                                    f"{first['handlungsfeld']}"))
        st.markdown(markdown_escape("Kontakte: " + (contacts.get(int(first["werkzeug_id"]))
                                                    or "keine genannt")))
        st.dataframe(schedule.termin_table(termine), hide_index=True, width="stretch")
