"""The admin's Fortschreibung decisions as a CSV file (`ID;Entscheidung;Grund`, UTF-8 with or
without BOM; the separator is read from the header line, further columns such as Maßnahme are
left alone). The whole file is checked before anything uses it: any problem refuses it with a
German message naming each bad line. Nothing is written; the decisions only change the
proposal (werkstatt/views/fortschreibung.py)."""
from __future__ import annotations

from collections.abc import Collection

from werkstatt import vocab
from werkstatt.commands.inputs import (
    check_upload,
    csv_rows,
    header_columns,
    pick_cells,
    whole_number,
)
from werkstatt.errors import ValidationError
from werkstatt.views.fortschreibung import Decision, decision

MAX_UPLOAD_BYTES = 1024 * 1024  # a plan of a thousand measures needs a tenth of it
MAX_PROBLEMS = 20  # lines named in one message
ID, DECISION, REASON = vocab.DECISION_COLUMNS


def read_decisions(data: object, known: Collection[int]) -> dict[int, Decision]:
    """{measure id: Decision} from the file's bytes; `known` are the plan's measure ids.
    ValidationError (German, naming the lines) for anything the file gets wrong."""
    columns: dict[str, int] | None = None
    found: dict[int, Decision] = {}
    lines: dict[int, int] = {}  # measure id -> its line, for a repeated ID
    problems: list[str] = []
    for line, cells in csv_rows(check_upload(data, MAX_UPLOAD_BYTES)):
        if columns is None:
            columns = header_columns(cells, line, (ID, DECISION), (REASON,),
                                     _missing_header())
            continue
        try:
            massnahme_id, chosen = _row(cells, columns, known)
        except ValidationError as exc:
            problems.append(f"Zeile {line}: {exc}")
            continue
        if massnahme_id in found:
            problems.append(f"Zeile {line}: die ID {massnahme_id} steht schon in Zeile "
                            f"{lines[massnahme_id]}.")
            continue
        found[massnahme_id], lines[massnahme_id] = chosen, line
    if columns is None:
        raise ValidationError(_missing_header())
    if problems:
        more = len(problems) - MAX_PROBLEMS
        raise ValidationError("Die Datei wurde nicht übernommen:\n" + "\n".join(
            problems[:MAX_PROBLEMS]) + (f"\n… und {more} weitere Zeilen." if more > 0 else ""))
    return found


def _missing_header() -> str:
    return (f"Die Datei hat keine Kopfzeile mit den Spalten {ID}, {DECISION} und {REASON} "
            f"(z. B. „{ID};{DECISION};{REASON}“).")


def _row(cells: list[str], columns: dict[str, int], known: Collection[int]
         ) -> tuple[int, Decision]:
    picked = pick_cells(cells, columns)
    raw_id = str(picked[ID] or "")
    massnahme_id = whole_number(raw_id)
    if massnahme_id is None:
        raise ValidationError(f"„{raw_id[:20]}“ ist keine ID einer Maßnahme." if raw_id
                              else "die ID fehlt.")
    if massnahme_id not in known:
        raise ValidationError(f"eine Maßnahme mit der ID {massnahme_id} gibt es im Plan nicht.")
    return massnahme_id, decision(picked[DECISION], picked.get(REASON))
