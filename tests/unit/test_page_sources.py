"""Static guards over the page scripts: every CSV download goes through to_csv_bytes (formula
cells neutralised), and no plan or user text reaches unsafe_allow_html."""
from __future__ import annotations

import re
from pathlib import Path

PAGES = sorted((Path(__file__).resolve().parents[2] / "pages").rglob("*.py"))


def test_no_page_writes_csv_itself():
    for path in PAGES:
        assert ".to_csv(" not in path.read_text(encoding="utf-8"), path


def test_every_csv_download_is_built_by_to_csv_bytes():
    # no page or glue module writes CSV itself (test above), so the bytes of every CSV
    # download come from to_csv_bytes, directly or through a cached view built with it
    sources = "".join(path.read_text(encoding="utf-8") for path in PAGES)
    downloads = [call for call in re.findall(r"download_button\((.*?)\)\n", sources, re.DOTALL)
                 if "text/csv" in call]
    assert len(downloads) >= 1  # german.table_tools: Zeitplan, Budget, Änderungen
    assert sources.count("to_csv_bytes(") >= len(downloads)


def test_no_page_allows_html():
    for path in PAGES:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path
