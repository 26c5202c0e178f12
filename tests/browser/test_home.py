"""The home page in a real browser: loads, passes axe, and works with the keyboard alone."""

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_and_passes_axe(page, published_review, theme):
    page.goto("/")
    assert page.title().startswith("Learning from child safeguarding case reviews")
    assert page.locator("a.skip-link").get_attribute("href") == "#main-content"
    screenshot(page, "home")
    assert_no_axe_violations(page)


def test_home_page_works_with_the_keyboard_alone(page, published_review, theme):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # From the main content, Tab reaches the search box; typing and Enter searches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("neglect")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=neglect")
