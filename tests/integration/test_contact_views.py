"""On the shipped plan: a Werkzeug found through a contact shows that contact in its table."""
import duckdb
import pytest

from werkstatt.views import queries
from werkstatt.views.contacts import kontakte_by_werkzeug
from werkstatt.views.filters import Filters, matching_werkzeuge


@pytest.fixture(scope="module")
def con(plan_db):
    con = duckdb.connect(str(plan_db), read_only=True)
    yield con
    con.close()


def test_every_werkzeug_a_contact_filter_returns_shows_that_contact_in_its_kontakte(con):
    werkzeuge, links = queries.werkzeuge(con), queries.werkzeug_kontakte(con)
    shown = kontakte_by_werkzeug(links)
    for kontakt in queries.kontakte(con)["name"]:
        found = matching_werkzeuge(werkzeuge, links, Filters(kontakt=kontakt))
        for werkzeug_id in found:
            assert f"{kontakt} (" in shown[werkzeug_id], (kontakt, werkzeug_id)


def test_kreisverwaltung_is_shown_with_its_role_on_each_of_its_three_werkzeuge(con):
    werkzeuge, links = queries.werkzeuge(con), queries.werkzeug_kontakte(con)
    found = matching_werkzeuge(werkzeuge, links, Filters(kontakt="Kreisverwaltung"))
    shown = kontakte_by_werkzeug(links)
    roles = sorted(shown[i].split("Kreisverwaltung (")[1].split(")")[0] for i in found)
    assert roles == ["Ansprechperson", "Beteiligte", "Beteiligte"]
