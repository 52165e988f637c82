"""CSV downloads as German spreadsheets expect them, safe against formula injection."""
from __future__ import annotations

import pandas as pd

# A cell starting with one of these runs as a formula in Excel/LibreOffice
# (`=HYPERLINK("http://ev.il/?x","klick")` typed as a login name or a comment).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; the rest
    (numbers, dates, empty cells, ordinary text) is returned unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """';'-separated, decimal comma, CRLF rows, UTF-8 with BOM (so Excel reads umlauts), no
    index; every text cell and column name neutralised."""
    safe = df.rename(columns=lambda name: neutralise(str(name)))
    text_columns = [c for c in safe.columns if not pd.api.types.is_numeric_dtype(safe[c])
                    and not pd.api.types.is_datetime64_any_dtype(safe[c])]
    safe[text_columns] = safe[text_columns].map(neutralise)
    # CRLF rows (RFC 4180): a CR inside a cell is then quoted instead of breaking the row
    return safe.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n") \
        .encode("utf-8-sig")
