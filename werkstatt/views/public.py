"""The public view: the plan as counties publish it, without any person's name.

One rule for every page and download: `public_copy(con)` builds an in-memory database with
the same schema in which
- contacts of kind Person are gone; each link points to the person's unit
  (kontakt.organisation_id) or, for a person without one, to a contact named after the link's
  role ("Ansprechperson", "Ansprechperson vor Ort", "Externe Beratung"), so the contact filter
  lists no person and one entry per role;
- every text cell of every table has each person replaced the same way, in every form the
  plan or a user may write it: the name and its aliases, the surname after a form of address
  or title ("Herrn Zeitler", "Frau Dr. Baron", also with a genitive s), first name and surname
  without the middle initial;
- comments and the change history are empty, user names "–".
Units, external partners, dates, budgets and indicators stay. Everything that reads a
connection (the pages' tables, handout, Excel, iCal) reads the copy and needs no rule of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from werkstatt import vocab
from werkstatt.store import connection, schema

PLACEHOLDER = vocab.CONTACT_PERSON  # the role of a person linked in no role at all
_EMPTIED = {"aenderung"}  # the change history names users and old values
_LINK = "q.werkzeug_id, coalesce(e.ersatz_id, q.kontakt_id), q.rolle"  # werkzeug_kontakt's key
_PERSONAL_COLUMNS = {("fortschritt", "kommentar"): None, ("fortschritt", "benutzer"): "'–'",
                     ("messwert", "kommentar"): None, ("messwert", "benutzer"): "'–'",
                     ("verschiebung", "benutzer"): "'–'", ("stand", "angelegt_von"): "'–'"}
_WORDS_BEFORE = (*vocab.FORMS_OF_ADDRESS, *vocab.ACADEMIC_TITLES)
# an outside party named with a form of address is a person too ("Herr Dr. Zeitler",
# external consultant): the plan files him as Extern, but his name is personal data
_ADDRESSED = "^(" + "|".join(re.escape(word) for word in _WORDS_BEFORE) + r")\s"


def _is_person(alias: str) -> str:
    """SQL: the contact `alias` is a person (constants only, no input)."""
    return (f"({alias}.art = '{vocab.PERSON}' OR ({alias}.art = '{vocab.EXTERNAL}' AND "
            f"regexp_matches({alias}.name, '{_ADDRESSED}')))")


@dataclass(frozen=True)
class Person:
    names: tuple[str, ...]  # the name and its aliases
    replacement: str  # the unit, or the person's first role


def people(con: duckdb.DuckDBPyConnection) -> list[Person]:
    """Every person the plan names, with what shows instead (unit, else role)."""
    rows = con.execute(f"""
        SELECT k.id, coalesce(o.name, (
                   SELECT l.rolle FROM werkzeug_kontakt l WHERE l.kontakt_id = k.id
                   ORDER BY list_position(?, l.rolle) LIMIT 1), ?),
               list_distinct(list_value(k.name) || coalesce(
                   (SELECT list(a.alias) FROM kontakt_alias a WHERE a.kontakt_id = k.id), []))
        FROM kontakt k LEFT JOIN kontakt o ON o.id = k.organisation_id AND o.art <> ?
        WHERE {_is_person("k")} ORDER BY k.id""",
                       [list(vocab.CONTACT_ROLES), PLACEHOLDER, vocab.PERSON]).fetchall()
    return [Person(tuple(n for n in names if n.strip()), replacement)
            for _, replacement, names in rows]


def name_forms(name: str) -> str:
    """A regular expression for every way the text may name this person (see the module)."""
    tokens = name.split()
    core = [t for t in tokens if t not in _WORDS_BEFORE]

    def words(parts) -> str:
        return r"\s+".join(map(re.escape, parts))

    forms = [words(tokens)]
    if core:
        surname = re.escape(core[-1]) + r"(?:s|')?"
        before = "|".join(re.escape(word) for word in _WORDS_BEFORE)
        firsts = "".join(rf"(?:{re.escape(t)}\s+)?" for t in core[:-1])
        forms.append(rf"(?:(?:{before})\s*)+{firsts}{surname}")  # "Herrn Dr. Zeitlers"
        if len(core) > 1:  # "Johanna Baron", "Johanna A. Baron"
            middles = "".join(rf"(?:{re.escape(t)}\s+)?" for t in core[1:-1])
            forms.append(rf"{re.escape(core[0])}\s+{middles}{surname}")
    return "|".join(forms)


class NameRemover:
    """Replaces the given people in any text (whole words, any case and spacing, every form
    of name_forms)."""

    def __init__(self, replacements: list[Person]) -> None:
        self.people = [(re.compile(rf"(?:{'|'.join(name_forms(n) for n in p.names)})",
                                   re.IGNORECASE), p.replacement)
                       for p in replacements if p.names]
        longest_first = sorted((n for p in replacements for n in p.names), key=len,
                               reverse=True)
        alternatives = "|".join(f"(?:{name_forms(n)})" for n in longest_first)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) \
            if alternatives else None
        self.shown = {shown for _, shown in self.people}

    def _replacement(self, found: re.Match[str]) -> str:
        return next(shown for pattern, shown in self.people if pattern.fullmatch(found.group()))

    def text(self, value: str) -> str:
        if self.pattern is None:
            return value
        replaced = self.pattern.sub(self._replacement, value)
        # "Jugendberufsagentur, Corinna Viyo" -> "Jugendberufsagentur", not the unit twice
        for replacement in self.shown:
            twice = re.escape(replacement) + r"(?:,\s*|\s+)" + re.escape(replacement)
            while re.search(twice, replaced):
                replaced = re.sub(twice, replacement, replaced)
        return replaced


def public_copy(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """An in-memory database: the plan behind `con` without personal names (see above)."""
    remover = NameRemover(people(con))
    copy = duckdb.connect(":memory:", config=connection.CONFIG)
    schema.migrate(copy)
    copy.create_function("ohne_namen", remover.text, [duckdb.sqltype("VARCHAR")],
                         duckdb.sqltype("VARCHAR"), side_effects=False)
    tables = [t for (t,) in copy.execute(
        "SELECT table_name FROM duckdb_tables() ORDER BY table_oid").fetchall()]
    for table in tables:  # creation order: a table comes after the tables it references
        if table == "schema_version" or table in _EMPTIED:
            continue
        copy.register("quelle", con.sql(f"SELECT * FROM {table}").to_arrow_table())
        copy.execute(f"INSERT INTO {table} BY NAME {_select(copy, table)}")
        copy.unregister("quelle")
        if table == "kontakt":
            _add_placeholder(copy, con)
    return copy


def _select(copy: duckdb.DuckDBPyConnection, table: str) -> str:
    columns = copy.execute("SELECT column_name, data_type FROM duckdb_columns() "
                           "WHERE table_name = ? ORDER BY column_index", [table]).fetchall()
    shown = []
    for name, data_type in columns:
        if (table, name) in _PERSONAL_COLUMNS:
            value = _PERSONAL_COLUMNS[(table, name)]
            shown.append(f"{value or 'NULL'} AS {name}")
        elif table == "werkzeug_kontakt" and name == "kontakt_id":
            shown.append("coalesce(e.ersatz_id, q.kontakt_id) AS kontakt_id")
        elif table == "werkzeug_kontakt" and name == "zusatz":  # "Nordfriesland, Steinburg"
            shown.append(f"string_agg(ohne_namen(q.zusatz), ', ' ORDER BY q.kontakt_id) OVER "
                         f"(PARTITION BY {_LINK}) AS zusatz")
        elif data_type == "VARCHAR":
            shown.append(f"ohne_namen(q.{name}) AS {name}")
        else:
            shown.append(f"q.{name}")
    select = f"SELECT {', '.join(shown)} FROM quelle q"
    if table == "kontakt":
        return select + f" WHERE NOT {_is_person('q')}"
    if table == "kontakt_alias":
        return select + " WHERE q.kontakt_id IN (SELECT id FROM kontakt)"
    if table == "werkzeug_kontakt":  # two people of one unit become one link
        return (select + " LEFT JOIN ersatz e ON e.person_id = q.kontakt_id AND (e.rolle IS NULL "
                "OR e.rolle = q.rolle) QUALIFY row_number() "
                f"OVER (PARTITION BY {_LINK} ORDER BY q.kontakt_id) = 1")
    return select


def _add_placeholder(copy: duckdb.DuckDBPyConnection, con: duckdb.DuckDBPyConnection) -> None:
    """The table `ersatz` (person id and role -> contact shown instead): the person's unit, or
    for a person without one a contact named after the role of the link ("Ansprechperson vor
    Ort"), added to the copy's contacts once per role."""
    links = con.execute(f"""
        SELECT k.id, o.id, l.rolle FROM kontakt k
        LEFT JOIN kontakt o ON o.id = k.organisation_id AND o.art <> ?
        LEFT JOIN (SELECT DISTINCT kontakt_id, rolle FROM werkzeug_kontakt) l
               ON l.kontakt_id = k.id AND o.id IS NULL
        WHERE {_is_person('k')}""", [vocab.PERSON]).fetchall()
    copy.execute("CREATE TEMP TABLE ersatz (person_id INTEGER, rolle TEXT, ersatz_id INTEGER)")
    rows = []
    for person, unit, rolle in links:
        if unit is not None:
            rows.append([person, None, unit])
        elif rolle is not None:
            rows.append([person, rolle, _role_contact(copy, rolle)])
    if rows:
        copy.executemany("INSERT INTO ersatz VALUES (?, ?, ?)", rows)


def _role_contact(copy: duckdb.DuckDBPyConnection, rolle: str) -> int:
    """The id of the contact that stands for unnamed people in this role."""
    found = copy.execute("SELECT id FROM kontakt WHERE name = ?", [rolle]).fetchone()
    if found:
        return found[0]
    return schema.one_row(copy, "INSERT INTO kontakt (id, name, art) SELECT coalesce(max(id), 0) "
                                "+ 1, ?, ? FROM kontakt RETURNING id", [rolle, vocab.UNIT])[0]
