"""Reads the Werkstattplan document (tab-separated tables with prose between) into raw parts.

The document is a text rendering of the adopted Word file. `read_document` walks it block by
block (a block is a run of non-blank lines) and returns what each table says, with line
numbers, without yet deciding which overview row and which sheet are one Werkzeug (plan.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from werkstatt import vocab
from werkstatt.errors import SourceError
from werkstatt.ingest.monthgrid import Mark, check_year, is_interpreted, read_header, read_marks
from werkstatt.text import blank_to_none, collapse, plain_text

DIMENSIONS = {dimension.lower(): dimension for dimension in vocab.GOAL_DIMENSIONS}
SHEET_COLUMNS = {  # header prefix -> field
    "werkzeug": "name", "zielgruppe": "zielgruppe", "ansprechperson": "ansprechperson",
    "umsetzungsort": "vor_ort", "beteiligte": "beteiligte", "budget": "budget",
    "externe beratung": "externe_beratung",
}
_TITLE = re.compile(r"^Werkstattplan\s+(?P<kreis>.+?)\s+(?P<jahr>\d{4})\s*"
                    r"\(Stand:\s*(?P<stand>\d{4}_\d{2}_\d{2}|\d{1,2}\.\d{1,2}\.\d{4})\)\s*$")
_ITALIC_ROW = re.compile(r"^\s*<i>(.*)</i>\s*$", re.DOTALL)
_INLINE_ITALIC = re.compile(r"\s*\(?\s*<i>(.*?)</i>\s*\)?")


@dataclass
class LogEntry:
    bereich: str
    meldung: str
    zeile: int | None = None
    werkzeug: str | None = None  # sheet name, resolved to an id on import


@dataclass
class Ziel:
    ebene: str
    dimension: str
    text: str
    position: int


@dataclass
class Handlungsfeld:
    name: str
    beschreibung: str | None
    position: int
    line: int


@dataclass
class OverviewRow:
    feld: str
    name: str
    ansprechperson: str | None
    umsetzungsort: str | None
    beteiligte: str | None
    jahre: list[int]
    line: int


@dataclass
class Massnahme:
    titel: str
    hinweis: str | None
    marks: list[Mark]
    position: int
    line: int
    fortfuehrung: bool = False  # an italic row with month marks: continuation, scheduled


@dataclass
class ContinuationNote:
    text: str
    position: int
    line: int


@dataclass
class Sheet:
    name: str
    line: int
    feld: str | None  # from a "Handlungsfeld: …" heading right above the sheet
    heading: str | None  # any other heading right above it (cross-cutting sheets)
    zielgruppe: str | None = None
    ansprechperson: str | None = None
    vor_ort: str | None = None
    beteiligte: str | None = None
    budget: str | None = None
    externe_beratung: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    massnahmen: list[Massnahme] = field(default_factory=list)
    notes: list[ContinuationNote] = field(default_factory=list)
    has_grid: bool = False


@dataclass
class Document:
    titel: str
    kreis: str
    jahr: int
    stand: date
    einleitung: str
    ziele: list[Ziel]
    handlungsfelder: list[Handlungsfeld]
    overview: list[OverviewRow]
    sheets: list[Sheet]
    log: list[LogEntry]


MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # the plan 2019 has 28 KB


def load_text(path: Path) -> str:
    """The document's text; empty, binary or non-UTF-8 files are refused in German, and so is
    anything but a regular file (/dev/zero or a pipe would never end) or a huge one."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"Die Datei {path} gibt es nicht")
    if not path.is_file():
        raise SourceError(f"{path} ist keine gewöhnliche Datei (ein Ordner, ein Gerät wie "
                          "/dev/zero oder eine Pipe); bitte das Dokument als Textdatei angeben")
    try:
        with path.open("rb") as file:
            data = file.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"Die Datei {path} lässt sich nicht lesen (keine Leserechte?)") from exc
    if len(data) > MAX_DOCUMENT_BYTES:
        raise SourceError(f"{path} ist größer als {MAX_DOCUMENT_BYTES // 1024 // 1024} MB; so "
                          "groß ist kein Werkstattplan")
    if b"\x00" in data:
        raise SourceError(f"{path} ist keine Textdatei (enthält Binärdaten)")
    try:
        text = data.decode("utf-8-sig")  # a byte order mark (Windows editors) is not text
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path} ist keine UTF-8-Textdatei (Byte {exc.start})") from exc
    if not text.strip():
        raise SourceError(f"{path} ist leer")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(text: str) -> Document:
    return _Reader(text).read()


class _Reader:
    def __init__(self, text: str):
        self.blocks = _blocks(text)
        self.log: list[LogEntry] = []
        self.ziele: list[Ziel] = []
        self.handlungsfelder: list[Handlungsfeld] = []
        self.overview: list[OverviewRow] = []
        self.sheets: list[Sheet] = []
        self.intro: list[str] = []
        # what the blocks read so far leave open for the next one
        self.pending_level: str | None = None  # a goal heading waiting for its table
        self.pending_heading: str | None = None  # a heading waiting for its sheet
        self.current: Sheet | None = None  # the sheet whose description and grid follow

    def read(self) -> Document:
        title, first_line = self._title()
        for block in self.blocks[1:]:
            if "\t" in block[0][1]:
                self._table(block, int(title["jahr"]))
            else:
                self._prose(block)
        self._close(self.current)
        if not self.sheets:
            raise SourceError("Das Dokument enthält kein Werkzeug-Blatt (abgeschnitten?)")
        if not self.handlungsfelder:
            raise SourceError("Die Übersicht der Handlungsfelder fehlt (abgeschnitten?)")
        return Document(
            titel=f"Werkstattplan {title['kreis']} {title['jahr']}", kreis=title["kreis"],
            jahr=int(title["jahr"]), stand=_stand(title["stand"], first_line),
            einleitung="\n\n".join(self.intro), ziele=self.ziele,
            handlungsfelder=self.handlungsfelder, overview=self.overview, sheets=self.sheets,
            log=self.log,
        )

    def _title(self) -> tuple[re.Match[str], int]:
        """The title line 'Werkstattplan <Kreis> <Jahr> (Stand: …)', alone in the first block."""
        if not self.blocks:
            raise SourceError("Das Dokument ist leer")
        first_line, first_text = self.blocks[0][0]
        title = _TITLE.match(collapse(first_text))
        if not title or len(self.blocks[0]) > 1:
            raise SourceError("Titelzeile „Werkstattplan <Kreis> <Jahr> (Stand: …)“ fehlt",
                              line=first_line)
        check_year(int(title["jahr"]), line=first_line, table=None)
        return title, first_line

    def _prose(self, block) -> None:
        """A paragraph: a goal heading, a sheet's description, the introduction, an empty
        caption, or the heading of the next sheet."""
        line, first = block[0]
        head = collapse(first)
        if level := _goal_level(head):
            self.pending_level = level
        elif self.current is not None and not self.current.has_grid:
            self.current.paragraphs.extend(collapse(t) for _, t in block)
        elif not self.sheets and not self.overview and not self.ziele:
            self.intro.extend(collapse(t) for _, t in block)
        elif head.endswith(":") and len(block) == 1 and not head.startswith("Handlungsfeld"):
            self.log.append(LogEntry("Dokument", f"„{head}“ ohne Text (in der Vorlage "
                                     "vermutlich Logos); nicht übernommen", line))
        else:
            self.pending_heading = head

    def _table(self, block, jahr: int) -> None:
        """A tab-separated table, told apart by its header row."""
        if level := _goal_level(collapse(block[0][1].split("\t")[0])):
            self.pending_level = level  # a heading glued to its goal table
            block = block[1:]
            if not block:
                return
        line, first = block[0]
        cells = first.split("\t")
        head = collapse(cells[0])
        if _is_goal_header(cells):
            if self.pending_level is None:
                raise SourceError("Zieltabelle ohne Überschrift (übergeordnete oder "
                                  "konkretisierte Ziele)", line=line, table="Ziele")
            self._goals(block, self.pending_level)
            self.pending_level = None
        elif head.startswith("Handlungsfelder"):
            self._overview(block)
        elif head in ("Werkzeug", "Werkzeuge") and len(cells) > 1 and \
                collapse(cells[1]).startswith("Zielgruppe"):
            self._close(self.current)
            self.current = self._sheet(block, self.pending_heading)
            self.pending_heading = None
        elif head.startswith("Einzelmaßnahmen"):
            if self.current is None:
                raise SourceError("Einzelmaßnahmen ohne vorangehendes Werkzeug-Blatt",
                                  line=line, table="Einzelmaßnahmen")
            self._grid(self.current, block)
        else:
            raise SourceError(
                f"Tabelle ohne erkennbare Kopfzeile (erwartet z. B. „Einzelmaßnahmen: Jahr "
                f"{jahr}“ mit den Monaten 1–12); beginnt mit „{head[:60]}“",
                line=line, table=self.current.name if self.current else "unbekannt")

    # --- tables -------------------------------------------------------------------------
    def _rows(self, block, table: str) -> list[tuple[int, list[str]]]:
        """Rows of one table; every row must have as many cells as the first."""
        width = len(block[0][1].split("\t"))
        rows = []
        for line, text in block:
            if "\t" not in text:
                raise SourceError("Zeile ohne Tabulatoren mitten in einer Tabelle",
                                  line=line, table=table)
            cells = text.split("\t")
            if len(cells) != width:
                raise SourceError(f"{len(cells)} Spalten statt {width} wie in der Kopfzeile "
                                  "(Zeile abgeschnitten oder verschoben?)", line=line, table=table)
            rows.append((line, cells))
        return rows

    def _goals(self, block, level: str) -> None:
        table = f"{level.capitalize()} Ziele"
        rows = self._rows(block, table)
        header_line, header = rows[0]
        dims = []
        for cell in header:
            key = collapse(cell).replace("/ ", "/").lower()
            if key not in DIMENSIONS:
                raise SourceError(f"Unbekannte Zieldimension „{collapse(cell)}“",
                                  line=header_line, table=table)
            dims.append(DIMENSIONS[key])
        positions = dict.fromkeys(dims, 0)
        for _, cells in rows[1:]:
            for dim, cell in zip(dims, cells, strict=True):
                if text := collapse(plain_text(cell)):
                    positions[dim] += 1
                    self.ziele.append(Ziel(level, dim, text, positions[dim]))

    def _overview(self, block) -> None:
        table = "Handlungsfelder (Übersicht)"
        rows = self._rows(block, table)
        header_line, header = rows[0]
        names = [collapse(c).lower() for c in header]
        try:
            col = {key: next(i for i, n in enumerate(names) if n.startswith(key))
                   for key in ("handlungsfeld", "beschreibung", "werkzeug", "ansprechperson",
                               "umsetzungsort", "beteiligte")}
        except StopIteration:
            raise SourceError("Kopfzeile der Übersicht unvollständig", line=header_line,
                              table=table) from None
        years = {i: check_year(int(n), line=header_line, table=table)
                 for i, n in enumerate(names) if re.fullmatch(r"\d{4}", n)}
        feld: Handlungsfeld | None = None
        for line, cells in rows[1:]:
            if name := collapse(cells[col["handlungsfeld"]]):
                if twice := next((f for f in self.handlungsfelder if f.name == name), None):
                    raise SourceError(f"Handlungsfeld „{name}“ steht zweimal in der Übersicht "
                                      f"(zuerst in Zeile {twice.line})", line=line, table=table)
                feld = Handlungsfeld(name, blank_to_none(plain_text(cells[col["beschreibung"]])),
                                     len(self.handlungsfelder) + 1, line)
                self.handlungsfelder.append(feld)
            tool = collapse(cells[col["werkzeug"]])
            if not tool:
                continue
            if feld is None:
                raise SourceError("Werkzeug ohne Handlungsfeld in der Übersicht", line=line,
                                  table=table)
            if first := next((r for r in self.overview if r.name == tool), None):
                raise SourceError(f"Werkzeug „{tool}“ steht zweimal in der Übersicht (zuerst "
                                  f"in Zeile {first.line})", line=line, table=table)
            marks = {i: collapse(cells[i]) for i in years}
            for i, mark in marks.items():
                if mark and mark.upper() != "X":
                    raise SourceError(f"Jahresspalte {years[i]} enthält „{mark}“ statt X",
                                      line=line, table=table)
            self.overview.append(OverviewRow(
                feld.name, tool, blank_to_none(collapse(cells[col["ansprechperson"]])),
                blank_to_none(collapse(cells[col["umsetzungsort"]])),
                blank_to_none(collapse(cells[col["beteiligte"]])),
                [years[i] for i, mark in marks.items() if mark], line))

    def _sheet(self, block, heading: str | None) -> Sheet:
        header_line, header = block[0][0], block[0][1].split("\t")
        columns = {}
        for index, cell in enumerate(header):
            key = collapse(cell).lower()
            for prefix, attr in SHEET_COLUMNS.items():
                if key.startswith(prefix) and attr not in columns:
                    columns[attr] = index
        missing = [p for p, a in SHEET_COLUMNS.items() if a not in columns]
        if missing:
            raise SourceError(f"Spalte(n) {', '.join(missing)} fehlen im Werkzeug-Blatt",
                              line=header_line, table="Werkzeug")
        rows = block[:]
        grid_at = next((i for i, (_, t) in enumerate(rows) if t.startswith("Einzelmaßnahmen")),
                       len(rows))
        sheet_rows = self._rows(rows[:grid_at], "Werkzeug")
        if len(sheet_rows) < 2:
            raise SourceError("Werkzeug-Blatt ohne Datenzeile", line=header_line, table="Werkzeug")
        line, cells = sheet_rows[1]
        name = collapse(plain_text(cells[columns["name"]]))
        if not name:
            raise SourceError("Werkzeug-Blatt ohne Namen (erste Spalte leer)", line=line,
                              table="Werkzeug")
        feld = None
        if heading and heading.startswith("Handlungsfeld:"):
            feld = collapse(heading.split(":", 1)[1])
            heading = None
        sheet = Sheet(name=name, line=line, feld=feld, heading=heading)
        for attr, index in columns.items():
            if attr != "name":
                setattr(sheet, attr, blank_to_none(collapse(cells[index])))
        for extra_line, extra in sheet_rows[2:]:
            filled = [c for c in extra if c.strip()]
            if len(filled) != 1 or not extra[0].strip():
                raise SourceError("Unerwartete Zeile im Werkzeug-Blatt (erwartet: Beschreibung "
                                  "in der ersten Spalte)", line=extra_line, table=name)
            sheet.paragraphs.extend(plain_text(extra[0]).split("\n\n"))
        if grid_at < len(rows):
            self._grid(sheet, rows[grid_at:])
        self.sheets.append(sheet)
        return sheet

    def _grid(self, sheet: Sheet, block) -> None:
        if sheet.has_grid:
            raise SourceError("Zweites Monatsraster für dasselbe Werkzeug", line=block[0][0],
                              table=sheet.name)
        table = f"Einzelmaßnahmen {sheet.name}"
        rows = self._rows(block, table)
        header_line, header = rows[0]
        year, columns = read_header(header, line=header_line, table=table)
        year = year or self._plan_year()
        sheet.has_grid = True
        for line, cells in rows[1:]:
            raw_title = cells[0].strip()
            if not raw_title:
                if any(c.strip() for c in cells):
                    raise SourceError("Markierungen ohne Maßnahmentitel", line=line, table=table)
                continue
            if italic := _ITALIC_ROW.match(raw_title):
                text = collapse(plain_text(italic.group(1)))
                marks = read_marks(cells, columns, year, text, line=line, table=table)
                if marks:  # months marked: scheduled continuation work, not a mere note
                    sheet.massnahmen.append(Massnahme(text, None, marks, len(sheet.massnahmen) + 1,
                                                      line, fortfuehrung=True))
                    self.log.append(LogEntry("Maßnahme", f"kursive Zeile „{text}“ mit "
                                             "Monatsmarkierung als Maßnahme zur Fortführung "
                                             "übernommen", line, sheet.name))
                    continue
                sheet.notes.append(ContinuationNote(text, len(sheet.notes) + 1, line))
                self.log.append(LogEntry("Maßnahme", f"kursive Zeile „{text}“ ohne "
                                         "Monatsmarkierung als Hinweis zur Fortführung "
                                         "übernommen, nicht als Maßnahme", line, sheet.name))
                continue
            hinweis = None
            if inline := _INLINE_ITALIC.search(raw_title):
                hinweis = collapse(plain_text(inline.group(1)))
                raw_title = _INLINE_ITALIC.sub("", raw_title)
                self.log.append(LogEntry("Maßnahme", f"kursiver Zusatz „{hinweis}“ als Hinweis "
                                         "der Maßnahme gespeichert", line, sheet.name))
            title = collapse(plain_text(raw_title))
            marks = read_marks(cells, columns, year, title, line=line, table=table)
            sheet.massnahmen.append(Massnahme(title, hinweis, marks, len(sheet.massnahmen) + 1,
                                              line))
            if not marks:
                self.log.append(LogEntry("Termin", f"„{title}“ hat keine Monatsmarkierung: "
                                         "Maßnahme ohne Termin", line, sheet.name))
            for mark in marks:
                if is_interpreted(mark):
                    self.log.append(LogEntry("Termin", f"„{title}“: {mark.deutung}", line,
                                             sheet.name))

    def _close(self, sheet: Sheet | None) -> None:
        if sheet is not None and not sheet.has_grid:
            raise SourceError("Werkzeug-Blatt ohne Tabelle der Einzelmaßnahmen (Kopfzeile "
                              "„Einzelmaßnahmen: Jahr …“ fehlt oder Dokument abgeschnitten)",
                              line=sheet.line, table=sheet.name)

    def _plan_year(self) -> int:
        title, _ = self._title()
        return int(title["jahr"])


def _stand(text: str, line: int) -> date:
    """The title's Stand, written 2019_01_30 or 30.01.2019."""
    if "_" in text:
        y, m, d = (int(x) for x in text.split("_"))
    else:
        d, m, y = (int(x) for x in text.split("."))
    try:
        return date(y, m, d)
    except ValueError:
        raise SourceError(f"Stand „{text}“ ist kein gültiges Datum", line=line) from None


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


_GOAL_HEADING = re.compile(r"\b(übergeordnete|konkretisierte) Ziele\b")
_GOAL_LEVELS = {"übergeordnete": vocab.TOP_LEVEL, "konkretisierte": vocab.CONCRETE}


def _goal_level(text: str) -> str | None:
    """The level a goal heading announces ("… – übergeordnete Ziele"); whole words only, so
    prose about "konkretisierten Zielen" stays prose."""
    m = _GOAL_HEADING.search(text)
    return _GOAL_LEVELS[m.group(1)] if m else None


def _is_goal_header(cells: list[str]) -> bool:
    keys = [collapse(c).replace("/ ", "/").lower() for c in cells]
    return bool(keys) and all(k in DIMENSIONS for k in keys)
