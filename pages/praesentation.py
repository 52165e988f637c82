"""Präsentation: the filtered plan as slides for the Arbeitskreis, one slide per screen.

The slide is the URL's `folie`, the chosen sections its `folien`; PageDown/PageUp (presenter
clickers), → / ← and the buttons change it. Which slides there are and what they show:
werkstatt.views.slides (the same Deck the PowerPoint file renders)."""
import streamlit as st

from pages._ui import downloads, filters, presenter, views
from werkstatt.outputs import charts
from werkstatt.text import markdown_escape
from werkstatt.views import slides

st.set_page_config(initial_sidebar_state="collapsed")
LAYOUT = slides.PROJECTOR
st.html(presenter.css(LAYOUT))

f = filters.current_filters()
deck = views.praesentation(f, LAYOUT)  # built once per data version and filters
bar = st.container(key="leiste").columns([1.05, 1.2, 1, 1.35, 1.25], vertical_alignment="center")
with bar[3]:
    chosen, chooser_notice = presenter.chosen_sections(deck)
shown = deck.chosen(chosen)
number, notice = slides.parse_folie(st.query_params.get("folie"), len(shown))
slide = shown[number - 1]


def go_to(target: int) -> None:
    st.query_params["folie"] = str(target)


previous, following = max(1, number - 1), min(len(shown), number + 1)
bar[0].button("Zurück", key="zurueck", icon=":material/arrow_back:", on_click=go_to,
              args=(previous,), disabled=number == 1, shortcut="PageUp", width="stretch")
bar[1].button("Weiter", key="weiter", icon=":material/arrow_forward:", on_click=go_to,
              args=(following,), disabled=number == len(shown), shortcut="PageDown",
              width="stretch")
bar[2].container(key="folienzaehler").markdown(f"**Folie {number} von {len(shown)}**")
with bar[4].popover("Herunterladen", icon=":material/download:", width="stretch"):
    downloads.handout_button(f, key="handout-praesentation", width="stretch")
    downloads.pptx_button(deck, chosen, f)
with st.container(key="praesentation-tasten"):  # one shortcut per button: the arrow keys too
    st.button("Weiter (Pfeil rechts)", key="weiter-pfeil", on_click=go_to, args=(following,),
              shortcut="Right")
    st.button("Zurück (Pfeil links)", key="zurueck-pfeil", on_click=go_to, args=(previous,),
              shortcut="Left")


def heading() -> None:
    st.title(markdown_escape(deck.heading(slide)), anchor=False)


with st.container(key="folie"):
    for message in (notice, chooser_notice):
        if message:
            st.warning(markdown_escape(message), icon=":material/link_off:")
    if slide.kind == slides.GANTT:
        left, right = st.columns([3, 1], vertical_alignment="center")
        with left:
            heading()
        show_table = right.toggle("Tabelle zeigen", key=f"tabelle-{number}",
                                  help="Dieselben Angaben wie das Diagramm, als Tabelle.")
        if show_table:
            table, headers = deck.gantt_table(slide)
            presenter.table(table, slides.GANTT, headers)
        else:
            figure = charts.gantt(deck.gantt_part(slide), deck.months, deck.stichtag,
                                  highlight=deck.monat, font_size=LAYOUT.chart_font,
                                  label_width=LAYOUT.label_chars, label_lines=None,
                                  slide=charts.IN_BROWSER)
            st.plotly_chart(charts.legend_figure(figure, LAYOUT.chart_font),
                            key=f"legende-{number}", config=charts.PLOTLY_CONFIG)
            presenter.chart_height(LAYOUT, figure.layout.height)
            with st.container(height=figure.layout.height, key="diagramm", border=False):
                st.plotly_chart(figure, key=f"gantt-{number}", height="stretch",
                                config=charts.PLOTLY_CONFIG)
    else:
        heading()
        lines = deck.text(slide)
        if slide.kind == slides.TITLE:
            st.markdown(markdown_escape("  \n".join(lines)))
            st.markdown(f"{len(shown) - 1} weitere Folien. Weiter mit Bild ↓ oder →.")
        elif slide.kind == slides.STATUS:
            presenter.table(deck.stand, slides.STATUS)
            for line in lines:  # overdue, and the Termintreue against the Beschluss
                st.markdown(markdown_escape(line))
        elif slide.kind == slides.BUDGET:
            st.markdown(markdown_escape(lines[0]))
            presenter.table(deck.budget.by_field, slides.BUDGET)
            st.markdown(markdown_escape(lines[1]))
        elif (empty := deck.empty_text(slide)) is not None:
            st.markdown(empty)
        else:
            for line in lines:  # its field's indicators per Stand, or what changed
                st.markdown(markdown_escape(line))
            presenter.table(deck.table_part(slide), slide.kind)
