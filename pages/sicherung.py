"""Sicherung (admin): back up the running server's database, list the backups, download one."""
import pandas as pd
import streamlit as st

from pages._ui import backups, session
from werkstatt import formats
from werkstatt.errors import WerkstattError
from werkstatt.store import backup
from werkstatt.text import markdown_escape

st.title("Sicherung")
session.require_admin("Sicherungen erstellen und herunterladen angemeldete Administratoren.")
root = backups.backup_root()
st.caption(f"Der Server sichert die Datenbank beim Start und jede Nacht (wenn die neueste "
           f"Sicherung 24 Stunden alt ist); die {backup.KEEP} neuesten Sicherungen bleiben. "
           "Wiederherstellen: Dashboard anhalten, dann `python -m werkstatt restore`.")

if st.button("Sicherung jetzt", type="primary", icon=":material/backup:"):
    try:
        made = backups.backup_now()
    except WerkstattError as exc:
        st.error(markdown_escape(str(exc)), icon=":material/error:")
    else:
        st.success(f"Sicherung „{made.name}“ erstellt ({formats.moment(backup.made_at(made))}).",
                   icon=":material/check_circle:")

found = backup.list_backups(root)
if not found:
    st.info("Noch keine Sicherung vorhanden.", icon=":material/info:")
    st.stop()
newest = found[-1]
st.download_button(f"Neueste Sicherung herunterladen (ZIP, "
                   f"{formats.moment(backup.made_at(newest))})",
                   data=lambda: backup.zip_bytes(newest),  # built on click, not on every run
                   file_name=f"{newest.name}.zip", mime="application/zip",
                   icon=":material/download:")
st.subheader(f"Vorhandene Sicherungen ({len(found)})")
st.dataframe(pd.DataFrame({
    "erstellt am": [formats.moment(backup.made_at(b)) for b in reversed(found)],
    "Sicherung": [b.name for b in reversed(found)],
    "Größe": [f"{formats.number(sum(f.stat().st_size for f in b.iterdir()) / 1024, 0)} KB"
              for b in reversed(found)]}), hide_index=True, width="stretch")
st.caption(f"Ordner: {markdown_escape(str(root))}")
