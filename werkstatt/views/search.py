"""The search field above a table: the rows that contain a text (pure)."""
from __future__ import annotations

import pandas as pd

MAX_TERM = 80


def rows_containing(table: pd.DataFrame, term: str | None) -> pd.DataFrame:
    """The rows of `table` in which any cell contains `term` (case and surrounding spaces
    ignored, no pattern syntax); all rows for an empty term."""
    needle = (term or "").strip().casefold()[:MAX_TERM]
    if not needle or table.empty:
        return table
    cells = table.astype(object).where(table.notna(), "").astype(str)  # never "None" or "nan"
    text = cells.agg(" | ".join, axis=1).str.casefold()
    return table[text.str.contains(needle, regex=False)]
