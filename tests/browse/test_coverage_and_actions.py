"""Covered reviews sit under the review that covers them (not as empty shells in counts, lists,
“recently published” or the feed), and a finding's page lists what was done about it."""

import pytest
from django.urls import reverse

from actions.models import Action, ActionPlan, Lead
from browse import queries
from findings.models import Finding
from findings.services import refresh_counts
from reviews.models import Review
from reviews.services import publish_review, unpublish_review
from tests import factories


@pytest.fixture
def thematic(db):
    """A published thematic review of one board covering two empty reviews, one of them of
    another board; and a covered review with findings of its own (not a shell)."""
    surrey = factories.board("Surrey Safeguarding Children Partnership")
    hampshire = factories.board("Hampshire Safeguarding Children Partnership")
    analysis = factories.review(surrey, name="Thematic analysis 2016-2020", kind="thematic")
    factories.finding(analysis, "Cumulative harm was not seen.")
    shell = factories.review(surrey, name="Child A")
    other = factories.review(hampshire, name="Child Z")
    with_findings = factories.review(surrey, name="Family Blue")
    factories.finding(with_findings, "Its own finding.")
    analysis.covers.set([shell, other, with_findings])
    refresh_counts()
    return {"analysis": analysis, "shell": shell, "other": other, "with_findings": with_findings}


def test_covered_empty_reviews_are_not_top_level(thematic):
    top = set(Review.objects.published().top_level())
    assert thematic["analysis"] in top
    assert thematic["with_findings"] in top  # covered, but not an empty shell
    assert thematic["shell"] not in top
    assert thematic["other"] not in top
    assert set(Review.objects.published().covered_shells()) == {
        thematic["shell"],
        thematic["other"],
    }


def test_covered_reviews_are_not_counted(thematic):
    assert queries.totals()["reviews"] == 2


def test_unpublishing_the_covering_review_brings_its_covered_reviews_back(thematic):
    unpublish_review(review=thematic["analysis"])
    assert thematic["other"] in set(Review.objects.published().top_level())
    assert queries.totals()["reviews"] == 3  # shell, Child Z (another board's), Family Blue
    publish_review(review=thematic["analysis"])
    assert queries.totals()["reviews"] == 2


def test_reviews_list_nests_covered_reviews_under_the_thematic_review(client, thematic):
    response = client.get(reverse("reviews:review-list"))
    listed = list(response.context["page_obj"])
    assert thematic["shell"] not in listed
    assert response.context["paginator"].count == 2
    html = response.content.decode()
    assert "Covers 3 reviews" in html
    assert thematic["other"].get_absolute_url() in html


def test_home_and_feed_show_no_empty_shells(client, thematic):
    for review in Review.objects.all():
        publish_review(review=review)  # published_at set: all “recently published”
    home = client.get(reverse("browse:home"))
    assert thematic["shell"] not in list(home.context["recent_reviews"])
    feed = client.get(reverse("reviews:feed")).content.decode()
    assert "Child A" not in feed
    assert "Thematic analysis 2016-2020" in feed


def test_thematic_page_lists_the_reviews_it_covers(client, thematic):
    html = client.get(thematic["analysis"].get_absolute_url()).content.decode()
    assert "Reviews this briefing covers" in html
    assert thematic["shell"].get_absolute_url() in html
    html = client.get(thematic["shell"].get_absolute_url()).content.decode()
    assert "Covered by" in html
    assert thematic["analysis"].get_absolute_url() in html


def test_board_page_lists_its_covered_reviews_apart(client, thematic):
    response = client.get(thematic["other"].board.get_absolute_url())
    assert list(response.context["reviews"]) == []
    assert [r.name for r in response.context["covered"]] == ["Child Z"]
    assert thematic["analysis"].get_absolute_url() in response.content.decode()


def test_curated_counts_leave_out_the_twelve_covered_reviews(client, curated_content):
    refresh_counts()
    assert Review.objects.published().count() == 19
    assert queries.totals()["reviews"] == 7
    recent = client.get(reverse("browse:home")).context["recent_reviews"]
    assert all(review.findings.exists() for review in recent)
    thematic = Review.objects.get(slug="surrey-scr-thematic-2016-2020")
    html = client.get(thematic.get_absolute_url()).content.decode()
    assert "Reviews this briefing covers" in html
    assert Review.objects.get(slug="hampshire-child-z").get_absolute_url() in html


# A finding's page: what was done about it -------------------------------------------------


@pytest.fixture
def answered(db):
    """A published finding answered by a plan of two actions (one with a revised due date)."""
    board = factories.board()
    review = factories.review(board)
    finding = factories.finding(
        review,
        "Challenge was not embedded.",
        line=2,
    )
    plan = ActionPlan.objects.create(review=review, finding=finding, key="plan")
    lead = Lead.objects.create(board=board, name="WSCB QA Lead")
    Action.objects.create(
        plan=plan,
        key="a1",
        lead=lead,
        description="Relaunch the escalation policy",
        due_date="2018-09-30",
        revised_due_date="2019-03-31",
        status=Action.Status.COMPLETE,
    )
    Action.objects.create(
        plan=plan, key="a2", description="Courageous Conversations workshops", order=1
    )
    return finding


def test_finding_page_lists_the_actions_that_answer_it(client, answered):
    response = client.get(answered.get_absolute_url())
    assert [a.key for a in response.context["actions"]] == ["a1", "a2"]
    html = response.content.decode()
    assert "What was done about it" in html
    assert "WSCB QA Lead" in html
    assert "31 Mar 2019" in html and "revised from 30 Sep 2018" in html
    assert "Complete" in html
    assert "Not named" in html  # the second action has no lead


def test_finding_page_without_a_plan_says_so(client, db):
    finding = factories.finding(factories.review(factories.board()), "Alone.")
    html = client.get(finding.get_absolute_url()).content.decode()
    assert "No action plan answering this finding is recorded here" in html


def test_wiltshire_finding_3_lists_its_six_actions_and_no_raw_table(client, curated_content):
    finding = Finding.objects.get(review__slug="wiltshire-family-m", label="Finding 3")
    response = client.get(finding.get_absolute_url())
    assert len(response.context["actions"]) == 6
    assert "Courageous Conversations" in response.content.decode()
    for _, text, _ in response.context["passage"]:
        assert "\t" not in text
        assert "How will we know we are making a difference?" not in text


def test_choosing_a_board_lists_its_covered_reviews_too(client, thematic):
    board = thematic["other"].board
    response = client.get(reverse("reviews:review-list"), {"board": board.slug})
    assert list(response.context["page_obj"]) == [thematic["other"]]
