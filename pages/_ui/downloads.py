"""Download buttons built on click: the handout (PDF) of the filtered view, the presentation as
PowerPoint, charts as slide images. File names say the view (filenames.view_name)."""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Literal

import plotly.graph_objects as go
import streamlit as st

from pages._ui import data
from werkstatt import vocab
from werkstatt.outputs import handout, images, plan_document, pptx, report
from werkstatt.outputs.filenames import view_name
from werkstatt.views import baseline, bericht, slides
from werkstatt.views.budget import BudgetView
from werkstatt.views.filters import Filters
from werkstatt.views.plan_document import plan_document as plan_document_view
from werkstatt.views.zeitplan import Gantt

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


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

    st.download_button("Handout (PDF)", data=build, file_name=view_name("handout", current, "pdf"),
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


def plan_document_buttons() -> None:
    """The whole plan as a document again: as text in the source document's layout (`init
    --source` reads it) and as a Word file; each built on click, once per data version (in
    the public mode from the copy without names, like every read)."""
    path, state = data.now()
    stem = f"werkstattplan-{data.plan().info['jahr']}" + ("-oeffentlich" if state[1] else "")
    row = st.container(horizontal=True)
    row.download_button("Plan als Text (.txt)",
                        data=lambda: plan_document_file(path, state, ".txt"),
                        file_name=f"{stem}.txt", mime="text/plain", icon=":material/article:",
                        key="plan-txt", on_click="ignore",
                        help="Der ganze Plan im Aufbau des Werkstattplan-Dokuments "
                             "(Tabellen mit Tabulatoren, Monatsspalten mit X); "
                             "`python -m werkstatt init --source` baut daraus denselben Plan.")
    row.download_button("Plan als Word-Datei", data=lambda: plan_document_file(path, state,
                                                                              ".docx"),
                        file_name=f"{stem}.docx", mime=DOCX_MIME, icon=":material/description:",
                        key="plan-docx", on_click="ignore",
                        help="Der ganze Plan als Word-Datei: Zielkatalog, Übersicht je "
                             "Handlungsfeld, je Werkzeug eine Tabelle mit den Monaten; zum "
                             "Weiterschreiben des nächsten Plans.")
    notes = plan_document_view(data.plan()).hinweise  # once per data version
    if notes:
        st.caption("Nicht im Plan als Text: " + " ".join(notes))


@st.cache_resource(show_spinner=False, max_entries=4)
def plan_document_file(path: str, state: data.State, kind: str) -> bytes:
    """The plan document's bytes (.txt or .docx), once per data version and view."""
    return plan_document.build(plan_document_view(data.plan_at(path, state)), kind)


def pptx_button(deck: slides.Deck, chosen: Sequence[str], current: Filters) -> None:
    """"PowerPoint" of the presentation's chosen slides, built on click (its Gantts are
    images: without kaleido/Chromium a German note says what to install)."""
    problem = images.image_problem()
    if problem:
        st.caption(problem)
        return
    st.download_button("PowerPoint (.pptx)", data=lambda: pptx.presentation(deck, chosen),
                       file_name=view_name("praesentation", current, "pptx"), mime=PPTX_MIME,
                       icon=":material/co_present:", key="pptx", on_click="ignore",
                       width="stretch",
                       help="Die gewählten Folien als PowerPoint-Datei (16:9), zum Vortragen "
                            "aus PowerPoint.")


def gantt_image_buttons(gantt: Gantt, current: Filters, key: str) -> None:
    """A field's Gantt as slide images (16:9, large type, names whole); a field that needs
    several slides comes as a ZIP with one image per slide."""
    plan = data.plan()

    def figures() -> list[go.Figure]:
        return images.gantt_images(gantt.rows, plan.months(), current.stichtag, current.monat,
                                   gantt.handlungsfeld)

    parts = len(images.gantt_image_parts(gantt.rows))
    _image_buttons(figures, parts, ("zeitplan", gantt.handlungsfeld), current, key)


def budget_image_buttons(view: BudgetView, current: Filters, key: str) -> None:
    _image_buttons(lambda: [images.budget_image(view.items, "Genannte Beträge je Werkzeug")],
                   1, ("budget",), current, key)


def _image_buttons(figures: Callable[[], list[go.Figure]], count: int, name: tuple[str, ...],
                   current: Filters, key: str) -> None:
    """"Diagramm als SVG" and "Diagramm als PNG (16:9)", each built on click (kaleido); `count`
    images come as one ZIP."""
    problem = images.image_problem()
    if problem:
        st.caption(problem)
        return
    what, *detail = name

    def build(fmt: str) -> bytes:
        drawn = figures()
        if count == 1:
            return images.image(drawn[0], fmt)
        return images.archive([(view_name(what, current, fmt, *detail, f"{i}-von-{count}"),
                                images.image(figure, fmt)) for i, figure in enumerate(drawn, 1)])

    help_text = ("Für Folien: 1920 × 1080 Pixel, große Schrift, ganze Namen, mit Titel."
                 + (f" Das Diagramm braucht {count} Folien: eine ZIP-Datei mit einem Bild je "
                    "Folie." if count > 1 else ""))
    left, right = st.columns(2)
    for column, fmt, label, mime in ((left, "svg", "Diagramm als SVG", "image/svg+xml"),
                                     (right, "png", "Diagramm als PNG (16:9)", "image/png")):
        column.download_button(
            label, data=functools.partial(build, fmt),
            file_name=view_name(what, current, "zip" if count > 1 else fmt, *detail,
                                *([fmt] if count > 1 else [])),
            mime="application/zip" if count > 1 else mime, on_click="ignore",
            key=f"{key}-{fmt}", icon=":material/download:", help=help_text)
