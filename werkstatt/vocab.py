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

# The text fields of a Werkzeug that Plan bearbeiten changes, with their German labels
# (budget_text is not among them: it is the plan's verbatim text behind the budget items)
WERKZEUG_FIELDS = {"zielgruppe": "Zielgruppe", "umsetzungsort": "Umsetzungsort",
                   "beteiligte": "Beteiligte", "externe_beratung": "Externe Beratung",
                   "beschreibung": "Beschreibung", "chancen": "Chancen",
                   "schwierigkeiten": "Hauptschwierigkeiten"}

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

# Kinds of indicator (indikator.art): a tracked target indicator, or a context figure of the
# plan that describes the starting point and is not tracked
TARGET_INDICATOR, CONTEXT_FIGURE = "Zielindikator", "Kontextzahl"
INDICATOR_KINDS = (TARGET_INDICATOR, CONTEXT_FIGURE)

# The wanted direction of an indicator (indikator.richtung; NULL = the plan names none)
RISING, FALLING = "steigend", "fallend"
DIRECTIONS = (RISING, FALLING)

# How exactly the plan states a Basiswert (indikator.basis_angabe; NULL = exactly):
# "über 100" is a lower bound, "etwa 10 %" an approximate figure
ABOVE, ABOUT = "über", "etwa"
VALUE_QUALIFIERS = (ABOVE, ABOUT)

# Stand of an indicator at the Stichtag (werkstatt/views/indicator_status.py), each with a
# symbol that tells it apart without colour (all in DejaVu Sans, so also in the PDF)
REACHED, ON_TRACK, MORE_PACE, LITTLE_PROGRESS, MOVING_AWAY, TREND_ONLY, NO_VALUE, CONTEXT = (
    "Ziel erreicht", "auf Kurs", "mehr Tempo nötig", "kaum Fortschritt",
    "entfernt sich vom Ziel", "nur Trend", "kein Messwert", CONTEXT_FIGURE)
INDICATOR_STANDS = (REACHED, ON_TRACK, MORE_PACE, LITTLE_PROGRESS, MOVING_AWAY, TREND_ONLY,
                    NO_VALUE, CONTEXT)
STAND_SYMBOLS = {REACHED: "✔", ON_TRACK: "☀", MORE_PACE: "☁", LITTLE_PROGRESS: "☂",
                 MOVING_AWAY: "⚡", TREND_ONLY: "∿", NO_VALUE: "○", CONTEXT: "ℹ"}
STALE, STALE_SYMBOL = "veraltet", "⚠"  # in addition to a Stand: the latest value is old
STALE_AFTER_DAYS = 365
# Thresholds of R = (latest − Basis) ÷ (expected − Basis) between the Stand words
ON_TRACK_FROM, MORE_PACE_FROM = 0.95, 0.6
# Logins: where the users live in secrets.toml, and how attempts appear in the change
# history (aenderung.tabelle / aenderung.aktion)
USERS_SECTION = "werkstatt_users"
OIDC_SECTION, OIDC_ROLES_SECTION = "auth", "werkstatt_oidc_rollen"
LOGIN_TABLE = "anmeldung"
LOGIN_OK, LOGIN_FAILED = "Anmeldung", "Anmeldung fehlgeschlagen"

# Words before a person's name ("Herrn Dr. Zeitler"): forms of address and academic titles
FORMS_OF_ADDRESS = ("Herr", "Herrn", "Frau", "Hr.", "Fr.")
ACADEMIC_TITLES = ("Dr.", "Prof.")

# The plan over time: the adopted state (Stand 0, "Beschluss") and Stände frozen later
BESCHLUSS, SNAPSHOT = "Beschluss", "Stand"
STAND_KINDS = (BESCHLUSS, SNAPSHOT)
BESCHLUSS_ID, BESCHLUSS_KEY = 0, "beschluss"  # its id, and how a URL or the CLI names it
# What happened to a measure's Termine (verschiebung.aktion); each carries a Grund
SHIFT_CHANGED, SHIFT_DELETED, SHIFT_ADDED, SHIFT_REMOVED = (
    "Termin geändert", "Termin gelöscht", "Termin angelegt", "Maßnahme entfernt")
SHIFT_ACTIONS = (SHIFT_CHANGED, SHIFT_DELETED, SHIFT_ADDED, SHIFT_REMOVED)
MAX_REASON = 500  # characters of a Grund

# Fortschreibung (issue 19): what becomes of each measure in the next year's plan
CARRY, COMPLETED, DROP = "übernehmen", "abgeschlossen", "entfällt"
DECISIONS = (CARRY, COMPLETED, DROP)
NOT_CARRIED_REASON = "Werkzeug {jahr} nicht fortgeführt"  # an open measure of a dropped Werkzeug
DROPPED_WITHOUT_REASON = "Status „entfallen“, ohne erfassten Grund"  # stays visibly unknown
# The decisions file: ID;Entscheidung;Grund (more columns, e.g. Maßnahme, are only read by people)
DECISION_COLUMNS = ("ID", "Entscheidung", "Grund")
