"""Opening a workbook from outside safely, for the Excel import and the Messwerte import:
the zip directory checked before anything is unpacked (no zip bombs, no macros), formulas
found in the sheet's XML, the problems of a file reported together in German."""
from __future__ import annotations

import io
import warnings
import zipfile

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

from werkstatt import formats
from werkstatt.errors import ValidationError

# openpyxl warns in English on stderr (unknown extensions, data validation, …); the checks
# here say in German what matters
warnings.filterwarnings("ignore", module="openpyxl")

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 500
MAX_RATIO = 100  # unpacked / packed; real workbooks stay well below, zip bombs far above
MAX_ROWS = 5000
MAX_COLUMNS = 100  # the export has 20; the table is read from the first 100 columns
MAX_ERRORS_SHOWN = 10
NOT_XLSX = ("Die Datei ist keine lesbare Excel-Arbeitsmappe im Format .xlsx (anderes Format "
            "oder beschädigt). Bitte die exportierte Datei in Excel als „Excel-Arbeitsmappe "
            "(*.xlsx)“ speichern.")


def check_archive(data: bytes) -> None:
    """Refuse what is no .xlsx, and a zip whose declared content is absurd (a zip bomb), from
    the zip directory alone: nothing is unpacked here."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(NOT_XLSX) from None
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if len(entries) > MAX_ENTRIES:
            raise ValidationError(f"Die Datei enthält {len(entries)} Teile; eine Arbeitsmappe "
                                  f"aus dem Export hat weit weniger (erlaubt: {MAX_ENTRIES}).")
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise ValidationError(NOT_XLSX)
        if any("vbaproject" in name.lower() for name in names):  # any spelling of the part
            raise ValidationError("Die Arbeitsmappe enthält Makros; bitte ohne Makros als "
                                  ".xlsx speichern.")
        unpacked = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries)
        if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(packed, 1):
            raise ValidationError(
                f"Die Datei würde entpackt {formats.number(unpacked / 1024 / 1024, 1)} MB groß "
                f"(gepackt {formats.number(packed / 1024, 0)} KB): so groß ist keine "
                "Arbeitsmappe aus dem Export. Die Datei wurde nicht geöffnet.")


def open_workbook(data: bytes):
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    # a damaged or foreign file fails inside openpyxl in many ways; all mean "not readable"
    except Exception:  # noqa: BLE001
        raise ValidationError(NOT_XLSX) from None


def formulas(xml: bytes, title: str) -> list[str]:
    """A message per formula cell of the sheet's XML, read by an XML parser as openpyxl reads
    it: every column counts (also those far beyond the table), and no encoding (UTF-16, …)
    hides a formula from the check."""
    found, cell = [], None
    try:
        for event, element in DefusedET.iterparse(io.BytesIO(xml), events=("start", "end")):
            name = element.tag.rsplit("}", 1)[-1]
            if event == "end":
                element.clear()  # keep memory flat on a large sheet
            elif name == "c":
                cell = element.get("r")
            elif name == "f":
                where = (f"Zeile {cell.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}, Zelle {cell}"
                         if cell else "eine Zelle")
                found.append(f"Blatt „{title}“, {where}: enthält eine Formel. Bitte nur Werte "
                             "eintragen.")
    except (DefusedET.ParseError, ValueError, DefusedXmlException):
        raise ValidationError(f"Das Blatt „{title}“ lässt sich nicht lesen; die Datei ist "
                              "beschädigt.") from None
    return found


def refuse_if(errors: list[str]) -> None:
    if not errors:
        return
    shown = errors[:MAX_ERRORS_SHOWN]
    more = len(errors) - len(shown)
    raise ValidationError("Die Datei wurde nicht übernommen, nichts wurde gespeichert:\n"
                          + "\n".join(f"- {e}" for e in shown)
                          + (f"\n- … und {more} weitere Probleme." if more else ""))
