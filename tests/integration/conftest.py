import duckdb
import pytest

from tests.conftest import copy_database


@pytest.fixture
def db(plan_db, tmp_path):
    """A private, writable copy of the built plan."""
    return copy_database(plan_db, tmp_path)


@pytest.fixture
def con(db):
    con = duckdb.connect(str(db))
    yield con
    con.close()
