"""Präsentation: the filtered plan as slides for the Arbeitskreis, one slide per screen.

The slide is the URL's `folie`; PageDown/PageUp (presenter clickers), → / ← and the buttons
change it. Which slides there are: werkstatt.views.slides."""
import streamlit as st

from pages._ui import data, downloads, filters, views
from werkstatt import formats
from werkstatt.outputs import charts
from werkstatt.text import markdown_escape
from werkstatt.views import filters as flt
from werkstatt.views import slides

st.set_page_config(initial_sidebar_state="collapsed")
FONT = charts.PROJECTOR_FONT_SIZE
ROW = charts.gantt_row_height(FONT)
CHART_HEIGHT = 470  # px left for a chart at 1024×768 beside the slide's title and buttons
CHART_MARGINS = dict(t=12, b=5 * FONT + 50)  # no title in the chart (the slide has it); legend
TABLE_HEIGHT = 470  # px for a table's rows at 1280×720, each row 30 px per line + 14 padding
UPCOMING_COLUMNS = {"Werkzeug": 20, "Maßnahme": 22, "Zeitraum": 12, "Status": 10,
                    "Ansprechpersonen": 22}  # characters per line at 1024 px
INDICATOR_COLUMNS = {"Indikator": 28, "Basiswert": 12, "Zielwert": 10, "Zieltermin": 10,
                     "letzter Messwert": 10}
# Static CSS of our own, no plan text: large type (growing on big screens), less padding,
# the extra shortcut buttons hidden.
st.html("""<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; padding-bottom: 0.5rem; }
.st-key-folie p, .st-key-folie li, .st-key-folie td, .st-key-folie th,
.st-key-folie [data-testid="stMetricLabel"] p, .st-key-folienzaehler p {
  font-size: max(22px, 1.4vw); }
.st-key-folie td, .st-key-folie th { font-size: max(20px, 1.3vw); }
.st-key-folie h1 { font-size: max(2rem, 2.2vw); padding: 0.25rem 0; }
.st-key-folie td, .st-key-folie th { padding: 0.3rem 0.5rem; }
.st-key-praesentation-tasten { display: none; }
</style>""")

LAYOUT = slides.Layout(
    gantt_rows=slides.rows_that_fit(CHART_HEIGHT, ROW, sum(CHART_MARGINS.values())),
    table_height=TABLE_HEIGHT, upcoming_columns=tuple(UPCOMING_COLUMNS.items()),
    indicator_columns=tuple(INDICATOR_COLUMNS.items()))

f = filters.current_filters()
plan = data.plan()
info, months = plan.info, plan.months()
presentation = views.praesentation(f, LAYOUT)  # built once per data version and filters
deck = presentation.slides
number, notice = slides.parse_folie(st.query_params.get("folie"), len(deck))
slide = deck[number - 1]


def go_to(target: int) -> None:
    st.query_params["folie"] = str(target)


bar = st.columns([1, 1, 1.3, 1.6], vertical_alignment="center")
bar[0].button("Zurück", key="zurueck", icon=":material/arrow_back:", on_click=go_to,
              args=(max(1, number - 1),), disabled=number == 1, shortcut="PageUp",
              width="stretch")
bar[1].button("Weiter", key="weiter", icon=":material/arrow_forward:", on_click=go_to,
              args=(min(len(deck), number + 1),), disabled=number == len(deck),
              shortcut="PageDown", width="stretch")
bar[2].container(key="folienzaehler").markdown(f"**Folie {number} von {len(deck)}**")
with bar[3]:
    downloads.handout_button(f, key="handout-praesentation", width="stretch")
with st.container(key="praesentation-tasten"):  # one shortcut per button: the arrow keys too
    st.button("Weiter (Pfeil rechts)", key="weiter-pfeil", on_click=go_to,
              args=(min(len(deck), number + 1),), shortcut="Right")
    st.button("Zurück (Pfeil links)", key="zurueck-pfeil", on_click=go_to,
              args=(max(1, number - 1),), shortcut="Left")


def table(frame) -> None:
    st.table(frame, border="horizontal", hide_index=True)


def table_slide(slide, frame, empty: str) -> None:
    """A slide of rows `slide.rows` of `frame`, or `empty` when the filters leave none."""
    st.title(markdown_escape(slide.title), anchor=False)
    start, stop = slide.rows
    if frame.empty:
        st.markdown(empty)
    else:
        table(frame.iloc[start:stop])


with st.container(key="folie"):
    if notice:
        st.warning(markdown_escape(notice), icon=":material/link_off:")
    if slide.kind == slides.TITLE:
        st.title(markdown_escape(info["titel"]), anchor=False)
        st.markdown(markdown_escape(
            f"Stand des Plans: {formats.day(info['stand'])}  \nStichtag: "
            f"{formats.day(f.stichtag)}  \n{flt.describe(f)}"))
        st.markdown(f"{len(deck) - 1} Folien: Stand, Zeitplan je Handlungsfeld, was ansteht, "
                    "Budget, Indikatoren. Weiter mit Bild ↓ oder →.")
    elif slide.kind == slides.STATUS:
        st.title(f"Stand je Handlungsfeld zum {formats.day(f.stichtag)}", anchor=False)
        table(presentation.stand)
        st.markdown("Überfällig: letzter Termin vor dem Stichtag, weder erledigt noch entfallen.")
        if (treue := presentation.termintreue) is not None:
            parts = [f"{field}: {quote.text}" for field, quote in treue.je_feld]
            st.markdown(markdown_escape("Termintreue laut Beschluss: " + " · ".join(
                [*parts, f"alle: {treue.gesamt.text}"])))
    elif slide.kind == slides.GANTT:
        st.title(markdown_escape(slide.title), anchor=False)
        dated = presentation.zeitplan.dated
        part = dated[dated["massnahme_id"].isin(slide.massnahme_ids)]
        if st.toggle("Tabelle zeigen", key=f"tabelle-{number}",
                     help="Dieselben Angaben wie das Diagramm, als Tabelle."):
            measures = presentation.zeitplan.measures
            table(measures[measures["massnahme_id"].isin(slide.massnahme_ids)][
                ["Werkzeug", "Maßnahme", "Zeitraum", "Status"]])
        else:
            figure = charts.gantt(part, months, f.stichtag, highlight=f.monat,
                                  font_size=FONT, label_width=34)
            categories = len(charts.gantt_rows(charts.gantt_columns(part), 34)[0])
            # one flowing legend (no group columns): its height stays within the margin
            figure.update_traces(legendgroup=None, legendgrouptitle=None)
            figure.update_layout(height=categories * ROW + sum(CHART_MARGINS.values()),
                                 margin=CHART_MARGINS)
            st.plotly_chart(figure, key=f"gantt-{number}", config=charts.PLOTLY_CONFIG)
    elif slide.kind == slides.CHANGES and presentation.vergleich is not None:
        st.title(markdown_escape(slide.title), anchor=False)
        st.markdown(markdown_escape(presentation.vergleich.legend))
        start, stop = slide.rows
        if presentation.changes.empty:
            st.markdown("Seit dem Beschluss hat sich kein Termin geändert; keine Maßnahme ist "
                        "neu oder entfallen.")
        else:
            table(presentation.changes.iloc[start:stop])
    elif slide.kind == slides.UPCOMING:
        table_slide(slide, presentation.upcoming,
                    "Keine Maßnahme in diesen Monaten passt zu den gewählten Filtern.")
    elif slide.kind == slides.BUDGET:
        st.title(slide.title, anchor=False)
        view = presentation.budget  # the Budget page's figures
        totals = view.totals
        st.markdown(markdown_escape(f"Summe der genannten {totals.headline_label}: "
                                    f"{totals.headline}"))
        table(view.by_field)
        st.markdown(f"Ohne bezifferten Betrag (nicht als 0 € gezählt): "
                    f"{len(totals.unquantified)} Werkzeug(e).")
    else:
        table_slide(slide, presentation.indicators,
                    "Zu den gewählten Filtern nennt der Plan keinen Indikator.")
