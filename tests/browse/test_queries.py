"""Exact query counts of every browse page, at two sizes of data: they must not grow with rows."""

import pytest
from django.urls import reverse

from findings.models import Finding
from tests.factories import build_corpus


def first_published_finding():
    return Finding.objects.published().select_related("review__briefing").order_by("pk").first()


# (page, how to build its URL from the first board and finding, exact number of queries)
# The matrix (themes) and the theme page read the counts version once more (one more query than
# before: 4, 10) when their cached fragment is missing, as here; see
# test_cached_fragments_skip_their_queries for when it is there. The theme page reads its use in
# practice once more (11); the finding page reads earlier findings of its board and of others
# (11; two more when there are some: tests/browse/test_learning.py). The review and board pages
# read their use in practice (one query each: 11, 4).
PAGES = [
    ("home", lambda board, finding: reverse("browse:home"), 3),
    ("themes", lambda board, finding: reverse("browse:theme-index"), 4),
    ("theme", lambda board, finding: reverse("browse:theme-detail", args=["neglect"]), 11),
    (
        "theme recurrence",
        lambda board, finding: reverse("browse:theme-recurrence", args=["neglect"]),
        4,
    ),
    (
        "board recurrence",
        lambda board, finding: reverse("browse:board-recurrence", args=[board.slug]),
        3,
    ),
    ("theme feed", lambda board, finding: reverse("findings:theme-feed", args=["neglect"]), 3),
    ("board feed", lambda board, finding: reverse("findings:board-feed", args=[board.slug]), 3),
    (
        "seven-minute briefing",
        lambda board, finding: reverse("browse:seven-minute-briefing", args=["neglect"]),
        9,  # one more: a second finding of each board, from the theme's newest findings
    ),
    # The reviews list prefetches the reviews each one covers (one more).
    ("reviews", lambda board, finding: reverse("reviews:review-list"), 5),
    (
        "reviews filtered and sorted",
        lambda board, finding: (
            reverse("reviews:review-list")
            + f"?board={board.slug}&kind=scr&year_from=2000&year_to=2030&theme=neglect&sort=name"
        ),
        7,
    ),
    ("review", lambda board, finding: finding.review.get_absolute_url(), 11),
    ("findings", lambda board, finding: reverse("findings:list"), 5),
    (
        "findings by theme and board",
        lambda board, finding: reverse("findings:list") + f"?theme=neglect&board={board.slug}",
        7,
    ),
    (
        "findings by facet, kind, year and words",
        lambda board, finding: (
            reverse("findings:list") + "?facet=risk&review_kind=scr&year=2018&q=neglected"
        ),
        5,
    ),
    # The finding page reads the action plans answering it and their actions (two more), and
    # what was learned before: earlier findings on its themes and their actions (two more).
    ("finding", lambda board, finding: finding.get_absolute_url(), 13),
    ("boards", lambda board, finding: reverse("browse:board-list"), 1),
    # The board page: the reviews each one covers, and the board's covered reviews (two more),
    # and its teams' records of using the learning (one more).
    ("board", lambda board, finding: board.get_absolute_url(), 6),
    ("briefing", lambda board, finding: finding.review.briefing.get_absolute_url(), 3),
    # Search: one query counts and ranks every kind of result, one more per kind with matches
    # (here findings, recommendations and actions), the findings' themes, and the themes named
    # like the query (tests/browse/test_search.py counts each).
    ("search", lambda board, finding: reverse("browse:search") + "?q=neglected", 6),
    (
        "search, one kind",
        lambda board, finding: reverse("browse:search") + "?q=neglected&type=actions",
        3,
    ),
    (
        "findings CSV",
        lambda board, finding: reverse("findings:export") + "?theme=neglect",
        3,
    ),
    ("reviews CSV", lambda board, finding: reverse("reviews:review-export"), 1),
    ("feed", lambda board, finding: reverse("reviews:feed"), 1),
]


@pytest.mark.parametrize("size", [2, 5])
@pytest.mark.parametrize(("page", "url_for", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_page_query_count_does_not_grow_with_rows(
    client, db, django_assert_num_queries, size, page, url_for, queries
):
    """Guards against N+1: each page runs the same exact number of queries for 2 or 5 boards
    (each with a published and a draft review, findings, themes, recommendations, actions)."""
    boards = build_corpus(size)
    url = url_for(boards[0], first_published_finding())
    with django_assert_num_queries(queries):
        response = client.get(url)
        if response.streaming:  # a CSV export runs its queries as it streams
            b"".join(response.streaming_content)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "missing", "cached"),
    [
        (reverse("browse:theme-index"), 4, 1),
        (reverse("browse:theme-index") + "?region=london", 4, 1),
        (reverse("browse:theme-detail", args=["neglect"]), 11, 8),
    ],
)
def test_cached_fragments_skip_their_queries(
    client, db, django_assert_num_queries, url, missing, cached
):
    """The matrix's three queries and the theme page's latest findings (with their themes and
    families: three) are not run when their rendered fragment is cached under the current
    counts version; the version is read every time (one primary-key read)."""
    build_corpus(3)
    with django_assert_num_queries(missing):
        first = client.get(url)
    with django_assert_num_queries(cached):
        second = client.get(url)
    assert first.content == second.content
