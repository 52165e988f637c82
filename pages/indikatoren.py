"""Indikatoren: what the plan names as measurable, quoted, with the Stand of each at the
Stichtag (werkstatt.views.indicators) and its values against the expected line."""
import pandas as pd
import streamlit as st

from pages._ui import data, filters, forms, messwerte, session, views
from werkstatt import formats, vocab
from werkstatt.commands import edits, inputs, progress
from werkstatt.outputs import charts
from werkstatt.text import markdown_escape
from werkstatt.views import changes
from werkstatt.views.indicator_status import DEFINITIONS

f = filters.current_filters()
st.title("Indikatoren")
st.caption(filters.filter_caption(f))
shown = views.indikatoren(f)  # built once per data version, Werkzeug filters and Stichtag
view = shown.view
user = session.plan_writer()
TABLE_WIDTH = 400  # px: Punkt, Datum, Wert without a sideways scroll
first_day, last_day = data.plan().period


def value_form(ind) -> None:
    form = f"wert-{ind['id']}"
    # emptied after a save only (new keys); a refused input stays for correcting
    suffix = f"{ind['id']}_n{forms.generation(form)}"
    with st.expander("Messwert eintragen"), st.form(form):
        day = st.date_input("Stichtag", value=None, min_value=first_day, max_value=last_day,
                            format="DD.MM.YYYY", key=f"wert_tag_{suffix}")
        number = st.text_input("Wert", key=f"wert_zahl_{suffix}", placeholder="z. B. 1.234,5")
        comment = st.text_input("Kommentar", key=f"wert_kommentar_{suffix}",
                                max_chars=inputs.MAX_COMMENT)
        if st.form_submit_button("Messwert speichern"):
            if day is None:
                st.error("Bitte einen Stichtag wählen.")
            elif forms.write(lambda con: progress.record_value(con, int(ind["id"]), day, number,
                                                            user=user.name, comment=comment),
                          "Messwert gespeichert"):
                forms.next_generation(form)
                st.rerun()


def target_form(ind) -> None:
    key = f"indikator-{ind['id']}"
    expected = forms.seen_version(key, ind["version"])
    with st.expander("Basis und Ziel ändern"), st.form(f"ziel-{ind['id']}"):
        cols = st.columns(2)
        suffix = f"{ind['id']}_v{expected}"  # a newer version gets fresh fields
        base = cols[0].text_input("Basiswert", value=formats.number(ind["basiswert"], 4)
                                  if pd.notna(ind["basiswert"]) else "", key=f"basis_{suffix}")
        base_day = cols[0].date_input("Stand des Basiswerts", value=_day(ind["basis_stichtag"]),
                                      format="DD.MM.YYYY", key=f"basis_tag_{suffix}")
        target = cols[1].text_input("Zielwert", value=formats.number(ind["zielwert"], 4)
                                    if pd.notna(ind["zielwert"]) else "", key=f"ziel_{suffix}")
        target_day = cols[1].date_input("Zieltermin", value=_day(ind["ziel_stichtag"]),
                                        min_value=first_day, max_value=last_day,
                                        format="DD.MM.YYYY", key=f"ziel_tag_{suffix}")
        if st.form_submit_button("Basis und Ziel speichern") and forms.write(
                lambda con: forms.remember_version(key, edits.update_indikator(
                    con, int(ind["id"]), user=user.name, expected_version=expected,
                    basiswert=base, basis_stichtag=base_day, zielwert=target,
                    ziel_stichtag=target_day)), "Basis und Ziel gespeichert", version_key=key,
                typed=f"Basiswert „{base}“ ({formats.day(base_day)}), Zielwert „{target}“ "
                      f"({formats.day(target_day)})."):
            st.rerun()


def _day(value):
    return pd.Timestamp(value).date() if pd.notna(value) else None


st.header(f"Stand je Handlungsfeld zum {formats.day(f.stichtag)}")
if not view:
    st.info("Zu den gewählten Filtern nennt der Plan keinen Indikator.",
            icon=":material/filter_alt_off:")
else:
    # static tables wrap their headers: every column readable at 1024 px, no sideways scroll
    st.table(view.stand_table(), hide_index=True)
    for field in view.felder:
        if field.ohne_ziel:
            st.markdown(markdown_escape(f"Ohne Zielwert im Plan ({field.name}): "
                                        + "; ".join(field.ohne_ziel)))
with st.expander("Wie wird der Stand berechnet?"):
    st.markdown(DEFINITIONS)
if user is not None and user.can_record:
    messwerte.import_section(user)

for field in view.felder:
    st.header(markdown_escape(field.name))
    for item in field.indikatoren:
        ind = item.zeile
        with st.container(border=True):
            st.subheader(markdown_escape(ind["name"]))
            st.markdown(f"**{markdown_escape(item.stand_text)}**")
            st.markdown(f"> {markdown_escape(ind['zitat'])}")
            st.caption(markdown_escape(changes.fundstelle(ind["werkzeug"], ind["handlungsfeld"])))
            if item.werkzeug_id is not None:
                st.page_link("pages/werkzeuge.py", icon=":material/handyman:",
                             label=markdown_escape(f"Werkzeug: {ind['werkzeug']}"),
                             query_params={"werkzeug": str(item.werkzeug_id)})
            st.table(item.fakten, hide_index=True)
            if isinstance(ind["bemerkung"], str):
                st.caption(markdown_escape(f"Anmerkung: {ind['bemerkung']}"))
            if ind["art"] == vocab.CONTEXT_FIGURE:
                st.caption("Kontextzahl: beschreibt die Ausgangslage, wird nicht fortgeschrieben.")
            elif item.werte.empty:
                st.info("Noch keine Messwerte erfasst. Messwerte tragen angemeldete Bearbeiter "
                        "hier ein (Schalter „Bearbeiten“: Stichtag, Wert, Kommentar, oder "
                        "„Messwerte aus einer Datei einlesen“); bis dahin zeigt die Seite nur, "
                        "was der Plan nennt.", icon=":material/pending:")
            if item.id in shown.charts:
                # side by side where both fit, the table below the chart where not (1024 px
                # with the sidebar open)
                with st.container(horizontal=True):
                    st.plotly_chart(shown.charts[item.id], key=f"ind-{item.id}",
                                    config=charts.PLOTLY_CONFIG)
                    st.dataframe(item.tabelle, hide_index=True, width=TABLE_WIDTH)
            if not item.werte.empty:
                with st.expander(f"Erfasste Messwerte ({len(item.werte)})"):
                    st.dataframe(item.werte, hide_index=True, width="stretch")
            can_enter = (user is not None and user.can_record
                         and ind["art"] == vocab.TARGET_INDICATOR)
            can_change = user is not None and user.can_edit_plan
            actions = [action for action, allowed in (("Messwert eintragen", can_enter),
                                                      ("Basis und Ziel ändern", can_change))
                       if allowed]
            # forms only for the indicator being edited: Streamlit copies the session state
            # for every input widget, so 7 inputs × every indicator made each run 2.5× slower
            if actions and st.toggle("Bearbeiten", key=f"bearbeiten_{ind['id']}",
                                     help=" oder ".join(actions)):
                if can_enter:
                    value_form(ind)
                if can_change:
                    target_form(ind)
