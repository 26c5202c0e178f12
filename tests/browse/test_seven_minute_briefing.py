"""The printable 7-minute briefing: whole sentences (or words) with a link to the rest, more
than one finding per board, the date it was produced, and a print button that needs JavaScript
(a static file, no inline script)."""

import re

import pytest
from django.urls import reverse

from core.text import first_sentences
from findings.services import refresh_counts
from tests import factories

LONG = (
    "Practitioners did not see the cumulative harm of neglect over many years. "
    "Each referral was assessed on its own, and the history was not read by anyone who "
    "could have joined the episodes together into a picture of the child's daily life. "
    "Supervision did not ask what had changed for the children since the last referral."
)


@pytest.fixture
def briefing(db):
    """Two boards on neglect: one with three findings (its latest long), one with one."""
    neglect = factories.theme("neglect", "Neglect")
    first, second = factories.board(), factories.board()
    review = factories.review(first)
    older = [
        factories.finding(review, "Home conditions were poor.", neglect, order=1),
        factories.finding(review, "Nobody asked the child.", neglect, order=2),
    ]
    latest = factories.finding(review, LONG, neglect)  # the board's latest: always shown
    findings = [latest, *older, factories.finding(factories.review(second), "Dental.", neglect)]
    refresh_counts()
    return findings


def page(client):
    response = client.get(reverse("browse:seven-minute-briefing", args=["neglect"]))
    assert response.status_code == 200
    return response


def test_text_is_cut_at_a_sentence_with_a_link_to_the_rest(client, briefing):
    html = page(client).content.decode()
    shortened, cut = first_sentences(LONG, 230)
    assert cut and shortened.endswith("years.")  # whole sentences only
    assert shortened in html
    assert "Supervision did not ask" not in html
    assert briefing[0].get_absolute_url() in html
    assert "Read the whole finding" in html


def test_words_are_never_cut_in_half():
    text = "Unbelievablylongwordsoftext " * 30
    shortened, cut = first_sentences(text, 50)
    assert cut and shortened.endswith("…")
    assert all(word == "Unbelievablylongwordsoftext" for word in shortened[:-1].split())


def test_more_than_one_finding_per_board_where_there_are_more(client, briefing):
    spread = page(client).context["spread"]
    by_board = [finding.review.board_id for finding in spread]
    assert by_board.count(briefing[0].review.board_id) == 2  # PER_BOARD
    assert by_board.count(briefing[3].review.board_id) == 1  # all it has


def test_briefing_says_when_it_was_produced_and_offers_a_print_button(client, briefing):
    html = page(client).content.decode()
    assert re.search(r"Produced \d{1,2} \w+ \d{4}", html)
    assert re.search(r"<button [^>]*data-print[^>]*hidden", html)  # shown by JavaScript only
    assert "js/print-button.js" in html
    assert "<script>" not in html and "onclick" not in html
