"""The public view: the plan as counties publish it, without any person's name.

One rule for every page and download: `public_copy(con)` builds an in-memory database with
the same schema in which
- contacts of kind Person are gone; their links point to their unit (kontakt.organisation_id)
  or to the role "Ansprechperson", so the contact filter lists no person;
- every text cell of every table has each person's name and alias replaced the same way (the
  verbatim contact cells "Stabsstelle …, Johanna A. Baron" or "Nordfriesland (Maika Hansen)");
- comments and the change history are empty, user names "–".
Units, external partners, dates, budgets and indicators stay. Everything that reads a
connection (the pages' tables, handout, Excel, iCal) reads the copy and needs no rule of its own.
"""
from __future__ import annotations

import re

import duckdb

from werkstatt import vocab
from werkstatt.store import schema

PLACEHOLDER = vocab.CONTACT_PERSON  # "Ansprechperson": a person without a unit
_EMPTIED = {"aenderung"}  # the change history names users and old values
_LINK = "q.werkzeug_id, coalesce(e.ersatz_id, q.kontakt_id), q.rolle"  # werkzeug_kontakt's key
_PERSONAL_COLUMNS = {("fortschritt", "kommentar"): None, ("fortschritt", "benutzer"): "'–'",
                     ("messwert", "kommentar"): None, ("messwert", "benutzer"): "'–'",
                     ("verschiebung", "benutzer"): "'–'", ("stand", "angelegt_von"): "'–'"}


# an outside party named with a form of address is a person too ("Herr Dr. Zeitler",
# external consultant): the plan files him as Extern, but his name is personal data
_ADDRESSED = r"^(Herr|Herrn|Frau|Dr\.|Prof\.)\s"


def _is_person(alias: str) -> str:
    """SQL: the contact `alias` is a person (constants only, no input)."""
    return (f"({alias}.art = '{vocab.PERSON}' OR ({alias}.art = '{vocab.EXTERNAL}' AND "
            f"regexp_matches({alias}.name, '{_ADDRESSED}')))")


def person_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{name or alias of a person: what shows instead (their unit or "Ansprechperson")}."""
    rows = con.execute(f"""
        SELECT n.name, coalesce(o.name, ?) FROM kontakt k
        LEFT JOIN kontakt o ON o.id = k.organisation_id AND o.art <> ?
        JOIN (SELECT id AS kontakt_id, name FROM kontakt
              UNION SELECT kontakt_id, alias FROM kontakt_alias) n ON n.kontakt_id = k.id
        WHERE {_is_person("k")}""", [PLACEHOLDER, vocab.PERSON]).fetchall()
    return {name: replacement for name, replacement in rows if name.strip()}


class NameRemover:
    """Replaces the given names in any text (whole words, any case and spacing)."""

    def __init__(self, replacements: dict[str, str]) -> None:
        self.replacements = {self._key(n): r for n, r in replacements.items()}
        longest_first = sorted(replacements, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in longest_first)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) \
            if alternatives else None

    @staticmethod
    def _key(name: str) -> str:
        return " ".join(name.split()).casefold()

    def text(self, value: str) -> str:
        if self.pattern is None:
            return value
        replaced = self.pattern.sub(lambda m: self.replacements[self._key(m.group())], value)
        # "Jugendberufsagentur, Corinna Viyo" -> "Jugendberufsagentur", not the unit twice
        for replacement in set(self.replacements.values()):
            twice = re.escape(replacement) + r"(?:,\s*|\s+)" + re.escape(replacement)
            while re.search(twice, replaced):
                replaced = re.sub(twice, replacement, replaced)
        return replaced


def public_copy(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """An in-memory database: the plan behind `con` without personal names (see above)."""
    remover = NameRemover(person_names(con))
    copy = duckdb.connect(":memory:", config=schema.CONFIG)
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
        return (select + " LEFT JOIN ersatz e ON e.person_id = q.kontakt_id QUALIFY row_number() "
                f"OVER (PARTITION BY {_LINK} ORDER BY q.kontakt_id) = 1")
    return select


def _add_placeholder(copy: duckdb.DuckDBPyConnection, con: duckdb.DuckDBPyConnection) -> None:
    """The table `ersatz` (person id -> contact shown instead), with the "Ansprechperson"
    contact for people without a unit."""
    people = con.execute("SELECT k.id, o.id FROM kontakt k LEFT JOIN kontakt o ON "
                         f"o.id = k.organisation_id AND o.art <> ? WHERE {_is_person('k')}",
                         [vocab.PERSON]).fetchall()
    found = copy.execute("SELECT id FROM kontakt WHERE name = ?", [PLACEHOLDER]).fetchone()
    placeholder = found[0] if found else None
    if placeholder is None and any(unit is None for _, unit in people):
        (placeholder,) = schema.one_row(copy, "INSERT INTO kontakt (id, name, art) SELECT "
                                     "coalesce(max(id), 0) + 1, ?, ? FROM kontakt RETURNING id",
                                     [PLACEHOLDER, vocab.UNIT])
    copy.execute("CREATE TEMP TABLE ersatz (person_id INTEGER, ersatz_id INTEGER)")
    if people:
        copy.executemany("INSERT INTO ersatz VALUES (?, ?)",
                         [[person, unit if unit is not None else placeholder]
                          for person, unit in people])
