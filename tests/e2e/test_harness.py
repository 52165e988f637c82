"""The browser harness itself: the real dashboard.py starts and renders without an exception."""
from tests.e2e.conftest import assert_no_exception, open_page


def test_root_page_renders(server, page):
    open_page(page, server + "/")
    assert page.locator('[data-testid="stApp"]').count() == 1
    assert_no_exception(page)
