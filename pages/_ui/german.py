"""Streamlit's own words in German, and the layout for a projector's 1024×768.

Streamlit 1.67 has no language setting. Where it has a parameter, the pages use it (CHOOSE as
the placeholder of every choice). The tables' toolbar ("Show/hide columns", "Download as CSV",
"Search", "Fullscreen") has none: CSS hides it, and the pages offer German controls instead
(`table_tools`: a search field and a CSV download). `client.disableDataExport` would hide only
the download and also stop copying cells, which people use to paste into letters. The chrome's
remaining English words, which are no control to replace ("Skip to main content", "Help for
…", the uploader's "Upload" – its "5MB per file" hint is removed –, "Choose date", "Press
Enter to submit form"), are put into German in the browser by a fixed script. Neither the CSS
nor the script holds plan or user text.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from werkstatt.outputs.csv import to_csv_bytes
from werkstatt.text import markdown_escape
from werkstatt.views.search import MAX_TERM, rows_containing

CHOOSE = "– bitte wählen –"  # Streamlit's placeholder says "Choose an option"
# Widths (px) of the columns a reader needs first; the ones a table starts with fit the
# projector's 1024 px beside the open sidebar (about 650 px of table): no sideways scroll
FIRST_WIDTHS = {"Maßnahme": 300, "Zeitraum": 170, "jetzt": 170, "Termine": 170, "Status": 90,
                "Betrag": 200, "Zeitbezug": 120}

_CSS = """<style>
/* the tables' English toolbar: German search and download sit above the tables instead */
[data-testid="stDataFrame"] [data-testid="stElementToolbar"] { display: none; }
/* a projector's 1024×768 beside the open sidebar: less white space around the page, so the
   tables' first columns and the title fit */
@media (max-width: 1280px) {
  [data-testid="stMainBlockContainer"] { padding-left: 1.5rem; padding-right: 1.5rem; }
}
@media (max-height: 800px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
  [data-testid="stSidebarHeader"] { margin-bottom: 0; height: 2.5rem; }
}
</style>"""

# Streamlit's English words -> German: whole texts and accessible names (aria-label, title,
# placeholder); PATTERNS for the names that carry a label of ours ("Help for Monat").
WORDS = {
    "Skip to main content": "Zum Inhalt springen",
    "Help": "Hilfe",
    "Choose an option": CHOOSE, "Choose options": CHOOSE,
    "Upload": "Datei wählen", "Drag and drop file here": "Datei hierher ziehen",
    "Drag and drop a file here": "Datei hierher ziehen",
    "file upload": "Datei hochladen", "Remove file": "Datei entfernen",
    "Press Enter to submit form": "Eingabetaste: Formular absenden",
    "Press Enter to apply": "Eingabetaste: übernehmen",
    "No results": "Keine Treffer", "Clear all": "Alle entfernen", "Clear value": "Leeren",
    "Open": "Öffnen", "Close": "Schließen", "Selectbox options": "Auswahl",
    "Choose date": "Datum wählen", "Choose date range": "Zeitraum wählen",
    "Collapse sidebar": "Seitenleiste einklappen", "Expand sidebar": "Seitenleiste ausklappen",
    "Sidebar": "Seitenleiste", "Main menu": "Hauptmenü", "App pages": "Seiten",
    "Link to heading": "Link zu dieser Überschrift",
    "Fullscreen": "Vollbild", "Close fullscreen": "Vollbild beenden",
    "Previous month.": "Voriger Monat", "Next month.": "Nächster Monat",
    "Running...": "Läuft …", "Stop": "Anhalten",
    "Show password": "Passwort zeigen", "Hide password": "Passwort verbergen",
}
PATTERNS = [
    (r"^Help for (.+)$", "Hilfe zu $1"),
    (r"^day, (.+)$", "Tag, $1"), (r"^month, (.+)$", "Monat, $1"), (r"^year, (.+)$", "Jahr, $1"),
    (r"^(.+) start date$", "$1, Beginn"), (r"^(.+) end date$", "$1, Ende"),
    # Streamlit's size hint goes: our uploaders' labels name the limit our own check applies
    # (Streamlit's may be higher, so a larger file still gets our German refusal)
    (r"^(\d+) ?MB per file$", ""),
]

_SCRIPT = """<script>
(() => {
  if (window.__werkstattDeutsch) return;  // once per page, whatever reruns draw
  window.__werkstattDeutsch = true;
  const words = WORDS;
  const patterns = PATTERNS.map(([p, r]) => [new RegExp(p), r]);
  const attributes = ["aria-label", "title", "placeholder"];
  const german = (text) => {
    const key = text.trim();
    if (Object.hasOwn(words, key)) return text.replace(key, words[key]);
    for (const [pattern, replacement] of patterns) {
      if (pattern.test(key)) return text.replace(key, key.replace(pattern, replacement));
    }
    return null;
  };
  const translate = (root) => {
    const elements = root.querySelectorAll ? [root, ...root.querySelectorAll("*")] : [];
    for (const el of elements) {
      // never our own text (Markdown outside Streamlit's buttons) nor an icon's name
      if (el.closest && (el.closest("[data-testid=stIconMaterial]") ||
          (el.closest("[data-testid=stMarkdownContainer]") && !el.closest("button")))) continue;
      for (const name of attributes) {
        const value = el.getAttribute && el.getAttribute(name);
        const done = value ? german(value) : null;
        if (done !== null && done !== value) el.setAttribute(name, done);
      }
      for (const node of el.childNodes || []) {
        if (node.nodeType !== Node.TEXT_NODE || !node.data.trim()) continue;
        const done = german(node.data);  // "" hides a text (Streamlit's own size hint)
        if (done !== null && done !== node.data) node.data = done;
      }
    }
  };
  translate(document.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      const target = change.type === "characterData" ? change.target.parentElement : change.target;
      if (target) translate(target);
      for (const node of change.addedNodes || []) if (node.nodeType === 1) translate(node);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: attributes});
})();
</script>""".replace("WORDS", json.dumps(WORDS, ensure_ascii=False)).replace(
    "PATTERNS", json.dumps(PATTERNS, ensure_ascii=False))


def styles() -> None:
    """The CSS (it takes no space on the page); called first by dashboard.py on every run."""
    st.html(_CSS)


def words() -> None:
    """The script that puts Streamlit's remaining English words into German, at the foot of
    the sidebar (its empty element takes no room there); called last by dashboard.py."""
    st.sidebar.html(_SCRIPT, unsafe_allow_javascript=True, width="content")


def first_columns(*names: str) -> dict:
    """The column_config of a table's first columns (FIRST_WIDTHS)."""
    return {name: st.column_config.TextColumn(width=FIRST_WIDTHS[name]) for name in names}


def table_tools(table: pd.DataFrame, key: str, file_name: str,
                export: pd.DataFrame | None = None, csv: bytes | None = None) -> pd.DataFrame:
    """A German search field and CSV download above a table (Streamlit's own are hidden);
    returns the rows of `table` to show. The download holds the same rows of `export` (the
    table's CSV form, same index; default: the table); `csv` is its prebuilt bytes, used
    while nothing is searched."""
    export = table if export is None else export
    with st.container(horizontal=True, vertical_alignment="bottom"):
        term = st.text_input("In der Tabelle suchen", key=key, max_chars=MAX_TERM,
                             placeholder="In der Tabelle suchen …", icon=":material/search:",
                             label_visibility="collapsed", width=320)
        shown = rows_containing(table, term)
        everything = len(shown) == len(table)
        rows = export if everything else export.loc[shown.index]
        st.download_button(
            "Tabelle als CSV herunterladen" if everything
            else f"{len(shown)} Zeilen als CSV herunterladen",
            # prebuilt, or built only on the click: thousands of rows would cost every run
            csv if csv is not None and everything else lambda: to_csv_bytes(rows),
            file_name=file_name, mime="text/csv", key=f"{key}_csv", on_click="ignore",
            icon=":material/download:")
    if len(shown) < len(table):
        st.caption(markdown_escape(f"{len(shown)} von {len(table)} Zeilen enthalten "
                                   f"„{term.strip()}“."))
    return shown
