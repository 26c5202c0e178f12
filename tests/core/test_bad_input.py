"""A bad-input corpus: hostile and malformed values in every GET parameter of every list, export
and feed, and in the lead's update form. None may give a 500; a refused form saves nothing.

The parameters come from the FilterSets themselves (plus `page`, `q` and `sort`), so a filter
added later is covered without touching this file. Runs on SQLite and PostgreSQL alike.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse

from actions.filters import TrackerFilter
from actions.models import Action, StatusUpdate
from findings.filters import FindingFilter
from reviews.filters import ReviewFilter

# Values a person, a crawler or an attacker might send. Raw strings are percent-encoded as UTF-8;
# RAW ones are put in the query string as they are (invalid UTF-8, stray percent signs).
VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "abc",
    "2024-13-45",
    "9999-12-31",
    "0000-00-00",
    "null\x00byte",
    "\x00",
    "x" * 100_000,
    "😀" * 50,
    "\u202eevil",
    "'; DROP TABLE findings_finding; --",
    "<script>alert(1)</script>",
    "-" * 40,
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -",
    "-neglect",
    "or or or",
    '"""',
    '"unclosed phrase',
    "(((",
    "!!! & | :*",
    "neglect:* & !home",
    "NEAR(a b)",
    "*",
]
RAW = ["%ED%A0%80", "%FF%FE", "%", "%zz", "a%00b"]


def param_names(filterset_class):
    return sorted({*filterset_class.base_filters, "page", "q", "sort"})


ENDPOINTS = [
    ("findings:list", [*param_names(FindingFilter), "board_name"], False),
    ("findings:export", param_names(FindingFilter), False),
    ("browse:search", ["q", "page", "type"], False),
    ("reviews:review-list", param_names(ReviewFilter), False),
    ("reviews:review-export", param_names(ReviewFilter), False),
    ("browse:board-list", ["page", "q", "region"], False),
    ("reviews:feed", ["page", "q"], False),
    ("browse:theme-index", ["page", "region"], False),
    ("browse:theme-detail", ["recommendations", "questions", "page"], False),
    ("actions:tracker", param_names(TrackerFilter), True),
    ("actions:export-csv", param_names(TrackerFilter), True),
    ("actions:export-xlsx", param_names(TrackerFilter), True),
    ("actions:mine", ["page", "status"], True),
    ("browse:theme-recurrence", ["page"], False),
    ("browse:board-recurrence", ["page"], False),
    ("findings:theme-feed", ["page", "q"], False),
    ("findings:board-feed", ["page", "q"], False),
    ("findings:record-theme-use", ["resource"], True),
    ("findings:record-review-use", ["resource"], True),
    ("findings:dissemination-mine", ["page"], True),
    ("findings:subscriptions", ["themes"], True),
]

# The slug each endpoint with one takes, from the test's objects.
SLUGS = {
    "browse:theme-detail": lambda review, theme: theme.slug,
    "browse:theme-recurrence": lambda review, theme: theme.slug,
    "findings:theme-feed": lambda review, theme: theme.slug,
    "findings:record-theme-use": lambda review, theme: theme.slug,
    "browse:board-recurrence": lambda review, theme: review.board.slug,
    "findings:board-feed": lambda review, theme: review.board.slug,
    "findings:record-review-use": lambda review, theme: review.slug,
}


def queries_for(params):
    for name in params:
        for value in VALUES:
            yield f"{name}={quote(value, safe='')}"
        for raw in RAW:
            yield f"{name}={raw}"
        yield "&".join(f"{name}={n}" for n in range(200))  # the same parameter 200 times
    yield "&".join(f"{name}=%00" for name in params)  # all at once


def test_the_corpus_is_large_enough():
    total = sum(len(list(queries_for(params))) for _, params, _ in ENDPOINTS)
    assert total >= 300, total


@pytest.mark.parametrize(
    ("url_name", "params", "signed_in"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_no_bad_query_string_gives_a_server_error(
    client, published_review, theme, lead_user, action, url_name, params, signed_in
):
    if signed_in:
        client.force_login(lead_user)
    slug = SLUGS.get(url_name)
    kwargs = {"slug": slug(published_review, theme)} if slug else {}
    path = reverse(url_name, kwargs=kwargs)
    failures = []
    for query in queries_for(params):
        response = client.get(f"{path}?{query}")
        if response.status_code >= 500:
            failures.append((query[:80], response.status_code))
    assert failures == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"version": "abc"},
        {"version": "-5"},
        {"version": "99999999999999999999"},
        {"status": "exploded"},
        {"status": ""},
        {"note": ""},
        {"note": "\x00"},
        {"revised_due_date": "2024-02-30"},
        {"revised_due_date": "9999-12-31"},
        {"revised_due_date": "\x00"},
        {"evidence_url": "javascript:alert(1)"},
        {"evidence_url": "x" * 2000},
        {"status": "complete", "evidence": ""},
    ],
)
def test_a_refused_update_saves_nothing(client, lead_user, action, overrides):
    from tests.actions.test_permissions import update_data

    client.force_login(lead_user)
    response = client.post(action.get_absolute_url(), update_data(action, **overrides))
    assert response.status_code in (200, 400, 409), response.status_code
    action.refresh_from_db()
    assert action.version == 1 and action.status == Action.Status.NO_UPDATE
    assert not StatusUpdate.objects.filter(action=action).exists()


def test_the_tracker_corpus_covers_the_typed_lead():
    assert {"lead", "lead_name"} <= set(param_names(TrackerFilter))


@pytest.mark.parametrize(
    "query",
    [
        {"lead_name": "%"},
        {"lead_name": "_"},
        {"lead_name": "\\"},
        {"lead_name": "x" * 201},
        {"lead_name": "a\x00b"},
        {"lead_name": "qa", "lead": "abc"},
        {"lead_name": "qa", "lead": "99999999999999999999"},
        {"lead_name": "\x00", "lead": "1"},
        {"lead_name": ["qa", "nurse"], "lead": ["1", "2"]},
        {"lead_name": "qa", "scope": "all", "board": "no-such-board"},
    ],
)
def test_a_typed_lead_with_bad_input_gets_a_message_not_an_error(client, lead_user, action, query):
    """The typed lead's name and the lead id together (the generic corpus sends one at a time)."""
    client.force_login(lead_user)
    for url_name in ("actions:tracker", "actions:export-csv"):
        response = client.get(reverse(url_name), query)
        assert response.status_code == 200, (url_name, query)


@pytest.mark.parametrize(
    "query",
    [
        {"review": "a\x00b"},
        {"review": "a\x00b", "scope": "all"},
        {"review": "a\x00b", "scope": "yours"},
        {"review": "<b>", "scope": "all"},
        {"review": "x" * 300, "scope": "all"},
        {"review": ["test-family-m", "a\x00b"], "scope": "all"},
        {"review": "test-family-m", "board": "a\x00b"},
        {"review": "test-family-m", "board": "no-such-board", "scope": "all"},
    ],
)
def test_a_review_over_all_boards_with_bad_input_gets_a_message_not_an_error(
    client, lead_user, action, query
):
    """Over all boards only the review asked for is listed (read by its slug): bad slugs, alone
    or with a scope or a board (the generic corpus sends one parameter at a time)."""
    client.force_login(lead_user)
    for url_name in ("actions:tracker", "actions:export-csv"):
        response = client.get(reverse(url_name), query)
        assert response.status_code == 200, (url_name, query)
