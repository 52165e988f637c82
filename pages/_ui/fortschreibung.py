"""The Fortschreibung page's glue: the target year, the decisions CSV read back, the proposal
per Werkzeug, the Übergang and the CSV download. The proposal is werkstatt.views.fortschreibung
(the command line renders the same object). Only "Plan anlegen" writes
(werkstatt.commands.fortschreiben)."""
from __future__ import annotations

import streamlit as st

from pages._ui import data, forms
from werkstatt import vocab
from werkstatt.commands import decisions, fortschreiben
from werkstatt.errors import ValidationError
from werkstatt.outputs import fortschreibung as rendered
from werkstatt.text import markdown_escape
from werkstatt.views import fortschreibung
from werkstatt.views.fortschreibung import Decision, Fortschreibung
from werkstatt.views.plan_data import PlanData

UPLOAD_LIMIT_MB = decisions.MAX_UPLOAD_BYTES // (1024 * 1024)
EDITS_KEY = "_fortschreibung_edits"  # {measure id: Decision} changed on the page
UPLOAD_LABEL = f"Entscheidungen als CSV (ID;Entscheidung;Grund, höchstens {UPLOAD_LIMIT_MB} MB)"


def target_year(plan: PlanData) -> int:
    year = int(plan.info["jahr"])
    return int(st.number_input("Zieljahr (Jahr des neuen Plans)", min_value=year + 1,
                               max_value=fortschreibung.LAST_YEAR, value=year + 1, step=1,
                               key="fortschreibung_jahr"))


def uploaded_decisions(plan: PlanData) -> dict[int, Decision]:
    """The decisions of an uploaded CSV; a faulty file is refused in German (every bad line
    named) and none of its decisions is used."""
    # no type filter and a higher limit than the parser's: the browser's own refusals are
    # English; read_decisions says it in German
    uploaded = st.file_uploader(UPLOAD_LABEL, max_upload_size=4 * UPLOAD_LIMIT_MB,
                                key="fortschreibung_csv")
    if uploaded is None:
        return {}
    try:
        found = decisions.read_decisions(uploaded.getvalue(), set(plan.massnahme_titel()))
    except ValidationError as exc:
        first, *lines = str(exc).splitlines()
        st.error("\n".join([markdown_escape(first) + "\n", *(
            f"- {markdown_escape(line)}" for line in lines)]) + "\n\nGezeigt wird der "
            "Vorschlag ohne die Datei.", icon=":material/error:")
        return {}
    st.success(f"{len(found)} Entscheidung(en) aus „{markdown_escape(uploaded.name)}“ "
               "übernommen (nur für diese Ansicht, nichts gespeichert).",
               icon=":material/check_circle:")
    return found


def werkzeug_tables(view: Fortschreibung) -> None:
    """Each Werkzeug with whether it goes on and its measures' proposals and decisions."""
    for tool in view.werkzeuge:
        st.subheader(tool.name)
        mark = "✔" if tool.fortgefuehrt else "✗"  # with the words: never the symbol alone
        st.markdown(f"{mark} {markdown_escape(rendered.werkzeug_line(tool, view.nach))} · "
                    f"{markdown_escape(tool.handlungsfeld)}")
        if tool.massnahmen:
            st.dataframe(rendered.measure_table(tool.massnahmen), hide_index=True,
                         width="stretch", column_config={
                             "ID": st.column_config.NumberColumn(format="%d", width="small"),
                             "Maßnahme": st.column_config.TextColumn(width="large")})


def uebergang_section(view: Fortschreibung) -> None:
    passage = view.uebergang
    st.header(passage.title)
    groups = (("übernommen", passage.uebernommen), ("abgeschlossen", passage.abgeschlossen),
              ("entfallen", passage.entfallen))
    with st.container(horizontal=True):
        for label, measures in groups:
            st.metric(label, len(measures))
        st.metric("neu", len(passage.neu), help=f"Maßnahmen, die der Plan {view.nach} ohne "
                                                "Vorgängerin hat (erst nach dem Anlegen)")
        st.metric("Werkzeuge fortgeführt",
                  f"{sum(t.fortgefuehrt for t in view.werkzeuge)} von {len(view.werkzeuge)}")
    st.dataframe(passage.table({t.werkzeug_id: t.name for t in view.werkzeuge}),
                 hide_index=True, width="stretch", key="uebergang_tabelle")


def download_button(view: Fortschreibung) -> None:
    st.download_button("Vorschlag als CSV (zum Bearbeiten und Hochladen)",
                       data=rendered.as_csv(view),
                       file_name=f"fortschreibung-{view.von}-{view.nach}.csv",
                       mime="text/csv", icon=":material/download:", on_click="ignore",
                       help=f"Spalten {';'.join(vocab.DECISION_COLUMNS)} wie oben; die "
                            "Entscheidung ändern, „entfällt“ mit Grund, dann hier hochladen.")


def edit_form(view: Fortschreibung) -> None:
    """Change one measure's decision on the page: kept for this session only (nothing is
    saved), on top of an uploaded file; the CSV download keeps them."""
    st.header("Entscheidung ändern")
    edits: dict[int, Decision] = st.session_state.get(EDITS_KEY, {})
    titles = {m.massnahme_id: f"{m.massnahme_id} – {m.titel}" for m in view.massnahmen}
    with st.form("fortschreibung_aendern", border=True):
        chosen = st.selectbox("Maßnahme", list(titles), format_func=titles.__getitem__,
                              key="fortschreibung_massnahme")
        word = st.selectbox("Entscheidung", vocab.DECISIONS, key="fortschreibung_entscheidung")
        reason = st.text_input(f"Grund (bei „{vocab.DROP}“ nötig)",
                               max_chars=vocab.MAX_REASON, key="fortschreibung_grund")
        submitted = st.form_submit_button("Entscheidung setzen")
    if submitted:
        try:
            changed = fortschreibung.decision(word, reason)
        except ValidationError as exc:
            st.error(markdown_escape(str(exc)), icon=":material/error:")
        else:
            st.session_state[EDITS_KEY] = {**edits, chosen: changed}
            st.rerun()
    if edits:
        st.caption(f"{len(edits)} Entscheidung(en) auf dieser Seite geändert: nur in dieser "
                   "Sitzung, nichts gespeichert; die CSV-Datei oben enthält sie.")
        st.button("Änderungen auf der Seite verwerfen", key="fortschreibung_verwerfen",
                  on_click=lambda: st.session_state.pop(EDITS_KEY, None))


def apply_section(view: Fortschreibung, user: str) -> None:
    """"Plan anlegen": the new plan from these decisions, in one transaction; afterwards the
    old plan is read-only and the sidebar offers the new one."""
    plan = data.plan()
    st.header(f"Plan {view.nach} anlegen")
    if (reason := plan.read_only_reason) is not None:
        st.info(f"{reason}.", icon=":material/lock:")
        return
    st.markdown(f"Legt den Plan {view.nach} mit den Entscheidungen oben an: "
                f"{len(view.uebergang.uebernommen)} Maßnahmen werden übernommen. Danach kann der "
                f"Plan {view.von} nur noch gelesen werden.")
    confirmed = st.checkbox(f"Ja, den Plan {view.von} jetzt fortschreiben",
                            key="fortschreibung_bestaetigt")
    if st.button(f"Plan {view.nach} anlegen", type="primary", disabled=not confirmed,
                 key="fortschreibung_anlegen") and forms.write(
            lambda con: fortschreiben.apply(con, view, int(plan.info["id"]), user=user,
                                            seen_version=data.data_state()[0]),
            f"Plan {view.nach} angelegt (in der Seitenleiste unter „Plan“); der Plan {view.von} "
            "kann nur noch gelesen werden"):
        st.session_state.pop(EDITS_KEY, None)
        st.rerun()


def proposal() -> Fortschreibung | None:
    """The view for the chosen year with the uploaded decisions and those changed on the page
    (these last); None (with the German message) where the year is refused."""
    plan = data.plan()
    nach = target_year(plan)
    chosen = uploaded_decisions(plan) | st.session_state.get(EDITS_KEY, {})
    try:  # cheap (57 measures: a few milliseconds; 5.700: 0,1 s), so not cached
        return fortschreibung.fortschreibung(plan, nach, chosen)
    except ValidationError as exc:
        st.error(markdown_escape(str(exc)), icon=":material/error:")
        return None
