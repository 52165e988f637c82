"""The plan's vocabulary: every fixed value of the domain, defined once.

The database CHECK constraints (store/schema.py), the write commands' validation, the views and
the pages all take these values from here.

Naming rule for code in werkstatt/: the plan's domain nouns stay German, as in the database
(werkzeug, massnahme, termin, handlungsfeld, kontakt, monat, stichtag, ziel, indikator:
`werkzeug_ids`, `matching_werkzeuge`, `Choices.monate`); verbs, technical words and
everything else are English (`filter_schedule`, `read_marks`, `parse_day`).
"""
from __future__ import annotations

# Status of a measure (fortschritt.status); a measure without an entry is OPEN.
OPEN, IN_PROGRESS, DONE, POSTPONED, DROPPED = (
    "offen", "in Arbeit", "erledigt", "verschoben", "entfallen")
STATUSES = (OPEN, IN_PROGRESS, DONE, POSTPONED, DROPPED)
CLOSED = (DONE, DROPPED)  # a closed measure is never due or overdue

# Roles of a logged-in user
READER, EDITOR, ADMIN = "leser", "bearbeiter", "admin"
USER_ROLES = (READER, EDITOR, ADMIN)
RECORDING_ROLES = (EDITOR, ADMIN)  # may record status and indicator values

# Roles of a contact for a Werkzeug (werkzeug_kontakt.rolle), in display order
CONTACT_PERSON, LOCAL_CONTACT, EXTERNAL_ADVICE, PARTNER = (
    "Ansprechperson", "Ansprechperson vor Ort", "Externe Beratung", "Beteiligte")
CONTACT_ROLES = (CONTACT_PERSON, LOCAL_CONTACT, EXTERNAL_ADVICE, PARTNER)

# Kinds of contact (kontakt.art)
PERSON, UNIT, EXTERNAL = "Person", "Stelle", "Extern"
CONTACT_KINDS = (PERSON, UNIT, EXTERNAL)

# Kinds of Termin (termin.art) with their German labels
SPAN, MILESTONE = "zeitraum", "meilenstein"
TERMIN_KINDS = (SPAN, MILESTONE)
TERMIN_KIND_LABELS = {SPAN: "Zeitraum", MILESTONE: "Meilenstein"}

# Periods of a budget item (budget_posten.periode; NULL = the plan states none)
ONCE, YEARLY, PROJECT_TERM = "einmalig", "jährlich", "Projektlaufzeit"
BUDGET_PERIODS = (ONCE, YEARLY, PROJECT_TERM)

# Goal catalogue (ziel.ebene, ziel.dimension), in the plan's order
TOP_LEVEL, CONCRETE = "übergeordnet", "konkretisiert"
GOAL_LEVELS = (TOP_LEVEL, CONCRETE)
GOAL_DIMENSIONS = ("Werte/Haltung", "Inhalt", "Struktur", "Methode")

# The field of action of a Werkzeug that belongs to none (handlungsfeld_id NULL)
CROSS_CUTTING = "Querschnitt"

# A filter that is not set ("alle Monate", "alle Kontakte"): in the URL, the CLI and the views
ALL = "alle"

# The columns by which a filled-in Excel export is read back (outputs/excel writes them,
# commands/excel_import reads them): field -> header
EXCEL_EXCHANGE_COLUMNS = {"id": "ID", "version": "Version", "status": "Status",
                          "kommentar": "Kommentar"}

# Termin changes in the Excel file (issue 17): moved month marks need a Grund; the months as
# exported sit in a hidden column, so a file made before a colleague's change is refused
EXCEL_REASON_COLUMN, EXCEL_MONTHS_COLUMN = "Grund", "Monate beim Export"

# Actions in the change history (aenderung.aktion)
ADDED, CHANGED, REMOVED, RESTORED, DELETED = (
    "angelegt", "geändert", "entfernt", "wiederhergestellt", "gelöscht")
STATUS_SET, VALUE_RECORDED = "Status", "Messwert"
LOGIN, LOGIN_FAILED = "Anmeldung", "Anmeldung fehlgeschlagen"

# The plan over time: the adopted state (Stand 0, "Beschluss") and Stände frozen later
BESCHLUSS, SNAPSHOT = "Beschluss", "Stand"
STAND_KINDS = (BESCHLUSS, SNAPSHOT)
BESCHLUSS_ID, BESCHLUSS_KEY = 0, "beschluss"  # its id, and how a URL or the CLI names it
# What happened to a measure's Termine (verschiebung.aktion); each carries a Grund
SHIFT_CHANGED, SHIFT_DELETED, SHIFT_ADDED, SHIFT_REMOVED = (
    "Termin geändert", "Termin gelöscht", "Termin angelegt", "Maßnahme entfernt")
SHIFT_ACTIONS = (SHIFT_CHANGED, SHIFT_DELETED, SHIFT_ADDED, SHIFT_REMOVED)
MAX_REASON = 500  # characters of a Grund
