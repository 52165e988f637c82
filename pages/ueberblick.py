"""Überblick: plan, key figures, goal catalogue, one card per field of action."""
import streamlit as st

from pages._ui import data, downloads, filters, views
from werkstatt import formats, vocab
from werkstatt.text import markdown_escape, markdown_paragraphs

CARD_LIMIT = 24  # Werkzeug links per field card
f = filters.current_filters()
plan = data.plan()
info = plan.info
st.title(markdown_escape(info["titel"]))
st.caption(f"Beschlossener Stand: {formats.day(info['stand'])} · {filters.filter_caption(f)}")
downloads.handout_button(f)
downloads.report_buttons(f)
downloads.plan_document_buttons()

month = f.focus_month()
view = views.ueberblick(f)  # built once per data version and filters
totals = views.budget_view(f, 0).view.totals

with st.container(horizontal=True):  # the figures wrap on a narrow screen: no label is cut
    st.metric("Werkzeuge", view.werkzeuge, width="content")
    st.metric("Maßnahmen", view.massnahmen, width="content")
    st.metric(f"aktiv im {formats.month_long(month)}", view.aktiv, width="content")
    st.metric("Maßnahmen ohne Termin", view.ohne_termin, width="content")
    st.metric("ohne Termin und ohne Status", view.ohne_termin_ohne_status, width="content",
              help="Maßnahmen ohne Termin, für die noch niemand einen Status eingetragen hat "
                   "(Seite Fortschritt, Abschnitt „Ohne Termin“).")
with st.container(horizontal=True):  # one sum per period, never added up across periods
    for period, amount in totals.headlines or [("", totals.headline)]:
        st.metric(f"Budget: Summe der genannten Beträge {period}".strip(), amount,
                  width="content")
st.caption(totals.caption)

st.subheader(f"Stand je Handlungsfeld zum {formats.day(f.stichtag)}")
st.dataframe(view.stand, hide_index=True, width="stretch")
st.caption("Überfällig: letzter Termin vor dem Stichtag, weder erledigt noch entfallen. "
           "Den Status tragen die Verantwortlichen auf der Seite Fortschritt ein.")

st.subheader(f"Indikatoren je Handlungsfeld zum {formats.day(f.stichtag)}")
indicators = views.indikatoren(f).view  # the Indikatoren page's figures
if indicators:
    st.table(indicators.stand_table(), hide_index=True)  # wraps: no sideways scroll
    st.page_link("pages/indikatoren.py", label="Indikatoren: Stand, Verlauf und Planzitat",
                 icon=":material/arrow_forward:")
else:
    st.caption("Zu den gewählten Filtern nennt der Plan keinen Indikator.")
treue = views.termintreue_view(f)  # against the adopted months, never today's
check = views.plancheck_view(f)
st.subheader(f"Termintreue zum {formats.day(f.stichtag)}")
cols = st.columns([2, 1])
if treue is not None:
    cols[0].metric("Termintreue laut Beschluss: erledigt von fällig", treue.gesamt.text,
                   help="Maßnahmen, deren Monate laut Beschluss bis zum Stichtag endeten "
                        "(ungefähre Balken mit ihrem gedeuteten Ende), und wie viele davon "
                        "erledigt sind. Eine Verschiebung ändert die Zahl nicht.")
    st.dataframe(treue.table(), hide_index=True, width="stretch")
    if not treue.ausgenommen.empty:
        st.caption("Nicht mitgezählt, weil entfallen oder seit dem Beschluss entfernt:")
        st.dataframe(treue.ausgenommen, hide_index=True, width="stretch")
cols[1].metric("Plancheck: Befunde", len(check.findings),
               help="Unvollständiges oder Widersprüchliches im Plan (Hinweise, keine Fehler).")
cols[1].page_link("pages/plancheck.py", label="Plancheck öffnen", icon=":material/rule:")

with st.expander("Einleitung des Plans"):
    st.markdown(markdown_paragraphs(info["einleitung"]) or "Keine Einleitung im Dokument.")

st.header("Zielkatalog")
goals = views.zielkatalog(f)  # each concrete goal with the Werkzeuge serving it


def goal_line(goal) -> str:
    line = f"- {markdown_escape(goal.text)}"
    if goal.ebene != vocab.CONCRETE:
        return line
    if not goal.werkzeuge:
        return line + "\n  - _noch kein Werkzeug zugeordnet_"
    return line + "".join(f"\n  - {markdown_escape(b.text)}" for b in goal.werkzeuge)


for level, title in zip(vocab.GOAL_LEVELS, ("Übergeordnete Ziele", "Konkretisierte Ziele"),
                        strict=True):
    st.subheader(title)
    level_goals = [g for g in goals if g.ebene == level]
    dims = list(dict.fromkeys(g.dimension for g in level_goals))
    for col, dim in zip(st.columns(len(dims)), dims, strict=True):
        # one element per column: a run draws every element again
        col.markdown(f"**{dim}**\n\n" + "\n".join(
            goal_line(g) for g in level_goals if g.dimension == dim))
st.caption("Unter jedem konkretisierten Ziel: die Werkzeuge, die ihm dienen, und wie weit sie "
           "sind (zuordnen: Plan bearbeiten, Administratoren).")

st.header("Handlungsfelder")
fields = plan.handlungsfelder
groups = [(row["name"], row["beschreibung"]) for _, row in fields.iterrows()]
groups.append((vocab.CROSS_CUTTING, "Werkzeuge, die zu keinem Handlungsfeld gehören."))
for name, description in groups:
    with st.container(border=True):
        st.subheader(markdown_escape(name))
        members = view.karten.get(name, [])
        with st.expander("Beschreibung"):
            st.markdown(markdown_paragraphs(description) or "Keine Beschreibung im Plan.")
        if not members:
            st.info("Kein Werkzeug passt zu den gewählten Filtern.")
        columns = st.columns(2)
        for index, (tool_id, tool_name) in enumerate(members[:CARD_LIMIT]):
            columns[index % 2].page_link(
                "pages/werkzeuge.py", label=markdown_escape(tool_name),
                icon=":material/arrow_forward:",
                query_params={"werkzeug": str(tool_id)}, width="stretch")
        if len(members) > CARD_LIMIT:
            st.caption(f"… und {len(members) - CARD_LIMIT} weitere auf der Seite Werkzeuge.")
