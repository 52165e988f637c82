"""The data version the dashboard's caches are keyed on: the database's own change counter."""
import pytest

from werkstatt.commands import login, users
from werkstatt.commands.progress import record_status
from werkstatt.errors import ValidationError
from werkstatt.views.changes import data_version

USERS = {"anna": {"role": "bearbeiter",
                  "password_hash": users.hash_password("richtiges-passwort")}}


def test_every_audited_write_raises_the_data_version(con):
    before = data_version(con)
    record_status(con, 1, "in Arbeit", user="anna")
    after = data_version(con)
    assert after > before
    record_status(con, 1, "erledigt", user="anna")
    assert data_version(con) > after


def test_a_write_through_one_connection_is_seen_through_another(db, con):
    import duckdb

    other = duckdb.connect(str(db))  # same process: DuckDB shares the database instance
    before = data_version(other)
    record_status(con, 1, "in Arbeit", user="anna")
    assert data_version(other) > before
    other.close()


def test_logins_and_failed_logins_leave_the_data_version_alone_but_count_for_the_log(con):
    before, log_before = data_version(con), data_version(con, with_logins=True)
    login.authenticate(con, USERS, "anna", "richtiges-passwort")
    with pytest.raises(ValidationError):
        login.authenticate(con, USERS, "anna", "falsch")
    assert data_version(con) == before
    assert data_version(con, with_logins=True) > log_before
