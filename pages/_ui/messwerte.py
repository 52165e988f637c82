"""Measured values from a file on the Indikatoren page (bearbeiter, admin): upload, every value
shown before it is saved, then "Messwerte übernehmen" (all or nothing). What is checked:
werkstatt.commands.messwerte_import."""
from __future__ import annotations

import streamlit as st

from pages._ui import data, forms
from pages._ui.exchange import _message_markdown
from werkstatt.commands import login, messwerte_import
from werkstatt.errors import ValidationError

UPLOAD_LIMIT_MB = messwerte_import.MAX_UPLOAD_BYTES // (1024 * 1024)
_ROUND_KEY = "_messwerte_upload_round"  # a new, empty uploader after saving


def import_section(user: login.User) -> None:
    with st.expander("Messwerte aus einer Datei einlesen (CSV oder Excel)"):
        st.markdown("Spalten: **Indikator** (Nummer oder genauer Name), **Stichtag** "
                    "(TT.MM.JJJJ oder JJJJ-MM-TT), **Wert** (1.234,5 oder 1234.5), wahlweise "
                    "**Kommentar**; bei Excel das erste Blatt, bei CSV UTF-8 mit Semikolon, "
                    "Komma oder Tabulator. Vor dem Speichern wird jeder Wert angezeigt; bei "
                    "einem Fehler in der Datei wird nichts gespeichert.")
        round_number = st.session_state.get(_ROUND_KEY, 0)
        uploaded = st.file_uploader(f"CSV- oder Excel-Datei (höchstens {UPLOAD_LIMIT_MB} MB)",
                                    type=list(messwerte_import.FILE_TYPES),
                                    max_upload_size=UPLOAD_LIMIT_MB,
                                    key=f"messwerte_import_{round_number}")
        if uploaded is None:
            return
        try:
            with data.cursor() as con:
                entries = messwerte_import.read_entries(con, uploaded.getvalue(), uploaded.name,
                                                        int(data.plan().info["id"]))
        except ValidationError as exc:
            st.error(_message_markdown(str(exc)), icon=":material/error:")
            return
        count = f"{len(entries)} Messwert" + ("" if len(entries) == 1 else "e")
        st.markdown(f"**{count} in der Datei.** Noch nichts ist gespeichert.")
        st.dataframe(messwerte_import.preview_table(entries), hide_index=True, width="stretch")
        if st.button("Messwerte übernehmen", type="primary", key="messwerte_import_apply") and \
                forms.write(lambda con: messwerte_import.apply_entries(con, entries, user.name),
                            f"{count} gespeichert ({messwerte_import.SOURCE})."):
            st.session_state[_ROUND_KEY] = round_number + 1
            st.rerun()
