"""Learning across years and into practice, in a real browser (issue 14): “learned before” on a
finding, the recurrence views, recording a team's use of a 7-minute briefing (errors, then
success) and choosing digest themes; axe on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.models import Action, ActionPlan
from findings.models import DigestSubscription, Dissemination
from findings.services import refresh_counts
from tests import factories
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import screenshot
from tests.browser.test_actions import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def recurring(db):
    """Professional challenge at one board in 2011 and 2018, at another in 2014, with actions."""
    challenge = factories.theme("professional-challenge", "Professional challenge", "practice")
    home, away = factories.board("Home Partnership"), factories.board("Away Partnership")
    findings = {}
    for key, board, year in [("2011", home, 2011), ("2014", away, 2014), ("2018", home, 2018)]:
        review = factories.review(board, year=year, name=f"Family {key}")
        findings[key] = factories.finding(review, f"Challenge was not made ({key}).", challenge)
    plan = ActionPlan.objects.create(
        review=findings["2011"].review, finding=findings["2011"], key="plan"
    )
    Action.objects.create(plan=plan, key="a1", description="Escalation policy", status="complete")
    Action.objects.create(
        plan=plan,
        key="a2",
        description="Audit",
        due_date=timezone.localdate() - timedelta(days=9),
    )
    refresh_counts()
    return findings


def test_learned_before_and_recurrence_pages(page, recurring):
    page.goto(recurring["2018"].get_absolute_url())
    section = page.locator(".learned-before")
    assert "2 actions: 1 complete, 1 overdue" in section.inner_text()
    screenshot(page, "learning-finding-learned-before")
    assert_no_axe_violations(page)

    section.get_by_role("link", name="When professional challenge came up, year by year").click()
    page.wait_for_url("**/themes/professional-challenge/recurrence/")
    table = page.get_by_role("table")
    assert "Home Partnership" in table.inner_text()
    screenshot(page, "learning-theme-recurrence")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Home Partnership").first.click()
    page.wait_for_url("**/boards/*/recurrence/")
    assert "2011, 2018" in page.get_by_role("table").inner_text()
    assert_no_axe_violations(page)

    page.goto("/themes/professional-challenge/")
    assert (
        page.locator(
            'head link[rel="alternate"][href="/feeds/themes/professional-challenge/"]'
        ).count()
        == 1
    )
    assert_no_axe_violations(page)


def test_team_records_use_of_a_7_minute_briefing(page, user, recurring):
    sign_in(page, "reader", PASSWORD)
    page.goto("/themes/professional-challenge/7-minute-briefing/")
    page.get_by_role("link", name="Record it").click()
    page.wait_for_url("**/record-use/?resource=seven-minute-briefing")
    assert page.get_by_label("The 7-minute briefing").is_checked()
    assert_no_axe_violations(page)

    page.get_by_label("Number of people who took part").fill("0")
    page.get_by_role("button", name="Record your team's use").click()
    summary = page.locator(".error-summary")
    assert "The number of people must be 1 or more." in summary.inner_text()
    assert "Enter the date your team used it." in summary.inner_text()
    screenshot(page, "learning-record-use-errors")
    assert_no_axe_violations(page)

    page.get_by_label("Your safeguarding partnership").select_option(label="Home Partnership")
    page.get_by_label("Date your team used it").fill(
        (timezone.localdate() - timedelta(days=1)).isoformat()
    )
    page.get_by_label("Team", exact=True).fill("Duty team")
    page.get_by_label("Agency").fill("Children's social care")
    page.get_by_label("Number of people who took part").fill("11")
    page.get_by_label("What will your team change?").fill("Escalate disagreements in writing.")
    page.get_by_role("button", name="Record your team's use").click()
    page.wait_for_url("**/themes/professional-challenge/")
    assert "is recorded" in page.locator(".notification-banner").inner_text()
    assert "1 time, with 11 people" in page.locator("#use-in-practice + p").inner_text()
    assert Dissemination.objects.get().people == 11

    page.goto("/learning-used/")
    assert "Duty team" in page.get_by_role("table").inner_text()
    assert_no_axe_violations(page)


def test_user_subscribes_to_a_weekly_digest(page, user, recurring):
    sign_in(page, "reader", PASSWORD)
    page.get_by_role("link", name="Subscriptions").click()
    page.wait_for_url("**/subscriptions/")
    assert_no_axe_violations(page)
    page.get_by_label("Professional challenge").check()
    page.get_by_role("button", name="Save my themes").click()
    page.wait_for_url("**/subscriptions/")
    assert (
        "weekly e-mail of new findings on Professional challenge"
        in page.locator(".notification-banner").inner_text()
    )
    assert_no_axe_violations(page)
    assert [t.slug for t in DigestSubscription.objects.get().themes.all()] == [
        "professional-challenge"
    ]
