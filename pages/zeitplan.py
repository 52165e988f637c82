"""Zeitplan: a Gantt per field of action, the same facts as a table, measures without a date."""
import streamlit as st

from pages._ui import data, downloads, exchange, filters, german, picker, views
from werkstatt import formats
from werkstatt.outputs import charts
from werkstatt.text import markdown_escape
from werkstatt.views import baseline, schedule, vergleich
from werkstatt.views.zeitplan import GANTT_LIMIT

f = filters.current_filters()
st.title("Zeitplan")
st.caption(f"Stichtag {formats.day(f.stichtag)} (für „überfällig“) · "
           f"{filters.filter_caption(f)}")
downloads.handout_button(f)
exchange.downloads(f, "zeitplan")
chosen_status = filters.status_filter()  # kept in the URL
compare_with, only_changed = filters.comparison_choice()  # kept in the URL too
# built once per data version, filters and comparison
cached = views.zeitplan(f, chosen_status, compare_with=compare_with, only_changed=only_changed)
view, found = cached.view, cached.vergleich
if found is not None:
    st.markdown(markdown_escape(found.legend) + " · grauer Balken unter einem Balken: die Monate "
                + markdown_escape(found.baseline.column) + " (nur wo sie abweichen)")

if not cached.gantts:
    st.info("Keine datierte Maßnahme passt zu den gewählten Filtern. Wählen Sie in der "
            "Seitenleiste einen anderen Monat oder „alle“.", icon=":material/filter_alt_off:")
for gantt, figure in cached.gantts:
    field = gantt.handlungsfeld
    if gantt.total > GANTT_LIMIT:
        st.info(f"Das Diagramm „{markdown_escape(field)}“ zeigt die ersten {GANTT_LIMIT} "
                f"von {gantt.total} Maßnahmen. Filtern Sie nach Monat, Kontakt oder Handlungsfeld; "
                "die Tabelle unten enthält alle.", icon=":material/info:")
    event = st.plotly_chart(figure, key=f"gantt-{field}", on_select="rerun",
                            selection_mode="points", config=charts.PLOTLY_CONFIG)
    downloads.gantt_image_buttons(gantt, f, key=f"bild-{field}")
    clicked = [p["customdata"][0] for p in (event.selection.points if event else [])]
    # a chart keeps its selection across reruns: apply a click once, not on every rerun
    if clicked and clicked != st.session_state.get(f"_clicked-{field}"):
        st.session_state["massnahme_auswahl"] = clicked[0]
    st.session_state[f"_clicked-{field}"] = clicked

st.header("Maßnahmen als Tabelle")
if found is not None:
    st.caption("Verschiebung (Monate): um so viele Monate liegt das Ende jetzt später (+) oder "
               "früher (−) als " + markdown_escape(found.baseline.column) + ".")
shown = german.table_tools(cached.table, "zeitplan_suche", "zeitplan.csv", csv=cached.csv)
st.dataframe(shown, hide_index=True, width="stretch", column_config=german.first_columns(
    "Maßnahme", "Zeitraum" if found is None else vergleich.NOW, "Status"))

st.header("Maßnahmen ohne Termin")
if view.undated.empty:
    st.success("Alle passenden Maßnahmen haben einen Termin.")
else:
    st.caption("Der Plan nennt für diese Maßnahmen keinen Monat; sie gehören zu keinem "
               "Monatsfilter.")
    st.dataframe(view.undated, hide_index=True, width="stretch")


@st.fragment  # picking a measure redraws this part only, not every Gantt
def details() -> None:
    st.header("Details einer Maßnahme")
    chosen = picker.massnahme(view.picker, "massnahme_auswahl",
                              "Maßnahme (oder einen Balken im Diagramm anklicken)")
    if chosen is None:
        return
    plan = data.plan()
    termine = plan.schedule[plan.schedule["massnahme_id"] == chosen]
    first = termine.iloc[0]
    with st.container(border=True):
        st.markdown(f"**{markdown_escape(first['massnahme'])}**")
        st.markdown(markdown_escape(f"Werkzeug: {first['werkzeug']} · Handlungsfeld: "
                                    f"{first['handlungsfeld']}"))
        st.markdown(markdown_escape("Kontakte: " + (plan.kontakte_by_werkzeug().get(
            int(first["werkzeug_id"])) or "keine genannt")))
        st.dataframe(schedule.termin_table(termine), hide_index=True, width="stretch")
        shifts = baseline.reasons(plan).get(int(chosen))
        if shifts:
            st.markdown(markdown_escape(shifts))


details()
