"""The Atom feed of new reviews: each entry's summary is what the review is about."""

import re

from django.urls import reverse

from tests import factories


def summaries(client):
    xml = client.get(reverse("reviews:feed")).content.decode()
    return re.findall(r"<summary[^>]*>(.*?)</summary>", xml, re.S)


def test_feed_summary_is_the_reviews_summary_in_whole_sentences(client, db):
    review = factories.review(factories.board(), year=2015)
    review.summary = "Practice was reviewed. " + "A long sentence about the family. " * 20
    review.save()
    (summary,) = summaries(client)
    assert summary.startswith("Practice was reviewed. A long sentence about the family.")
    assert summary.endswith("family. (Serious case review, 2015)")
    assert len(summary) < 450


def test_feed_summary_falls_back_to_key_messages_then_the_first_finding(client, db):
    board = factories.board()
    with_messages = factories.review(board, summary="", key_messages="Processes were followed.")
    with_finding = factories.review(board, summary="", year=None)
    factories.finding(with_finding, "Neglect was not seen. Nobody asked.", order=0)
    factories.finding(with_finding, "A later finding.", order=1)
    found = summaries(client)
    assert "Processes were followed. (Serious case review, 2018)" in found
    assert "Neglect was not seen. Nobody asked. (Serious case review)" in found
    assert with_messages.pk and all(s.strip() != "Serious case review." for s in found)


def test_feed_runs_one_query(client, db, django_assert_num_queries):
    """Guards against N+1: the first finding's text is a subquery, not a query per entry."""
    board = factories.board()
    for _ in range(3):
        factories.finding(factories.review(board, summary=""), "A finding.")
    with django_assert_num_queries(1):
        client.get(reverse("reviews:feed"))
