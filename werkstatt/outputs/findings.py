"""The Plancheck's findings for the command line: as German text or as JSON (a list of
{"regel", "text", "werkzeug", "massnahme", "indikator", "ziel"}, ids or null)."""
from __future__ import annotations

import json

from werkstatt import formats
from werkstatt.views.plancheck import RULES, Plancheck


def as_json(check: Plancheck) -> str:
    return json.dumps([finding.as_json() for finding in check.findings], ensure_ascii=False,
                      indent=2)


def as_text(check: Plancheck) -> str:
    counts = check.counts()
    lines = [f"Plancheck zum {formats.day(check.stichtag)}: {len(check.findings)} Befunde "
             "(Hinweise, nichts davon blockiert)."]
    for rule, label in RULES.items():
        lines.append(f"\n{label} ({rule}): {counts[rule]}")
        lines += [f"  - {f.text}" for f in check.findings if f.regel == rule]
    return "\n".join(lines)
