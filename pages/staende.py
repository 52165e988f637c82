"""Beschluss und Stände: the adopted plan and the Stände frozen since; admins freeze the
current plan under a name (never edited afterwards)."""
import streamlit as st

from pages._ui import data, forms, session
from werkstatt import formats
from werkstatt.commands import staende
from werkstatt.text import markdown_escape
from werkstatt.views import baseline

st.title("Beschluss und Stände")
st.markdown("Der **Beschluss** ist der Plan, wie der Kreistag ihn beschlossen hat; ein **Stand** "
            "ist der Plan, wie er an einem Tag war (z. B. für einen Sachstandsbericht). Beide "
            "werden nie geändert. Der Zeitplan vergleicht den heutigen Plan mit jedem von ihnen.")
plan = data.plan()
rows = plan.table(baseline.staende)
for found, row in zip(baseline.baselines(plan), rows.itertuples(), strict=True):
    with st.container(border=True):
        cols = st.columns([3, 1], vertical_alignment="center")
        cols[0].markdown(f"**{markdown_escape(found.label)}**  \n" + markdown_escape(
            f"{row.art} · angelegt am {formats.moment(row.angelegt_am.to_pydatetime())} von "
            f"{row.angelegt_von} · {row.herkunft}"))
        cols[1].page_link("pages/zeitplan.py", label="im Zeitplan vergleichen",
                          query_params={"vergleich": found.key}, icon=":material/compare:")

user = session.plan_writer()
if user is not None and user.can_edit_plan:
    st.header("Aktuellen Plan als Stand einfrieren")
    with st.form("stand_anlegen"):
        n = forms.generation("stand_anlegen")
        name = st.text_input("Name", max_chars=staende.MAX_NAME, key=f"stand_name_{n}",
                             placeholder="z. B. Sachstand Juni 2019")
        drucksache = st.text_input("Drucksache (optional)", max_chars=staende.MAX_DRUCKSACHE,
                                   key=f"stand_ds_{n}")
        if st.form_submit_button("Stand einfrieren", type="primary") and forms.write(
                lambda con: staende.create_stand(con, name, user=user.name,
                                                 drucksache=drucksache,
                                                 plan_id=int(plan.info["id"])),
                f"Stand „{name}“ eingefroren"):
            forms.next_generation("stand_anlegen")
            st.rerun()
else:
    st.caption("Einen Stand einfrieren angemeldete Administratoren.")
