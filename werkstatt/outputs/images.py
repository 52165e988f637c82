"""Charts as images (SVG, PNG at slide size) through kaleido and the system's Chromium."""
from __future__ import annotations

import threading
import warnings

import plotly.graph_objects as go

from werkstatt.errors import WerkstattError

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
