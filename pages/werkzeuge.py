"""Werkzeuge: one profile per Werkzeug, chosen here or linked by URL (?werkzeug=ID)."""
import streamlit as st

from pages._ui import data, exchange, filters, german, views
from werkstatt.outputs import charts
from werkstatt.text import markdown_escape, markdown_paragraphs
from werkstatt.views.profiles import werkzeug_from_query

f = filters.current_filters()
st.title("Werkzeuge")
exchange.ical_button(f)
plan = data.plan()
tools = plan.werkzeuge
visible = tools[tools["id"].isin(plan.werkzeug_ids(f))]
if visible.empty:
    st.info("Kein Werkzeug passt zu den gewählten Filtern. Setzen Sie einen Filter in der "
            "Seitenleiste auf „alle“ zurück.", icon=":material/filter_alt_off:")
    st.stop()

ids = visible["id"].tolist()
wanted, notice = werkzeug_from_query(st.query_params.get("werkzeug"), ids, tools["id"].tolist())
if notice:
    st.warning(markdown_escape(notice), icon=":material/link_off:")
if "werkzeug_wahl" not in st.session_state or st.session_state.get("_werkzeug_url") != wanted:
    st.session_state["werkzeug_wahl"] = wanted if wanted in ids else ids[0]
    st.session_state["_werkzeug_url"] = wanted
if st.session_state["werkzeug_wahl"] not in ids:
    st.session_state["werkzeug_wahl"] = ids[0]
names = dict(zip(visible["id"], visible["handlungsfeld"] + " › " + visible["name"], strict=True))
chosen = st.selectbox("Werkzeug", ids, key="werkzeug_wahl", format_func=names.get,
                      placeholder=german.CHOOSE)
st.query_params["werkzeug"] = str(chosen)
st.session_state["_werkzeug_url"] = chosen
cached = views.werkzeug_profil(chosen, f)  # built once per data version, Werkzeug and month
profil, tool = cached.view, cached.view.werkzeug

st.header(markdown_escape(tool["name"]))
if isinstance(tool["aliase"], str):
    st.caption(markdown_escape(f"In der Übersicht auch: {tool['aliase']}"))
left, right = st.columns([3, 2])
with left:
    for label, column in (("Beschreibung", "beschreibung"), ("Chancen", "chancen"),
                          ("Hauptschwierigkeiten", "schwierigkeiten")):
        st.subheader(label)
        text = tool[column]
        st.markdown(markdown_paragraphs(text) if isinstance(text, str)
                    else "_Im Plan nicht genannt._")
with right:
    facts = {"Handlungsfeld": tool["handlungsfeld"], "Zielgruppe": tool["zielgruppe"],
             "Umsetzungsort": tool["umsetzungsort"], "Beteiligte": tool["beteiligte"],
             "Beteiligte (Übersicht)": tool["beteiligte_uebersicht"],
             "Externe Beratung": tool["externe_beratung"], "Jahre laut Übersicht": tool["jahre"]}
    for label, value in facts.items():
        shown = markdown_paragraphs(value) if isinstance(value, str) else "_nicht genannt_"
        st.markdown(f"**{label}:** {shown}")
    st.subheader("Kontakte")
    for role, people in profil.kontakte.items():
        st.markdown(f"**{role}:** {markdown_escape(people)}")
    st.subheader("Budget")
    budget_text = tool["budget_text"]
    st.markdown("**Text im Plan:** " + (markdown_escape(budget_text)
                                        if isinstance(budget_text, str) else "_keine Angabe_"))
    if profil.budget.empty:
        st.caption("Kein Budgetposten: der Plan nennt keinen Betrag.")
    else:
        st.dataframe(profil.budget, hide_index=True, width="stretch")

st.subheader("Maßnahmen")
if cached.gantt is not None:
    st.plotly_chart(cached.gantt, key="gantt-werkzeug", config=charts.PLOTLY_CONFIG)
st.dataframe(profil.massnahmen, hide_index=True, width="stretch")

st.subheader("Indikatoren")
own = views.indikatoren(f).view.for_werkzeug(chosen)  # the Indikatoren page's Stand
if own.empty:
    st.caption("Der Plan nennt zu diesem Werkzeug keinen Indikator.")
else:
    st.table(own, hide_index=True)  # wraps: no sideways scroll
    st.page_link("pages/indikatoren.py", label="Verlauf und Planzitat auf der Seite Indikatoren",
                 icon=":material/arrow_forward:")

st.subheader("Hinweise aus dem Import")
if profil.import_log.empty:
    st.caption("Der Import hat zu diesem Werkzeug nichts gedeutet.")
else:
    st.caption(markdown_escape(f"Fundstelle: {profil.fundstelle}"))
    st.dataframe(profil.import_log, hide_index=True, width="stretch")
