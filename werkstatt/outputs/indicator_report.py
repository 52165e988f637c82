"""The indicator view (werkstatt.views.indicators) for the command line: German text for
people, JSON for other programs (numbers as numbers, null where a figure is undefined)."""
from __future__ import annotations

import json

from werkstatt import formats, vocab
from werkstatt.views.indicators import Indikatoren


def as_json(view: Indikatoren) -> str:
    return json.dumps({"stichtag": view.stichtag.isoformat(), "indikatoren": view.records()},
                      ensure_ascii=False, indent=2)


def as_text(view: Indikatoren) -> str:
    lines = [f"Indikatoren zum {formats.day(view.stichtag)}"]
    if not view:
        return lines[0] + ": der Plan nennt keinen Indikator."
    for field in view.felder:
        counts = ", ".join(f"{count} × {stand}" for stand, count in field.counts().items())
        lines += ["", f"{field.name} ({counts})"]
        for item in field.indikatoren:
            row = item.row()
            facts = (row["Basis"] if item.zeile["art"] == vocab.CONTEXT_FIGURE
                     else f"Basis: {row['Basis']} · Ziel: {row['Ziel']}")
            lines += [f"  [{item.id}] {item.name}", f"      {item.stand_text}", f"      {facts}"]
        if field.ohne_ziel:
            lines.append(f"  Ohne Zielwert im Plan: {'; '.join(field.ohne_ziel)}")
    return "\n".join(lines)
