"""The action tracker in a real browser: a demo lead signs in, updates an action, sees it on the
timeline and on their dashboard; axe-core passes on every tracker and account page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from actions.models import Action
from actions.services import record_status_update
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def demo_lead(settings, tmp_path, monkeypatch):
    """The curated fixtures and the demo accounts, as `make run` sets them up; returns the password."""
    from actions.management.commands import create_demo_accounts

    monkeypatch.setattr(create_demo_accounts, "PASSWORD_FILE", tmp_path / "pw.txt")
    call_command("load_fixtures", verbosity=0)
    settings.DEBUG = True
    call_command("create_demo_accounts", verbosity=0)
    settings.DEBUG = False
    return (tmp_path / "pw.txt").read_text().strip()


def sign_in(page, username, password):
    page.goto("/accounts/login/")
    assert_no_axe_violations(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def test_demo_lead_updates_an_action_and_sees_it_on_the_timeline_and_dashboard(page, demo_lead):
    sign_in(page, "demo-lead", demo_lead)
    page.get_by_role("link", name="My actions").click()
    page.wait_for_url("**/actions/mine/")
    assert page.get_by_role("heading", name="My actions", level=1).is_visible()
    screenshot(page, "actions-mine-before")
    assert_no_axe_violations(page)

    all_mine = page.locator("#all-mine").locator("xpath=..").get_by_role("link")
    first_action = all_mine.first
    description = first_action.inner_text()
    first_action.click()
    page.wait_for_url(re.compile(r"/actions/\d+/$"))
    assert_no_axe_violations(page)

    due = timezone.localdate() + timedelta(days=20)
    page.get_by_label("In progress").check()
    page.get_by_label("Progress note").fill("Escalation audit tool agreed by the QA sub-group.")
    page.get_by_label("Evidence of impact").fill("Audit of 12 cases: escalation used in 9.")
    page.get_by_label("Revised due date (optional)").fill(due.isoformat())
    page.get_by_label("Reason for the revised date").fill("Audit cycle moved to the spring.")
    page.get_by_role("button", name="Add update to the timeline").click()
    page.wait_for_url(re.compile(r"/actions/\d+/#timeline$"))

    assert page.get_by_text("Your update has been added").is_visible()
    timeline = page.locator("section", has=page.locator("h2#timeline"))
    assert timeline.get_by_text("Escalation audit tool agreed by the QA sub-group.").is_visible()
    assert timeline.get_by_text("Audit of 12 cases: escalation used in 9.").is_visible()
    assert timeline.get_by_text("demo-lead").is_visible()
    screenshot(page, "action-detail-after-update")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="My actions").click()
    # The curated plans are historic (closed without outcome: no flags), so the action is in
    # "All my actions", not among those due soon.
    all_mine = page.locator("section", has=page.locator("h2#all-mine"))
    row = all_mine.get_by_role("row", name=re.compile(re.escape(description[:40])))
    assert row.get_by_text("In progress").is_visible()
    screenshot(page, "actions-mine-after")
    assert_no_axe_violations(page)


def test_completing_without_evidence_shows_the_error_summary(page, lead_user, action):
    sign_in(page, "wiltshire-lead", PASSWORD)
    page.goto(action.get_absolute_url())
    page.get_by_label("Complete").check()
    page.get_by_label("Progress note").fill("All done.")
    page.get_by_role("button", name="Add update to the timeline").click()
    summary = page.get_by_role("alert")
    assert "evidence of impact" in summary.inner_text()
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    assert page.title().startswith("Error:")
    screenshot(page, "action-detail-evidence-error")
    assert_no_axe_violations(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_evidence"


def test_second_lead_sees_the_conflict_and_resubmits(page, lead_user, second_lead_user, action):
    sign_in(page, "wiltshire-lead", PASSWORD)
    page.goto(action.get_absolute_url())
    page.get_by_label("At risk").check()
    page.get_by_label("Progress note").fill("My note, written while the other lead was busy.")
    # Meanwhile the other holder of the lead records an update.
    record_status_update(
        action=Action.objects.get(pk=action.pk),
        user=second_lead_user,
        status="in-progress",
        note="The other lead's update.",
        expected_version=1,
    )
    page.get_by_role("button", name="Add update to the timeline").click()
    conflict = page.get_by_role("alert")
    assert "Someone else updated this action" in conflict.inner_text()
    assert "The other lead's update." in conflict.inner_text()
    assert page.get_by_label("Progress note").input_value().startswith("My note")
    screenshot(page, "action-detail-conflict")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add update to the timeline").click()
    page.wait_for_url(re.compile(r"#timeline$"))
    assert Action.objects.get(pk=action.pk).updates.count() == 2


def test_tracker_filters_chart_and_exports_pass_axe(page, user, make_action, dorset_action):
    make_action(
        description="Overdue Wiltshire action", due_date=timezone.localdate() - timedelta(days=2)
    )
    make_action(description="Ongoing Wiltshire action", due_date=None, deadline_text="ongoing")
    sign_in(page, "reader", PASSWORD)
    page.get_by_role("link", name="Action tracker").click()
    page.wait_for_url("**/actions/")
    assert page.get_by_role("img", name=re.compile("Status of actions by board")).is_visible()
    screenshot(page, "actions-tracker")
    assert_no_axe_violations(page)
    page.get_by_label("Board", exact=True).select_option(
        label="Wiltshire Safeguarding Children Board"
    )
    page.get_by_label("Flag", exact=True).select_option(label="Overdue")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"board=wiltshire"))
    assert page.get_by_role("heading", name="1 action").is_visible()
    assert page.get_by_role("link", name="Overdue Wiltshire action").is_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert "Overdue Wiltshire action" in download.value.path().read_text(encoding="utf-8")


def test_tracker_and_action_page_are_readable_on_a_phone(
    phone_page, user, make_action, dorset_action
):
    action = make_action(
        description="Overdue Wiltshire action", due_date=timezone.localdate() - timedelta(days=2)
    )
    phone_page.goto(action.get_absolute_url())
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    screenshot(phone_page, "action-detail-phone")
    assert width <= 375
    assert_no_axe_violations(phone_page)
    sign_in(phone_page, "reader", PASSWORD)
    phone_page.goto("/actions/")
    screenshot(phone_page, "actions-tracker-phone")
    assert_no_axe_violations(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


def test_calendar_and_account_pages_pass_axe(page, lead_user):
    sign_in(page, "wiltshire-lead", PASSWORD)
    page.goto("/actions/calendar/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Create my feed address").click()
    feed_url = page.get_by_label("Your feed address").input_value()
    assert "/actions/calendar/" in feed_url and feed_url.endswith(".ics")
    screenshot(page, "actions-calendar")
    assert_no_axe_violations(page)
    page.goto("/accounts/password_change/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Change password").click()
    assert page.get_by_role("alert").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=re.compile("Sign out")).click()
    page.goto("/accounts/password_reset/")
    assert_no_axe_violations(page)
    page.get_by_label("Email").fill("qa@wiltshire.example")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_url("**/password_reset/done/")
    assert_no_axe_violations(page)
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    assert page.get_by_role("heading", name="Choose a new password").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("New password", exact=True).fill("a new passphrase here")
    page.get_by_label("New password confirmation").fill("a new passphrase here")
    page.get_by_role("button", name="Save new password").click()
    page.wait_for_url("**/reset/done/")
    assert_no_axe_violations(page)
    sign_in(page, "wiltshire-lead", "a new passphrase here")
    page.goto("/accounts/password_change/")
    page.get_by_label("Old password").fill("a new passphrase here")
    page.get_by_label("New password", exact=True).fill("another passphrase here")
    page.get_by_label("New password confirmation").fill("another passphrase here")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/password_change/done/")
    assert_no_axe_violations(page)


def tab_to(page, selector, limit=60):
    """Press Tab until the element matching `selector` has focus (keyboard-only navigation)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_lead_can_update_an_action_with_the_keyboard_alone(page, lead_user, action):
    sign_in(page, "wiltshire-lead", PASSWORD)
    page.goto(action.get_absolute_url())
    tab_to(page, "input[name=status]")
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys
    page.keyboard.press("Space")
    tab_to(page, "textarea[name=note]")
    page.keyboard.type("Typed with the keyboard only.")
    tab_to(page, "button[type=submit].button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#timeline$"))
    assert page.get_by_text("Typed with the keyboard only.").is_visible()
    assert Action.objects.get(pk=action.pk).status != Action.Status.NO_UPDATE
