"""Recording that a team used learning (issue 14): sign-in, validation, own records only, counts."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from findings.models import Dissemination
from findings.services import dissemination_counts, dissemination_totals, record_dissemination

PASSWORD = "correct horse battery"


def text(response):
    """The page's HTML with entities (&#x27;) read as the characters they stand for."""
    return unescape(response.content.decode())


def valid_data(of_board, **overrides):
    data = {
        "resource": "seven-minute-briefing",
        "board": of_board.pk,
        "used_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "team": "Duty and assessment team 2",
        "agency": "Children's social care",
        "people": "12",
        "changes": "We will use the escalation policy when we disagree with a decision.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def signed_in(client, user):
    """The client, signed in as `user` (no roles)."""
    client.force_login(user)
    return client


def test_recording_needs_sign_in(client, theme, board):
    """Anonymous users are sent to sign in, for the form and for a post; nothing is saved."""
    url = reverse("findings:record-theme-use", args=[theme.slug])
    assert client.get(url).status_code == 302
    response = client.post(url, valid_data(board))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Dissemination.objects.exists()


def test_signed_in_user_records_use_of_a_7_minute_briefing(
    signed_in, user, theme, board, django_assert_num_queries
):
    """Guards against N+1: the form reads the user, the theme and their board (and the boards'
    list); the post records the use and returns to the theme page with a message."""
    url = reverse("findings:record-theme-use", args=[theme.slug])
    with django_assert_num_queries(5):  # session, user, theme, membership, boards
        response = signed_in.get(url + "?resource=seven-minute-briefing")
    assert response.status_code == 200
    assert re.search(r'<input[^>]*value="seven-minute-briefing"[^>]*checked', text(response))
    response = signed_in.post(url, valid_data(board), follow=True)
    record = Dissemination.objects.get()
    assert (record.user, record.theme, record.resource, record.people) == (
        user,
        theme,
        "seven-minute-briefing",
        12,
    )
    assert response.redirect_chain[-1][0] == theme.get_absolute_url()
    assert "your team's use of the 7-minute briefing on Neglect is recorded" in text(response)


def test_record_use_of_a_review(signed_in, published_review, board):
    """A review is its own resource: no choice of what was used."""
    url = reverse("findings:record-review-use", args=[published_review.slug])
    response = signed_in.get(url)
    assert 'name="resource"' not in response.content.decode()
    signed_in.post(url, valid_data(board, resource=""))
    record = Dissemination.objects.get()
    assert (record.resource, record.review, record.theme) == ("review", published_review, None)


def test_draft_review_cannot_be_recorded(signed_in, board):
    """A draft review is not found (404), as on every public page."""
    from tests import factories

    draft = factories.review(board, status="draft")
    assert (
        signed_in.get(reverse("findings:record-review-use", args=[draft.slug])).status_code == 404
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"used_on": (date.today() + timedelta(days=5)).isoformat()}, "today or in the past"),
        ({"used_on": "31/02/2026"}, "Enter a real date"),
        ({"used_on": "1999-12-31"}, "2000 or later"),
        ({"used_on": ""}, "Enter the date your team used it"),
        ({"people": "0"}, "must be 1 or more"),
        ({"people": "-4"}, "must be 1 or more"),
        ({"people": "twelve"}, "whole number"),
        ({"people": "1000000"}, "10,000 or fewer"),
        ({"team": "   "}, "Enter the name of your team"),
        ({"agency": ""}, "Enter your agency"),
        ({"changes": ""}, "Enter what your team will change"),
        ({"team": "x" * 201}, "200 characters or fewer"),
        ({"board": "999999"}, "Choose the safeguarding partnership"),
        ({"board": "abc"}, "Choose the safeguarding partnership"),
        ({"resource": "nonsense"}, "Choose whether your team used"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    signed_in, theme, board, overrides, message
):
    """Each bad value is named in the error summary (the form again, status 200), never a 500."""
    url = reverse("findings:record-theme-use", args=[theme.slug])
    response = signed_in.post(url, valid_data(board, **overrides))
    assert response.status_code == 200
    html = text(response)
    assert "There is a problem" in html
    assert message in html
    assert not Dissemination.objects.exists()


def test_database_refuses_zero_people_and_two_resources(user, theme, board, published_review):
    """The rules hold below the form too (check constraints)."""
    fields = dict(board=board, used_on=date(2026, 1, 5), team="T", agency="A", changes="C")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dissemination.objects.create(
            user=user, resource="theme-page", theme=theme, people=0, **fields
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Dissemination.objects.create(
            user=user, resource="review", theme=theme, review=published_review, people=3, **fields
        )


@pytest.fixture
def record(user, theme, board):
    """A record `user` made of their team using the neglect theme page."""
    return record_dissemination(
        user=user,
        resource="theme-page",
        theme=theme,
        board=board,
        used_on=date(2026, 3, 17),
        team="Early help team",
        agency="Local authority",
        people=8,
        changes="Use the neglect toolkit at every visit.",
    )


def test_owner_changes_their_record(signed_in, record, board, django_assert_num_queries):
    """Guards against N+1 on the edit page; the owner's change is saved."""
    url = record.get_absolute_url()
    with django_assert_num_queries(4):  # session, user, record with context, boards
        assert signed_in.get(url).status_code == 200
    response = signed_in.post(url, valid_data(board, people="9", resource=""))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.people == 9


def test_others_records_are_not_editable(client, record, board):
    """Another signed-in user gets 403 for the page and the post, and nothing changes."""
    other = get_user_model().objects.create_user("other", password=PASSWORD)
    client.force_login(other)
    url = record.get_absolute_url()
    assert client.get(url).status_code == 403
    assert client.post(url, valid_data(board, people="99")).status_code == 403
    record.refresh_from_db()
    assert record.people == 8


def test_my_records_lists_only_mine(
    signed_in, record, user, theme, board, django_assert_num_queries
):
    """Guards against N+1: the list of one's records (session, user, count, page)."""
    other = get_user_model().objects.create_user("other", password=PASSWORD)
    record_dissemination(
        user=other,
        resource="theme-page",
        theme=theme,
        board=board,
        used_on=date(2026, 1, 1),
        team="Someone else's team",
        agency="Police",
        people=3,
        changes="Other",
    )
    with django_assert_num_queries(4):
        response = signed_in.get(reverse("findings:dissemination-mine"))
    html = text(response)
    assert "Early help team" in html
    assert "Someone else's team" not in html


def test_counts_per_theme_review_and_board_in_a_period(
    record, user, theme, board, published_review
):
    """dissemination_counts gives records and people by theme, review and board, within a
    period; dissemination_totals is the theme page's one-query summary."""
    record_dissemination(
        user=user,
        resource="review",
        review=published_review,
        board=board,
        used_on=date(2025, 6, 1),
        team="Health visiting",
        agency="NHS",
        people=5,
        changes="Ask",
    )
    counts = dissemination_counts(board=board)
    assert (counts["records"], counts["people"]) == (2, 13)
    assert [(row["theme__slug"], row["records"]) for row in counts["by_theme"]] == [("neglect", 1)]
    assert [(row["review__slug"], row["people"]) for row in counts["by_review"]] == [
        (published_review.slug, 5)
    ]
    in_2026 = dissemination_counts(board=board, period=(date(2026, 1, 1), date(2026, 12, 31)))
    assert (in_2026["records"], in_2026["people"], in_2026["by_review"]) == (1, 8, [])
    assert dissemination_totals(theme=theme) == {"records": 1, "people": 8, "boards": 1}


def test_theme_page_shows_its_use_in_practice(client, record, theme):
    """The theme page counts the records of its use and links to the form."""
    html = text(client.get(theme.get_absolute_url()))
    assert "recorded using this theme's page or 7-minute briefing 1 time, with 8 people" in html
    assert reverse("findings:record-theme-use", args=[theme.slug]) in html


@pytest.mark.parametrize(
    "overrides",
    [
        {"team": "\x00"},
        {"changes": "x" * 100_000},
        {"used_on": "\x00"},
        {"used_on": "9999-12-31"},
        {"people": "1e309"},
        {"people": "99999999999999999999999"},
        {"board": "'; DROP TABLE reviews_board; --"},
        {"resource": "review"},
    ],
)
def test_hostile_input_is_refused_without_a_server_error(signed_in, theme, board, overrides):
    """Hostile values in the form give the form back with an error, and save nothing."""
    url = reverse("findings:record-theme-use", args=[theme.slug])
    response = signed_in.post(url, valid_data(board, **overrides))
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert not Dissemination.objects.exists()


def test_review_and_board_pages_show_their_use_in_practice(client, user, board, published_review):
    """A review's use is counted on its page (with the link to record it), and the board's
    teams' use on the board page."""
    from findings.services import refresh_counts

    refresh_counts()
    record_dissemination(
        user=user,
        resource="review",
        review=published_review,
        board=board,
        used_on=date(2026, 2, 2),
        team="Police safeguarding unit",
        agency="Police",
        people=6,
        changes="Share concerns earlier.",
    )
    review_html = text(client.get(published_review.get_absolute_url()))
    assert (
        "Teams recorded using this review's learning 1 time, with 6 people in all." in review_html
    )
    assert reverse("findings:record-review-use", args=[published_review.slug]) in review_html
    board_html = text(client.get(board.get_absolute_url()))
    assert (
        "Teams of this partnership recorded using learning from case reviews 1 time" in board_html
    )
