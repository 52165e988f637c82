"""The sidebar filters shared by the pages, kept in the URL so a view can be bookmarked."""
from __future__ import annotations

import streamlit as st

from pages._ui import data, forms, german, navigation
from werkstatt import formats, text, vocab
from werkstatt.views import baseline
from werkstatt.views import filters as flt

FILTER_KEYS = ("monat", "kontakt", "handlungsfeld", "ort", "zielgruppe", "stichtag")
_FOLLOWED = "_stichtag_gefolgt"  # the Stichtag the month gave last run (not chosen by hand)


def plan_choice() -> list[str]:
    """The sidebar's "Plan" (URL `?plan=2020`; default, and left out of the URL: the newest),
    shown when the database holds more than one plan; every read of the run is of it (see
    data.choose_plan). Returns the notice for a plan the URL names that is not there."""
    found = data.plans()
    newest = int(found["id"].iloc[0])
    by_id = {int(row.id): row for row in found.itertuples()}
    notices: list[str] = []
    incoming = st.query_params.get("plan")  # a page switch clears the URL: the choice stays
    if incoming is not None and incoming != st.session_state.get("_written_plan"):
        of_year = found[found["jahr"].astype(str) == incoming]
        if of_year.empty:
            notices.append("Den Plan aus der Adresse gibt es in der Datenbank nicht; gezeigt "
                           f"wird der neueste, {by_id[newest].titel}.")
        st.session_state["plan"] = newest if of_year.empty else int(of_year["id"].iloc[0])
    if st.session_state.get("plan") not in by_id:
        st.session_state["plan"] = newest  # a plan gone meanwhile (restored backup)
    if len(found) > 1:
        st.sidebar.selectbox(
            "Plan", list(by_id), key="plan",
            format_func=lambda i: f"{by_id[i].jahr} – {by_id[i].kreis}",
            help="Der Plan, den alle Seiten, Filter und Downloads zeigen.")
    chosen = int(st.session_state["plan"])
    if chosen != st.session_state.get("_shown_plan", chosen):
        for key in FILTER_KEYS:  # months, contacts and fields are the other plan's
            st.session_state.pop(key, None)
            st.query_params.pop(key, None)
        st.session_state.pop("_written_query", None)
    st.session_state["_shown_plan"] = chosen
    if chosen == newest:
        st.query_params.pop("plan", None)
    else:
        st.query_params["plan"] = str(by_id[chosen].jahr)
    st.session_state["_written_plan"] = st.query_params.get("plan")
    data.choose_plan(None if chosen == newest else chosen)
    return notices


def sidebar_filters() -> flt.Filters:
    """Render the shared filters; URL -> widgets when the URL brings new values, widgets -> URL
    always (page switches clear the URL, so it is written back on every run)."""
    notices = plan_choice()
    plan = data.plan()
    choices, default_day = plan.choices(), plan.default_stichtag()
    incoming = {k: v for k, v in st.query_params.to_dict().items() if k in FILTER_KEYS}
    if incoming and incoming != st.session_state.get("_written_query"):
        parsed, bad = flt.from_query(incoming, choices, default_day)
        notices += bad
        for key in FILTER_KEYS:
            st.session_state[key] = getattr(parsed, key)
        st.session_state[_FOLLOWED] = flt.stichtag_for(parsed.monat, default_day)
    if st.session_state.get("monat") not in (None, *choices.monate):
        st.session_state["monat"] = None  # a month the plan lost (data changed meanwhile)
    for key, allowed in (("kontakt", choices.kontakte),
                         ("handlungsfeld", choices.handlungsfeld_values())):
        if st.session_state.get(key, flt.ALL) not in (flt.ALL, *allowed):
            st.session_state[key] = flt.ALL
    sidebar = st.sidebar
    sidebar.header("Filter")
    monat = sidebar.selectbox(
        "Monat", [None, *choices.monate], key="monat",
        format_func=lambda m: "alle Monate" if m is None else formats.month_long(m),
        placeholder="alle Monate",  # None from a URL counts as "nothing chosen" to Streamlit
        help="Zeigt Maßnahmen, deren Termin diesen Monat berührt.")
    kontakt = sidebar.selectbox(
        "Kontakt", [flt.ALL, *choices.kontakte], key="kontakt", placeholder=german.CHOOSE,
        format_func=lambda k: "alle Kontakte" if k == flt.ALL else k,
        help="Personen, Stellen und externe Partner aus dem Plan, in jeder Rolle.")
    feld = sidebar.selectbox(
        "Handlungsfeld", [flt.ALL, *choices.handlungsfeld_values()], key="handlungsfeld",
        placeholder=german.CHOOSE,
        format_func=lambda f: {flt.ALL: "alle Handlungsfelder",
                               vocab.CROSS_CUTTING: "Querschnitt (ohne Handlungsfeld)"}.get(f, f))
    ort = sidebar.text_input("Umsetzungsort enthält", key="ort", max_chars=flt.MAX_TEXT,
                             placeholder="z. B. Heide")
    zielgruppe = sidebar.text_input("Zielgruppe enthält", key="zielgruppe",
                                    max_chars=flt.MAX_TEXT, placeholder="z. B. Jugendliche")
    # a Stichtag left as it was given follows the month; one the user chose stays
    followed = flt.stichtag_for(monat, default_day)
    if st.session_state.get("stichtag") in (None, st.session_state.get(_FOLLOWED)):
        st.session_state["stichtag"] = followed
    st.session_state[_FOLLOWED] = followed
    stichtag = sidebar.date_input(
        "Stichtag", key="stichtag", min_value=choices.first_day, max_value=choices.last_day,
        format="DD.MM.YYYY", help="Bezugstag für „fällig“ und „überfällig“. Ohne eigene Wahl "
                                  "das Ende des gewählten Monats, bei „alle Monate“ heute "
                                  "(begrenzt auf den Planzeitraum).")
    current = flt.Filters(monat, kontakt, feld, (ort or "").strip(), (zielgruppe or "").strip(),
                          stichtag)
    written = flt.to_query(current, default_day)
    for key in FILTER_KEYS:
        if key in written:
            st.query_params[key] = written[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state["_written_query"] = written
    st.session_state["_filters"] = current
    st.session_state["_filter_notices"] = notices
    return current


def status_filter() -> list[str]:
    """The Zeitplan's status multiselect, kept in the URL like the sidebar filters
    (`?status=erledigt&status=in+Arbeit`); URL -> widget when the URL brings new values."""
    incoming = st.query_params.get_all("status")
    if incoming != st.session_state.get("_written_status", []):
        st.session_state["status_filter"], notices = flt.statuses_from_query(incoming)
        for notice in notices:
            st.warning(notice, icon=":material/link_off:")
    chosen = st.multiselect("Status", vocab.STATUSES, key="status_filter",
                            placeholder="alle Status",
                            help="Nur Maßnahmen mit diesem aktuellen Status zeigen.")
    if chosen:
        st.query_params["status"] = chosen
    else:
        st.query_params.pop("status", None)
    st.session_state["_written_status"] = list(chosen)
    return chosen


NO_COMPARISON = "kein"  # the URL's `vergleich` value for "ohne Vergleich"


def comparison_choice() -> tuple[str | None, bool]:
    """The Zeitplan's "Vergleich mit" (URL `vergleich`: `beschluss`, a Stand's id or `kein`;
    default the Beschluss) and "nur seit Beschluss geändert" (URL `geaendert=1`): returns the
    Stand's key (None: no comparison) and whether only changed measures are shown."""
    known = {b.key: b for b in baseline.baselines(data.plan())}
    options = [*known, NO_COMPARISON]
    incoming = st.query_params.get("vergleich")
    if incoming != st.session_state.get("_written_vergleich"):
        if incoming is None or incoming in options:
            st.session_state["vergleich"] = incoming or vocab.BESCHLUSS_KEY
        else:
            st.session_state["vergleich"] = vocab.BESCHLUSS_KEY
            st.warning("Den Stand „Vergleich mit“ aus der Adresse gibt es nicht; verglichen "
                       "wird mit dem Beschluss.", icon=":material/link_off:")
    if st.session_state.get("vergleich") not in options:
        st.session_state["vergleich"] = vocab.BESCHLUSS_KEY
    cols = st.columns([2, 2])
    chosen = cols[0].selectbox(
        "Vergleich mit", options, key="vergleich",
        format_func=lambda k: "ohne Vergleich" if k == NO_COMPARISON else known[k].label,
        help="Zeigt unter jedem Balken, dessen Monate sich seitdem geändert haben, die damaligen "
             "Monate als dünnen grauen Balken; die Tabelle nennt alte und neue Monate.")
    if chosen == vocab.BESCHLUSS_KEY:  # the default stays out of the URL: links stay short
        st.query_params.pop("vergleich", None)
    else:
        st.query_params["vergleich"] = chosen
    st.session_state["_written_vergleich"] = st.query_params.get("vergleich")
    if chosen == NO_COMPARISON:
        st.query_params.pop("geaendert", None)
        return None, False
    wanted = st.query_params.get("geaendert") == "1"
    if st.session_state.get("_written_geaendert") != wanted:
        st.session_state["geaendert"] = wanted
    only = cols[1].toggle(f"nur {known[chosen].seit} geändert", key="geaendert",
                          help="Nur neue, entfallene und verschobene Maßnahmen zeigen.")
    if only:
        st.query_params["geaendert"] = "1"
    else:
        st.query_params.pop("geaendert", None)
    st.session_state["_written_geaendert"] = only
    return chosen, only


def current_filters() -> flt.Filters:
    """The filters dashboard.py rendered in this run; notices and messages left by the last
    run (a save, a conflict) are shown once, on top. The first call of every filtered page."""
    navigation.run_entry_script_first()
    current = st.session_state["_filters"]
    for notice in st.session_state.get("_filter_notices", []):
        st.warning(text.markdown_escape(notice), icon=":material/link_off:")
    forms.show_messages_from_last_run()
    return current


def filter_caption(current: flt.Filters) -> str:
    # URL values reach this Markdown caption: escaped, so a link cannot ride in on a bookmark
    return text.markdown_escape(flt.describe(current))
