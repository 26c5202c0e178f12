"""The business manager's tracker in a real browser (issue #13): import a plan (preview, then
confirm), open the tracker, sort it, export it, read the dashboard and the annual report; axe on
every new page; screenshots of the tracker and the dashboard at 1280 and 375 px."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from actions.models import Action, Membership
from reviews.models import Board
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import SCREENSHOTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
BOARD = "wiltshire-safeguarding-children-board"


@pytest.fixture
def business_manager(db):
    """The curated fixtures and a manager of Wiltshire's board (two-factor is off in tests)."""
    call_command("load_fixtures", verbosity=0)
    user = get_user_model().objects.create_user("wilts-manager", password=PASSWORD)
    Membership.objects.create(
        user=user, board=Board.objects.get(slug=BOARD), role=Membership.Role.BOARD_MANAGER
    )
    return user


@pytest.fixture
def plan_file(tmp_path):
    """A plan as a board keeps it: a title row above the header, a blank row, a real date."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet["A1"] = "Family M: multi-agency action plan"
    sheet.merge_cells("A1:F1")
    sheet.append(["Rec no", "Action", "Lead officer", "Target date", "RAG", "Update"])
    sheet.append(
        ["1", "Audit the use of the escalation policy", "WSCB QA Lead",
         datetime.datetime(2019, 3, 31), "Red", "Audit postponed twice"]
    )  # fmt: skip
    sheet.append([])
    sheet.append(["2", "Publish a neglect practice guide", "WSCB", "Q2 2019", "Green", ""])
    path = tmp_path / "family-m-plan.xlsx"
    workbook.save(path)
    return path


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def test_business_manager_imports_a_plan_sorts_and_exports_the_tracker(
    page, browser, live_server, business_manager, plan_file
):
    sign_in(page, "wilts-manager")
    page.goto("/actions/")
    page.get_by_role("link", name="Import an action plan").click()
    page.wait_for_url("**/intake/plans/")
    assert_no_axe_violations(page)
    page.get_by_label("Review").select_option(
        label="Wiltshire Safeguarding Children Board: Family M"
    )
    page.get_by_label("Action plan file").set_input_files(str(plan_file))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Check the import before it is saved").wait_for()
    assert page.get_by_text("2 new, 0 to update").is_visible()
    assert Action.objects.filter(description__startswith="Audit the use").count() == 0
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save 2 rows").click()
    page.get_by_role("heading", name="Import of “family-m-plan.xlsx”").wait_for()
    assert page.get_by_text("Plan, row 3").is_visible()
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/actions/?board={BOARD}")
    table = page.get_by_role("region", name="Actions matching the filters")
    assert table.get_by_text("Audit postponed twice").is_visible()
    page.get_by_role("link", name="Action (sort ascending)").click()
    page.wait_for_url("**sort=action**")
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    assert "Action" in header.inner_text()
    shown = page.locator(".table--tracker tbody th[scope=row]").all_inner_texts()
    expected = Action.objects.published().filter(plan__review__board__slug=BOARD)
    expected = list(expected.order_by("description", "pk").values_list("description", flat=True))
    assert [text[:30] for text in shown[:5]] == [text[:30] for text in expected[:5]]
    assert_no_axe_violations(page)
    screenshot(page, "tracker-1280")
    page.locator("#tracker-caption").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "tracker-1280-table.png"))  # the table in view

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert "Audit the use of the escalation policy" in [c.value for c in sheet["E"]]

    page.get_by_role("link", name="Wiltshire Safeguarding Children Board dashboard").click()
    page.get_by_role("heading", name="Headline figures").wait_for()
    assert_no_axe_violations(page)
    screenshot(page, "dashboard-1280")
    page.get_by_role("link", name="annual-report section").click()
    page.get_by_role("heading", name="Reviews published in the period").wait_for()
    assert_no_axe_violations(page)

    cookies = page.context.cookies()
    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    phone.add_cookies(cookies)
    small = phone.new_page()
    small.goto(f"/actions/?board={BOARD}&sort=-rag")
    assert small.get_by_text("Audit postponed twice").is_visible()
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"the tracker is {width}px wide on a phone"
    assert_no_axe_violations(small)
    screenshot(small, "tracker-375")
    small.locator("#tracker-caption").scroll_into_view_if_needed()
    small.screenshot(path=str(SCREENSHOTS / "tracker-375-cards.png"))  # what a phone shows
    small.goto(f"/actions/boards/{BOARD}/dashboard/")
    assert small.evaluate("document.documentElement.scrollWidth") <= 380
    screenshot(small, "dashboard-375")
    phone.close()
