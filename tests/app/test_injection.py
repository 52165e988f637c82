"""Plan and user text stays text: the lockout message with a typed Markdown name, multi-line
Werkzeug fields with Markdown headings and code blocks, messages with plan text."""
from __future__ import annotations

import re

import duckdb
import pytest

from tests.app.conftest import run_page
from tests.app.test_progress_pages import app, login

# Markdown that would become a link or load an outside image
HOSTILE_NAMES = ["[klick](https://evil.example/x)", "![x](http://evil.example/p.png)",
                 "<img src=x onerror=alert(1)>", "**fett** _kursiv_ `code`", "# Kopf"]
LIVE_MARKDOWN = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)<img|^(#|    )", re.MULTILINE)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_the_lockout_message_shows_a_typed_name_as_text(name):
    at = app()
    for _ in range(6):
        at = login(at, name, "falsch")
    messages = [e.value for e in at.sidebar.error]
    assert any("gesperrt" in m for m in messages)
    for message in messages:
        assert not LIVE_MARKDOWN.search(message), message
        assert re.sub(r"\\(.)", r"\1", message).count(name) <= 1  # shown once, literally


FIELD_TEXT = ("# Eine Überschrift\n    vier Leerzeichen: ein Codeblock\n\n"
              "Zweiter Absatz mit [Link](https://evil.example/) und ![Bild](http://evil.example/b.png)"
              "\nZeile\n===\n* Liste")


def test_multi_line_werkzeug_fields_render_as_text_with_their_paragraphs(app_env):
    con = duckdb.connect(str(app_env))
    con.execute("UPDATE werkzeug SET beschreibung = ?, chancen = ?, beteiligte = ? WHERE id = 1",
                [FIELD_TEXT, FIELD_TEXT, FIELD_TEXT])
    con.close()
    at = run_page("werkzeuge.py", {"werkzeug": "1"})
    assert not at.exception
    shown = [m.value for m in at.markdown if "Eine Überschrift" in m.value]
    assert len(shown) == 3  # Beschreibung, Chancen, Beteiligte
    for value in shown:
        assert not LIVE_MARKDOWN.search(value), value
        assert not re.search(r"^(=+|\*)\s", value, re.MULTILINE)  # no setext heading, no list
        assert "\n\n" in value  # the paragraphs stay apart
        readable = re.sub(r"\\(.)", r"\1", value)
        assert "vier Leerzeichen: ein Codeblock" in readable and "[Link](https://evil.example/)" \
            in readable


def test_plan_text_in_titles_and_captions_stays_text(app_env):
    hostile = "[klick](https://evil.example/x) ![x](http://evil.example/p.png)"
    con = duckdb.connect(str(app_env))
    con.execute("UPDATE plan SET titel = ?, einleitung = ?", [hostile, "# Kopf\n    Code"])
    con.execute("UPDATE indikator SET name = ?, bemerkung = ?", [hostile, hostile])
    con.close()
    for page in ("ueberblick.py", "indikatoren.py"):
        at = run_page(page)
        assert not at.exception
        texts = ([t.value for t in at.title] + [m.value for m in at.markdown]
                 + [c.value for c in at.caption] + [s.value for s in at.subheader])
        assert any("evil.example" in re.sub(r"\\(.)", r"\1", t) for t in texts)
        for value in texts:
            assert not LIVE_MARKDOWN.search(value), (page, value)
