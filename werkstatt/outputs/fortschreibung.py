"""The Fortschreibung proposal as text (command line) and as a decisions CSV (command line and
page download), both rendered from the one view (werkstatt/views/fortschreibung.py). The CSV
is the file commands/decisions.py reads back: ID;Entscheidung;Grund first, then columns
only people read."""
from __future__ import annotations

import pandas as pd

from werkstatt import vocab
from werkstatt.outputs.csv import to_csv_bytes
from werkstatt.views.fortschreibung import Fortschreibung, Massnahme, Werkzeug

CSV_COLUMNS = (*vocab.DECISION_COLUMNS, "Vorschlag", "Status", "Werkzeug", "Maßnahme")


def werkzeug_line(tool: Werkzeug, nach: int) -> str:
    """'fortgeführt (in der Übersicht für 2020 markiert)' and the like, for page and text."""
    if tool.markiert:
        return f"fortgeführt (in der Übersicht für {nach} markiert)"
    if tool.fortgefuehrt:
        return f"fortgeführt (nicht für {nach} markiert, aber mit übernommener Maßnahme)"
    return f"nicht fortgeführt (nicht für {nach} markiert, keine Maßnahme übernommen)"


def measure_table(measures: tuple[Massnahme, ...]) -> pd.DataFrame:
    """One row per measure: what the page shows and the CSV carries."""
    return pd.DataFrame({
        "ID": [m.massnahme_id for m in measures],
        "Maßnahme": [m.titel for m in measures],
        "Status": [m.status for m in measures],
        "Vorschlag": [m.vorschlag for m in measures],
        "Begründung": [m.begruendung for m in measures],
        "Entscheidung": [m.entscheidung + (" (geändert)" if m.geaendert else "")
                         for m in measures],
        "Grund": [m.grund or "" for m in measures]})


def as_csv(view: Fortschreibung) -> bytes:
    """The decisions file of the proposal: edit the Entscheidung and Grund, read it back."""
    tools = {t.werkzeug_id: t.name for t in view.werkzeuge}
    measures = view.massnahmen
    return to_csv_bytes(pd.DataFrame(dict(zip(CSV_COLUMNS, (
        [m.massnahme_id for m in measures], [m.entscheidung for m in measures],
        [m.grund or "" for m in measures], [m.vorschlag for m in measures],
        [m.status for m in measures], [tools[m.werkzeug_id] for m in measures],
        [m.titel for m in measures]), strict=True))))


def as_text(view: Fortschreibung) -> str:
    lines = [f"Fortschreibung {view.von} → {view.nach}: Vorschlag (nichts gespeichert; das "
             "Anlegen des neuen Plans folgt)", ""]
    for tool in view.werkzeuge:
        lines.append(f"Werkzeug „{tool.name}“ ({tool.handlungsfeld}): "
                     f"{werkzeug_line(tool, view.nach)}")
        for m in tool.massnahmen:
            changed = f" (Vorschlag: {m.vorschlag})" if m.geaendert else ""
            reason = f"; Grund: {m.grund}" if m.grund else ""
            why = f"; {m.begruendung}" if m.begruendung != m.status else ""
            lines.append(f"  [{m.massnahme_id}] {m.entscheidung}{changed}: {m.titel} "
                         f"(Status {m.status}{why}{reason})")
        lines.append("")
    passage = view.uebergang
    lines.append(passage.title)
    for label, measures in (("übernommen", passage.uebernommen),
                            ("abgeschlossen", passage.abgeschlossen),
                            ("entfallen", passage.entfallen), ("neu", passage.neu)):
        lines.append(f"- {label}: {len(measures)} Maßnahme(n)")
    titles = {t.werkzeug_id: t.name for t in view.werkzeuge}
    for m in passage.entfallen:
        lines.append(f"  - {m.titel} ({titles[m.werkzeug_id]}): {m.grund}")
    lines += [f"  - neu: {title} ({tool})" for title, tool in passage.neu]
    carried = sum(t.fortgefuehrt for t in view.werkzeuge)
    lines.append(f"- Werkzeuge fortgeführt: {carried} von {len(view.werkzeuge)}")
    return "\n".join(lines)
