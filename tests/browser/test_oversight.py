"""The board's oversight in a real browser: the manager requests an update and escalates; the
lead answers the request and completes; the quality-assurance member assures. axe-core passes on
the action page with every form, My actions with a request, and both board pages."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from actions.models import Action, Lead, Membership, UpdateRequest
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import screenshot
from tests.browser.test_actions import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def qa_member(board):
    """Wiltshire's quality-assurance member."""
    user = get_user_model().objects.create_user(
        "wiltshire-qa", email="assure@wiltshire.example", password=PASSWORD
    )
    Membership.objects.create(user=user, board=board, role=Membership.Role.QUALITY_ASSURANCE)
    return user


def switch_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)


def test_manager_requests_and_escalates_lead_completes_qa_assures(
    page, board_manager, lead_user, qa_member, action, make_action
):
    nurse = Lead.objects.create(board=action.plan.review.board, name="Named Nurse")
    make_action(description="An action of a lead nobody holds", lead=nurse)
    today = timezone.localdate()

    # The board manager: request an update, escalate, see the board's pages.
    sign_in(page, "wiltshire-manager", PASSWORD)
    page.goto(action.get_absolute_url())
    assert page.get_by_text("Held by wiltshire-lead").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Update wanted by").fill((today + timedelta(days=10)).isoformat())
    page.get_by_label("Message to the lead (optional)").fill("Board meets on the 20th.")
    page.get_by_role("button", name="Request an update").click()
    page.wait_for_url(re.compile(r"#timeline$"))
    assert page.get_by_text("Update requested. E-mailed 1 person(s)").is_visible()
    assert [m.to for m in mail.outbox] == [["qa@wiltshire.example"]]

    page.get_by_role("button", name="Escalate to the board").click()  # no reason: an error
    assert "Say why the board should discuss" in page.get_by_role("alert").inner_text()
    assert page.title().startswith("Error:")
    assert_no_axe_violations(page)
    page.get_by_label("Reason for escalating to the board").fill("Slipped since spring.")
    page.get_by_role("button", name="Escalate to the board").click()
    page.wait_for_url(re.compile(r"#timeline$"))
    timeline = page.locator("section", has=page.locator("h2#timeline"))
    assert timeline.get_by_text("Slipped since spring.").is_visible()
    screenshot(page, "oversight-action-escalated")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Wiltshire Safeguarding Children Board's escalation list").click()
    page.wait_for_url("**/escalations/")
    assert page.get_by_role("heading", name="Escalation list", level=1).is_visible()
    assert page.get_by_role("link", name=re.compile("Implement a new approach")).is_visible()
    screenshot(page, "oversight-escalation-list")
    assert_no_axe_violations(page)
    page.get_by_label("Overdue by more than (days)").fill("-3")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_role("alert").is_visible()
    assert_no_axe_violations(page)

    page.goto("/actions/mine/")
    page.get_by_role("link", name="leads with nobody attached").click()
    page.wait_for_url("**/leads/")
    assert page.get_by_role("heading", name="Leads with nobody attached").is_visible()
    screenshot(page, "oversight-leads")
    assert_no_axe_violations(page)
    nurse_form = page.locator("section", has=page.get_by_role("heading", name="Named Nurse"))
    nurse_form.get_by_label("wiltshire-qa").check()  # a person of the board
    nurse_form.get_by_label("Or e-mail addresses of existing accounts").fill("QA@wiltshire.example")
    nurse_form.get_by_role("button", name="Attach to “Named Nurse”").click()
    page.wait_for_url("**/leads/")
    assert page.get_by_text("Attached to “Named Nurse”").is_visible()
    assert set(nurse.holders.values_list("username", flat=True)) == {
        "wiltshire-qa",
        "wiltshire-lead",
    }
    assert_no_axe_violations(page)

    # The lead: sees the request on My actions, answers it by completing the action.
    switch_user(page, "wiltshire-lead")
    page.get_by_role("link", name="My actions").click()
    page.wait_for_url("**/actions/mine/")
    requests = page.locator("section", has=page.locator("h2#requests"))
    assert requests.get_by_text("Board meets on the 20th.").is_visible()
    screenshot(page, "oversight-mine-with-request")
    assert_no_axe_violations(page)
    requests.get_by_role("link", name=re.compile("Implement a new approach")).click()
    page.wait_for_url(re.compile(r"/actions/\d+/$"))
    assert page.get_by_role("heading", name="Update requested", exact=True).is_visible()
    page.get_by_label("Complete").check()
    page.get_by_label("Progress note").fill("New escalation policy live across partners.")
    page.get_by_label("Evidence of impact").fill("Policy published; 140 staff trained.")
    page.get_by_role("button", name="Add update to the timeline").click()
    page.wait_for_url(re.compile(r"#timeline$"))
    assert not UpdateRequest.objects.open().exists()
    assert page.get_by_role("heading", name="Assure this action").count() == 0

    # The quality-assurance member: assures on evidence of impact.
    switch_user(page, "wiltshire-qa")
    page.get_by_role("link", name="My actions").click()
    page.wait_for_url("**/actions/mine/")
    awaiting = page.get_by_role("region", name="Complete actions awaiting assurance")
    assert_no_axe_violations(page)
    awaiting.get_by_role("link", name=re.compile("Implement a new approach")).click()
    page.wait_for_url(re.compile(r"/actions/\d+/$"))
    page.get_by_role("button", name="Record assurance").click()  # nothing filled: errors
    summary = page.get_by_role("alert")
    assert "Enter the evidence of impact" in summary.inner_text()
    assert "Confirm that the success measure is met" in summary.inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Evidence of impact").fill("Audit of 20 cases: escalation used in 18.")
    page.get_by_label("The success measure is met").check()
    page.get_by_label("Re-audit date (optional)").fill((today + timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Record assurance").click()
    page.wait_for_url(re.compile(r"#timeline$"))
    assert page.get_by_text("The action is assured.").is_visible()
    timeline = page.locator("section", has=page.locator("h2#timeline"))
    assert timeline.get_by_text("Audit of 20 cases: escalation used in 18.").is_visible()
    screenshot(page, "oversight-action-assured")
    assert_no_axe_violations(page)
    assert Action.objects.get(pk=action.pk).status == Action.Status.ASSURED


def test_oversight_pages_are_readable_on_a_phone(
    phone_page, board_manager, lead_user, action, make_action
):
    from actions.services import escalate

    escalate(action=action, user=board_manager, reason="Board to discuss")
    make_action(description="Long overdue", due_date=timezone.localdate() - timedelta(days=300))
    make_action(description="Unheld", lead=None)
    sign_in(phone_page, "wiltshire-manager", PASSWORD)
    for name, url in [
        ("oversight-action-phone", action.get_absolute_url()),
        (
            "oversight-escalations-phone",
            f"/actions/boards/{action.plan.review.board.slug}/escalations/",
        ),
        ("oversight-leads-phone", f"/actions/boards/{action.plan.review.board.slug}/leads/"),
    ]:
        phone_page.goto(url)
        screenshot(phone_page, name)
        assert_no_axe_violations(phone_page)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, url
