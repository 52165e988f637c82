"""The Werkzeug a URL asks for (?werkzeug=…): any text gives a known id or a German notice."""
from hypothesis import given
from hypothesis import strategies as st

from werkstatt.views.profiles import werkzeug_from_query

KNOWN = [1, 2, 3, 12]
VISIBLE = [1, 2, 12]


def test_a_known_visible_id_is_chosen_without_notice():
    assert werkzeug_from_query("12", VISIBLE, KNOWN) == (12, None)
    assert werkzeug_from_query(None, VISIBLE, KNOWN) == (None, None)


def test_a_known_id_outside_the_filters_gives_a_notice():
    chosen, notice = werkzeug_from_query("3", VISIBLE, KNOWN)
    assert chosen is None and "passt nicht zu den gewählten Filtern" in notice


BAD = ["²", "١٢", "１２", "5" * 5000, "0" * 5000 + "1", "-1", "+1", " 1", "1.0", "1e3", "abc",
       "12\n", "999999999999", "\x00"]


def test_superscripts_foreign_digits_and_absurd_lengths_give_a_notice():
    for raw in BAD:
        chosen, notice = werkzeug_from_query(raw, VISIBLE, KNOWN)
        assert chosen is None, raw
        assert notice.startswith("Das Werkzeug aus der Adresse gibt es nicht"), raw


@given(st.text())
def test_any_text_gives_a_known_id_or_a_notice_never_an_exception(raw):
    chosen, notice = werkzeug_from_query(raw, VISIBLE, KNOWN)
    if chosen is None:
        assert raw == "" or notice
    else:
        assert chosen in VISIBLE and notice is None and int(raw) == chosen
