"""Indikatoren: what the plan names as measurable, quoted, with values against target."""
import pandas as pd
import streamlit as st

from pages._ui import data, filters, forms, session, views
from werkstatt import formats
from werkstatt.commands import edits, inputs, progress
from werkstatt.outputs import charts
from werkstatt.text import markdown_escape
from werkstatt.views import changes

f = filters.current_filters()
st.title("Indikatoren")
st.caption(filters.filter_caption(f))
fields = views.indikatoren(f)  # built once per data version and Werkzeug filters
user = session.current_user()
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


if not fields:
    st.info("Zu den gewählten Filtern nennt der Plan keinen Indikator.",
            icon=":material/filter_alt_off:")

for field, group in fields:
    st.header(field)
    for item in group:
        ind = item.zeile
        with st.container(border=True):
            st.subheader(markdown_escape(ind["name"]))
            st.markdown(f"> {markdown_escape(ind['zitat'])}")
            st.caption(markdown_escape(changes.fundstelle(ind["werkzeug"], ind["handlungsfeld"])))
            st.dataframe(item.fakten, hide_index=True, width="stretch")
            if isinstance(ind["bemerkung"], str):
                st.caption(markdown_escape(f"Anmerkung: {ind['bemerkung']}"))
            if ind["art"] == "Kontextzahl":
                st.caption("Kontextzahl: beschreibt die Ausgangslage, wird nicht fortgeschrieben.")
            elif item.chart is None:
                st.info("Noch keine Messwerte erfasst. Messwerte tragen angemeldete Bearbeiter "
                        "hier ein (Schalter „Bearbeiten“: Stichtag, Wert, Kommentar); bis "
                        "dahin zeigt die Seite nur, was der Plan nennt.", icon=":material/pending:")
            else:
                st.plotly_chart(item.chart, key=f"ind-{ind['id']}", config=charts.PLOTLY_CONFIG)
                st.dataframe(item.werte, hide_index=True, width="stretch")
            can_enter = user is not None and user.can_record and ind["art"] == "Zielindikator"
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
