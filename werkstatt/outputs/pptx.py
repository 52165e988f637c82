"""The presentation as a PowerPoint file (.pptx, 16:9) for offices that present from PowerPoint.

It renders the same Deck as the presentation page (werkstatt.views.slides): the same slides,
parts and titles. Every slide's title is its PowerPoint title (outline, navigation, screen
readers); tables are native PowerPoint tables, a Gantt is a PNG at slide size (kaleido) with
its facts as alternative text and in the notes; text is marked German."""
from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from werkstatt import formats
from werkstatt.errors import FilterValueError
from werkstatt.outputs import images
from werkstatt.views import slides
from werkstatt.views.filters import Filters
from werkstatt.views.plan_data import PlanData

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.4)
TITLE_TOP, TITLE_HEIGHT = Inches(0.25), Inches(0.95)
BODY_TOP = Inches(1.3)
FOOTER_HEIGHT = Inches(0.35)
BODY_HEIGHT = HEIGHT - BODY_TOP - FOOTER_HEIGHT - Inches(0.1)
TITLE_ONLY, TITLE_SLIDE = 5, 0  # layouts of python-pptx's default template
TABLE_FONT = Pt(14)  # the page's 20 px tables fit in fewer lines than counted
TEXT = RGBColor(0x31, 0x33, 0x3F)
HEADER_FILL = RGBColor(0xEE, 0xEE, 0xEE)
PIXELS_PER_INCH = 1920 / 13.333  # a slide shown at 1920×1080


def build(plan: PlanData, chosen: Filters, sections: Sequence[str] = ()) -> bytes:
    """The presentation of the plan for these filters as .pptx (the command line); only the
    `sections` named (slide chooser keys), all for none. An unknown key is a FilterValueError
    naming the keys there are."""
    deck = slides.deck(plan, chosen)
    keys = [section.key for section in deck.sections]
    unknown = [key for key in sections if key not in keys]
    if unknown:
        raise FilterValueError(f"Die Folien „{', '.join(unknown)}“ gibt es in dieser "
                               f"Präsentation nicht. Möglich: {', '.join(keys)}.")
    return presentation(deck, sections)


def presentation(deck: slides.Deck, chosen: Sequence[str] = ()) -> bytes:
    """The chosen sections of the deck (all for none) as .pptx bytes. Gantt slides need
    kaleido and Chromium (images.ImageError otherwise)."""
    document = Presentation()
    document.slide_width, document.slide_height = WIDTH, HEIGHT
    properties = document.core_properties
    properties.title = deck.plan_title
    properties.subject = f"Stichtag {formats.day(deck.stichtag)}. {deck.filter_text}"
    properties.language = "de-DE"
    shown = deck.chosen(chosen)
    for number, slide in enumerate(shown, 1):
        if slide.kind == slides.TITLE:
            _title_slide(document, deck, slide)
            continue
        page = document.slides.add_slide(document.slide_layouts[TITLE_ONLY])
        title = page.shapes.title
        title.left, title.top, title.width, title.height = (MARGIN, TITLE_TOP,
                                                            WIDTH - 2 * MARGIN, TITLE_HEIGHT)
        _text(title.text_frame, [deck.heading(slide)], Pt(32), bold=True, align=PP_ALIGN.LEFT)
        _footer(page, deck, number, len(shown))
        _body(page, deck, slide)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _body(page, deck: slides.Deck, slide: slides.Slide) -> None:
    lines = deck.text(slide)
    if slide.kind == slides.GANTT:
        _gantt(page, deck, slide)
    elif slide.kind == slides.STATUS:
        _table(page, deck.stand, BODY_TOP)  # the lines below: overdue, Termintreue
        _textbox(page, lines, HEIGHT - FOOTER_HEIGHT - Inches(0.4 + 0.45 * len(lines)))
    elif slide.kind == slides.BUDGET:
        _textbox(page, lines[:1], BODY_TOP)
        _table(page, deck.budget.by_field, BODY_TOP + Inches(0.7))
        _textbox(page, lines[1:], HEIGHT - FOOTER_HEIGHT - Inches(0.8))
    elif (empty := deck.empty_text(slide)) is not None:
        _textbox(page, [empty], BODY_TOP)
    else:
        columns = {slides.UPCOMING: deck.layout.upcoming_columns,
                   slides.CHANGES: deck.layout.change_columns}.get(
            slide.kind, deck.layout.indicator_columns)
        top = int(BODY_TOP)
        if lines:  # an indicator slide: its field's indicators per Stand above the table
            _textbox(page, lines, top)
            top += int(Inches(0.6))
        _table(page, deck.table_part(slide), top, [share for _, share in columns])


def _title_slide(document, deck: slides.Deck, slide: slides.Slide) -> None:
    page = document.slides.add_slide(document.slide_layouts[TITLE_SLIDE])
    title, subtitle = page.placeholders[0], page.placeholders[1]
    title.left, title.top, title.width, title.height = (MARGIN, Inches(2.0), WIDTH - 2 * MARGIN,
                                                        Inches(1.5))
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        MARGIN, Inches(3.7), WIDTH - 2 * MARGIN, Inches(2.2))
    _text(title.text_frame, [deck.heading(slide)], Pt(40), bold=True)
    _text(subtitle.text_frame, deck.text(slide), Pt(24))


def _gantt(page, deck: slides.Deck, slide: slides.Slide) -> None:
    """The slide's Gantt part as a PNG drawn for the picture's size at 1920×1080 (so its
    text is SLIDE_FONT px there); its facts as alternative text and in the notes."""
    width, height = WIDTH - 2 * MARGIN, BODY_HEIGHT
    size = (round(Emu(width).inches * PIXELS_PER_INCH), round(Emu(height).inches *
                                                            PIXELS_PER_INCH))
    figure = images.slide_gantt(deck.gantt_part(slide), deck.months, deck.stichtag, deck.monat,
                                size)
    picture = page.shapes.add_picture(io.BytesIO(images.image(figure, "png", size)), MARGIN,
                                      BODY_TOP, width=width, height=height)
    table, headers = deck.gantt_table(slide)
    facts = _facts(table, headers)
    picture._element.nvPicPr.cNvPr.set(  # the alternative text ("descr") has no API
        "descr", f"Zeitplan {slide.title}: Balken und Meilensteine über die Monate. {facts}")
    page.notes_slide.notes_text_frame.text = facts


def _facts(table: pd.DataFrame, headers: list[int]) -> str:
    """A Gantt table as sentences: "Werkzeug: Maßnahme (Zeitraum, Status); …"."""
    parts, tool = [], ""
    for index, row in enumerate(table.itertuples(index=False)):
        if index in headers:
            tool = row[0]
        else:
            parts.append(f"{tool}: {row[0]} ({row[1]}, {row[2]})")
    return "; ".join(parts) + "."


def _table(page, frame: pd.DataFrame, top: int, shares: Sequence[float] = ()) -> None:
    """A native table: a bold header row, the layout's column shares (else equal)."""
    rows, columns = len(frame) + 1, len(frame.columns)
    width = WIDTH - 2 * MARGIN
    shape = page.shapes.add_table(rows, columns, MARGIN, top, width, Inches(0.45) * rows)
    table = shape.table
    table.first_row = True
    shares = list(shares) or [1 / columns] * columns
    for index, share in enumerate(shares):
        table.columns[index].width = Emu(int(width * share))
    values = [list(frame.columns)] + [[_cell(v) for v in row]
                                      for row in frame.itertuples(index=False)]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            cell.margin_top = cell.margin_bottom = Pt(3)
            cell.margin_left = cell.margin_right = Pt(4)
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = HEADER_FILL
            else:
                cell.fill.background()
            _text(cell.text_frame, [value], TABLE_FONT, bold=r == 0)


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _textbox(page, lines: list[str], top: int) -> None:
    box = page.shapes.add_textbox(MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.6))
    box.text_frame.word_wrap = True
    _text(box.text_frame, lines, Pt(20))


def _footer(page, deck: slides.Deck, number: int, count: int) -> None:
    box = page.shapes.add_textbox(MARGIN, HEIGHT - FOOTER_HEIGHT, WIDTH - 2 * MARGIN,
                                  FOOTER_HEIGHT)
    _text(box.text_frame, [f"{deck.plan_title} · Stichtag {formats.day(deck.stichtag)} · "
                           f"Folie {number} von {count}"], Pt(11), color=RGBColor(0x55, 0x55,
                                                                                   0x55))


def _text(frame, lines: Sequence[str], size: Pt, bold: bool = False,
          align: PP_ALIGN | None = None, color: RGBColor = TEXT) -> None:
    """`lines` as the frame's paragraphs, German, in one size."""
    frame.word_wrap = True
    frame.text = ""
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold = size, bold
        run.font.color.rgb = color
        run.font.language_id = MSO_LANGUAGE_ID.GERMAN
