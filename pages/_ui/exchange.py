"""Excel and calendar exchange on the pages: the export to fill in, reading it back, and a
contact's Termine as .ics. The files are built by werkstatt.outputs; changes are checked by
werkstatt.commands.excel_import and saved through forms.write."""
from __future__ import annotations

import streamlit as st

from pages._ui import data, forms, settings
from werkstatt import text
from werkstatt.commands import excel_import, login
from werkstatt.errors import ValidationError
from werkstatt.outputs import excel, ical
from werkstatt.outputs.filenames import download_name
from werkstatt.views import filters as flt

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICS_MIME = "text/calendar"
UPLOAD_LIMIT_MB = excel_import.MAX_UPLOAD_BYTES // (1024 * 1024)
_PREVIEW_KEY = "_excel_preview"  # {"file_id", "changes"}: what the preview showed
_UPLOAD_ROUND_KEY = "_excel_upload_round"  # a new uploader (empty) after saving
# what changes first, where it is in the file last: a narrow screen shows old -> new status
_PREVIEW_ORDER = ["Maßnahme", "Status bisher", "Status neu", "Kommentar bisher", "Kommentar neu",
                  "Monate bisher", "Monate neu", "Grund", "zuletzt geändert von", "am",
                  "Werkzeug", "Blatt", "Zeile"]


def downloads(filters: flt.Filters, page: str) -> None:
    """The Excel export and the contact's calendar side by side (Fortschritt, Zeitplan). The
    public view offers no file to fill in: nothing can be read back there."""
    with st.container(horizontal=True, vertical_alignment="center"):
        if not settings.public_mode():
            excel_export_button(filters, page)
        ical_button(filters)


def excel_export_button(filters: flt.Filters, page: str) -> None:
    """The page's view as filtered in the sidebar, as a workbook with Status and Kommentar to
    fill in; built only when clicked."""
    plan = data.plan()  # this run's data: the click builds what the page shows

    def workbook() -> bytes:  # runs on Streamlit's download thread, after the click
        return excel.export_workbook(plan, filters)

    parts = [page] + [value for value in (filters.monat_key(), filters.handlungsfeld,
                                          filters.kontakt) if value != flt.ALL]
    st.download_button("Excel-Datei zum Ausfüllen", workbook, key=f"excel_export_{page}",
                       file_name=download_name(*parts, extension="xlsx"), mime=XLSX_MIME,
                       on_click="ignore", icon=":material/table_view:",
                       help="Die Maßnahmen dieser Ansicht (Filter der Seitenleiste) mit den "
                            "Spalten „Status“ und „Kommentar“ zum Ausfüllen; die ausgefüllte "
                            "Datei liest die Seite „Excel-Abgleich“ wieder ein (Bearbeiter).")


def ical_button(filters: flt.Filters) -> None:
    """The Termine of the contact chosen in the sidebar as a calendar file; without a contact,
    a hint where to choose one."""
    kontakt = filters.kontakt
    if kontakt == flt.ALL:
        st.caption("Termine als Kalender (.ics): erst in der Seitenleiste einen Kontakt wählen.")
        return
    plan = data.plan()

    def calendar() -> bytes:  # runs on Streamlit's download thread, after the click
        return ical.contact_calendar(plan, kontakt)

    st.download_button("Termine als Kalender (.ics)", calendar, key="ical_export",
                       file_name=download_name("termine", kontakt, extension="ics"),
                       mime=ICS_MIME, on_click="ignore", icon=":material/calendar_month:",
                       help=f"Ein ganztägiger Eintrag je Termin der Werkzeuge von {kontakt}, "
                            "für Outlook, Thunderbird oder das Telefon. Ein erneuter Import "
                            "aktualisiert die Einträge, statt sie zu verdoppeln.")


def excel_import_section(user: login.User) -> None:
    """Upload a filled-in export, see every change, then save them all (page Excel-Abgleich,
    bearbeiter and admins)."""
    st.markdown("Eine ausgefüllte Datei aus „Excel-Datei zum Ausfüllen“ (Seiten Fortschritt und "
                "Zeitplan) hochladen. Vor dem Speichern wird jede Änderung angezeigt; bei einem "
                "Fehler in der Datei wird nichts gespeichert. Verschobene Monate (Termine) "
                "übernimmt nur die Datei eines Administrators, mit Grund je Zeile.")
    round_number = st.session_state.get(_UPLOAD_ROUND_KEY, 0)
    # no type filter and a higher size limit than the import's: the browser's own refusals
    # are English and cannot be translated; read_changes says it in German (up to 4x the size)
    uploaded = st.file_uploader(f"Excel-Datei (.xlsx, höchstens {UPLOAD_LIMIT_MB} MB)",
                                max_upload_size=4 * UPLOAD_LIMIT_MB,
                                key=f"excel_import_{round_number}")
    if uploaded is None:
        st.session_state.pop(_PREVIEW_KEY, None)
        return
    try:
        with data.cursor() as con:
            # the size is checked first, before the workbook is opened
            changes = excel_import.read_changes(con, uploaded.getvalue(),
                                                may_change_termine=user.can_edit_plan,
                                                plan_id=int(data.plan().info["id"]))
    except ValidationError as exc:
        st.session_state.pop(_PREVIEW_KEY, None)
        st.error(_message_markdown(str(exc)), icon=":material/error:")
        return
    if not changes:
        st.session_state.pop(_PREVIEW_KEY, None)
        st.info("Keine Änderungen: Status und Kommentare der Datei stimmen mit dem Gespeicherten "
                "überein.", icon=":material/check:")
        return
    previewed = st.session_state.get(_PREVIEW_KEY)
    st.session_state[_PREVIEW_KEY] = {"file_id": uploaded.file_id, "changes": changes}
    st.subheader(f"{_count(len(changes))} in der Datei")
    st.caption("Noch nichts ist gespeichert. „zuletzt geändert von“ nennt, wer den bisherigen "
               "Status eingetragen hat.")
    st.dataframe(excel_import.preview_table(changes), hide_index=True, width="stretch",
                 column_order=_PREVIEW_ORDER,
                 column_config={"Maßnahme": st.column_config.TextColumn(width="medium"),
                                "Kommentar neu": st.column_config.TextColumn(width="medium")})
    if st.button("Änderungen übernehmen", type="primary", key="excel_import_apply"):
        # save what the last run showed; if a measure changed since, apply_changes refuses
        shown = (previewed["changes"] if previewed and previewed["file_id"] == uploaded.file_id
                 else changes)
        if forms.write(lambda con: _apply(con, shown, user.name)):
            st.session_state[_UPLOAD_ROUND_KEY] = round_number + 1
            st.session_state.pop(_PREVIEW_KEY, None)
            st.rerun()


def _apply(con, changes: list[excel_import.Change], user_name: str) -> None:
    saved = excel_import.apply_changes(con, changes, user_name)
    forms.flash("success", f"{_count(saved)} gespeichert (Excel-Import).")
    for change in changes:  # Fortschritt's form shows the imported state, not what it first saw
        forms.forget_state(f"status-{change.massnahme_id}")


def _count(n: int) -> str:
    return f"{n} Änderung" if n == 1 else f"{n} Änderungen"


def _message_markdown(message: str) -> str:
    """A German message with its list of problems ("- …" lines) kept as a Markdown list;
    every line escaped, since sheet names and cell text come from the uploaded file."""
    lines = []
    for line in message.splitlines():
        lines.append("- " + text.markdown_escape(line[2:]) if line.startswith("- ")
                     else text.markdown_escape(line) + "\n")
    return "\n".join(lines)
