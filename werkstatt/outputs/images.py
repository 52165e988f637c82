"""Charts as images (SVG, PNG at slide size) through kaleido and the system's Chromium."""
from __future__ import annotations

import io
import threading
import warnings
import zipfile
from dataclasses import replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from werkstatt.errors import WerkstattError
from werkstatt.outputs import charts
from werkstatt.views import gantt_rows, slides

SLIDE_SIZE = (1920, 1080)  # 16:9


class ImageError(WerkstattError):
    """A chart cannot be turned into an image on this machine (a system piece is missing)."""


_image_lock = threading.Lock()
_image_server = {"started": False}


def image_problem() -> str | None:
    """Why chart images cannot be made here (German, what to install), or None. Cheap: looks
    for kaleido and a Chromium without starting one, so a page can say so before a click."""
    try:
        import kaleido  # noqa: F401
        from choreographer.browsers.chromium import Chromium
    except ImportError:
        return ("Diagramme als Bild brauchen das Python-Paket kaleido: "
                "pip install kaleido==1.5.0")
    if Chromium.find_browser(skip_local=False) is None:
        return ("Diagramme als Bild brauchen einen Chromium-Browser auf dem Server: "
                "apt-get install -y chromium")
    return None


def image(figure: go.Figure, fmt: str, size: tuple[int, int] = SLIDE_SIZE) -> bytes:
    """The chart as SVG or PNG bytes sized for a 16:9 slide (1920×1080).

    kaleido drives the system's Chromium; it is started on the first request only (a
    running Chrome costs ~350 MB) and kept for the next ones."""
    if fmt not in ("svg", "png"):
        raise ImageError(f"Unbekanntes Bildformat „{fmt}“: möglich sind svg und png.")
    try:
        import kaleido
        import plotly.io as pio
    except ImportError as exc:
        raise ImageError("Bilder der Diagramme brauchen das Python-Paket kaleido: "
                         "pip install kaleido==1.5.0") from exc
    width, height = size
    try:
        with _image_lock:
            if not _image_server["started"]:
                kaleido.start_sync_server(silence_warnings=True)
                _image_server["started"] = True
            with warnings.catch_warnings():  # plotly warns that a server ignores its options
                warnings.simplefilter("ignore", UserWarning)
                return pio.to_image(figure, format=fmt, width=width, height=height)
    except Exception as exc:  # kaleido's errors (no Chrome, Chrome crashed) have no common base
        raise ImageError("Das Bild konnte nicht erzeugt werden: kaleido findet keinen "
                         "lauffähigen Chromium-Browser. Installieren: apt-get install -y "
                         f"chromium ({type(exc).__name__}).") from exc


# --- charts drawn for a slide ------------------------------------------------------------------
SLIDE_FONT = 24  # px at 1920×1080: read from the back of a meeting room
LABEL_SHARE = 0.42  # of the width for a Gantt's row labels (as on the presentation page)


def label_chars(width: int, font_size: int = SLIDE_FONT) -> int:
    """Characters per line of a Gantt label on a slide image `width` px wide (half a font size
    per character; the left margin is then measured with IN_IMAGE's wider ones)."""
    return int(width * LABEL_SHARE / (font_size / 2))


def slide_gantt(rows: pd.DataFrame, months: list[date], stichtag: date | None,
                highlight: date | None, size: tuple[int, int], title: str = "") -> go.Figure:
    """A Gantt (or a part of one) for a slide of `size` pixels: SLIDE_FONT px text, names never
    cut, one flowing legend; with `title` above (an image on its own), without when the slide
    has one."""
    figure = charts.gantt(rows, months, stichtag, title=title, highlight=highlight,
                          font_size=SLIDE_FONT, label_width=label_chars(size[0]),
                          label_lines=None, slide=replace(charts.IN_IMAGE, width=size[0]))
    figure.update_layout(width=size[0], height=size[1])
    return figure


def gantt_image_parts(rows: pd.DataFrame,
                      size: tuple[int, int] = SLIDE_SIZE) -> list[tuple[int, ...]]:
    """The measures of each slide image of a Gantt: as few parts as fit `size` with
    SLIDE_FONT px text and a title, spread evenly (cheap: no drawing)."""
    margin = charts.gantt_margins(SLIDE_FONT, slide=replace(charts.IN_IMAGE, width=size[0]))
    found = gantt_rows.rows(rows["werkzeug_id"], rows["werkzeug"], rows["massnahme_id"],
                            rows["massnahme"], label_chars(size[0]), None)
    return slides.gantt_parts(
        found, lambda row: (gantt_rows.row_height(len(row.lines), SLIDE_FONT,
                                                  gantt_rows.DENSE_GAP),),
        (size[1] - margin["t"] - margin["b"],))


def gantt_images(rows: pd.DataFrame, months: list[date], stichtag: date | None,
                 highlight: date | None, title: str,
                 size: tuple[int, int] = SLIDE_SIZE) -> list[go.Figure]:
    """A field's Gantt as slide images, one per part of gantt_image_parts, each titled
    ("Teilhabe in Dithmarschen (1/2)")."""
    parts = gantt_image_parts(rows, size)
    return [slide_gantt(rows[rows["massnahme_id"].isin(part)], months, stichtag, highlight,
                        size, title if len(parts) == 1 else f"{title} ({i}/{len(parts)})")
            for i, part in enumerate(parts, 1)]


def budget_image(items: pd.DataFrame, title: str,
                 size: tuple[int, int] = SLIDE_SIZE) -> go.Figure:
    """The budget ranges for a slide: SLIDE_FONT px text, Werkzeug names never cut, a title;
    as many of the largest amounts as fit (the title says so when some are left out)."""
    chars = label_chars(size[0])
    stated = items[items["betrag_max"].notna()]
    lines = 1 + max((len(gantt_rows.wrap(name, chars)) for name in stated["werkzeug"]),
                    default=1)  # the name and its period
    plot = size[1] - 6 * SLIDE_FONT - 70  # the title above, ticks and legend below
    fits = max(1, int(plot // ((gantt_rows.LINE * lines + 0.5) * SLIDE_FONT)))
    if len(stated) > fits:
        title = f"{title} (die {fits} größten von {len(stated)} Beträgen)"
    figure = charts.budget_ranges(items, limit=fits, font_size=SLIDE_FONT, label_width=chars,
                                  title=title)
    figure.update_layout(width=size[0], height=size[1])
    return figure


def archive(files: list[tuple[str, bytes]]) -> bytes:
    """Several images as one ZIP file (a chart that needs several slides)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files:
            bundle.writestr(zipfile.ZipInfo(name, date_time=(2019, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()
