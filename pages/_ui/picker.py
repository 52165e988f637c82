"""Choosing one measure out of thousands: one list while it is short, the Werkzeug first when
a list would be too long to scroll (and too heavy to send on every rerun)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._ui import german

PICKER_LIMIT = 300  # measures in one list; beyond it, pick the Werkzeug first
NOTHING_CHOSEN = german.CHOOSE


def massnahme(picker: pd.DataFrame, key: str, label: str) -> int | None:
    """A measure of `picker` (schedule.massnahme_picker), kept in st.session_state[key];
    a value set there beforehand (e.g. a click in a chart) selects its Werkzeug too."""
    # vectorised and .tolist(): iterating a pyarrow-backed column costs ~1 µs per value
    if not (picker["massnahme_id"] == st.session_state.get(key)).any():
        st.session_state[key] = None
    if len(picker) > PICKER_LIMIT:
        tools = picker.drop_duplicates("werkzeug_id")
        names = dict(zip(tools["werkzeug_id"].tolist(), tools["Werkzeug"].tolist(), strict=True))
        if st.session_state[key] is not None:
            st.session_state[f"{key}_werkzeug"] = int(
                picker.loc[picker["massnahme_id"] == st.session_state[key], "werkzeug_id"].iloc[0])
        werkzeug = st.selectbox("Werkzeug", list(names), key=f"{key}_werkzeug",
                                placeholder=german.CHOOSE,
                                format_func=lambda werkzeug_id: names[werkzeug_id])
        picker = picker[picker["werkzeug_id"] == werkzeug]
    labels = dict(zip(picker["massnahme_id"].tolist(), picker["label"].tolist(), strict=True))
    if st.session_state.get(key) not in labels:
        st.session_state[key] = None
    # placeholder: shown when the value is None (Streamlit's own says "Choose an option")
    return st.selectbox(label, [None, *labels], key=key, placeholder=NOTHING_CHOSEN,
                        format_func=lambda m: NOTHING_CHOSEN if m is None else labels[m])
