"""Download buttons built on click: the handout (PDF) of the filtered view, charts as images."""
from __future__ import annotations

import re
from typing import Literal

import plotly.graph_objects as go
import streamlit as st

from pages._ui import data
from werkstatt import vocab
from werkstatt.outputs import handout, images, report
from werkstatt.views import baseline, bericht
from werkstatt.views.filters import Filters


def handout_button(current: Filters, key: str = "handout",
                   width: Literal["stretch", "content"] = "content") -> None:
    """"Handout (PDF)" for the view as filtered; the PDF is built only when clicked. Without
    WeasyPrint/pango a German message says what to install, and the page works on."""
    try:
        handout.ensure_available()
    except handout.HandoutError as exc:
        st.warning(str(exc), icon=":material/picture_as_pdf:")
        return

    plan = data.plan()  # this run's data: the click builds what the page shows

    def build() -> bytes:
        return handout.build_handout(plan, current)

    st.download_button("Handout (PDF)", data=build, file_name="werkstattplan-handout.pdf",
                       mime="application/pdf", icon=":material/picture_as_pdf:", key=key,
                       on_click="ignore", width=width,
                       help="Der Plan mit den gewählten Filtern als PDF (A4 quer) zum Verteilen.")


def report_buttons(current: Filters) -> None:
    """"Sachstandsbericht" as PDF and as Word file (DOCX) at the sidebar's Stichtag, compared
    with the Beschluss; each built only when clicked."""
    plan = data.plan()
    chosen = baseline.baseline_of(plan, vocab.BESCHLUSS_KEY)
    if chosen is None:
        return
    stamp = (current.stichtag or plan.default_stichtag()).isoformat()

    def content():
        return bericht.sachstandsbericht(plan, current, chosen)

    row = st.container(horizontal=True)  # side by side, each as wide as its label
    left = right = row
    try:
        handout.ensure_available()
    except handout.HandoutError as exc:
        left.caption(str(exc))
    else:
        left.download_button("Sachstandsbericht (PDF)", data=lambda: report.build_pdf(content()),
                             file_name=f"sachstandsbericht-{stamp}.pdf", mime="application/pdf",
                             icon=":material/summarize:", key="bericht-pdf", on_click="ignore",
                             help="Bericht an den Ausschuss zum Stichtag der Seitenleiste: Stand, "
                                  "Termintreue, Änderungen seit dem Beschluss mit Gründen, was "
                                  "ansteht, Indikatoren, Budget, Plancheck.")
    right.download_button("Sachstandsbericht (Word)", data=lambda: report.build_docx(content()),
                          file_name=f"sachstandsbericht-{stamp}.docx", mime=DOCX_MIME,
                          icon=":material/description:", key="bericht-docx", on_click="ignore",
                          help="Derselbe Bericht als bearbeitbare Word-Datei (für die "
                               "Sitzungsvorlage).")


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chart_buttons(figure: go.Figure, name: str, key: str) -> None:
    """"Diagramm als SVG" and "Diagramm als PNG (16:9)", each built on click (kaleido)."""
    problem = images.image_problem()
    if problem:
        st.caption(problem)
        return
    name = re.sub(r"[^0-9a-zäöüß]+", "-", name.lower()).strip("-")  # a file name
    left, right = st.columns(2)
    left.download_button("Diagramm als SVG", data=lambda: images.image(figure, "svg"),
                         file_name=f"{name}.svg", mime="image/svg+xml", on_click="ignore",
                         key=f"{key}-svg", icon=":material/download:")
    right.download_button("Diagramm als PNG (16:9)", data=lambda: images.image(figure, "png"),
                          file_name=f"{name}.png", mime="image/png", on_click="ignore",
                          key=f"{key}-png", icon=":material/download:")
