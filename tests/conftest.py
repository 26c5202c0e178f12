"""Shared fixtures: small, composable, one docstring each."""

import pytest
from django.contrib.auth import get_user_model

from reviews.models import Board, Briefing, Review
from themes.models import Theme


@pytest.fixture
def board(db):
    """A board with the shared abbreviation “WSCB”."""
    return Board.objects.create(
        name="Wiltshire Safeguarding Children Board",
        slug="wiltshire-safeguarding-children-board",
        abbreviation="WSCB",
        area="Wiltshire",
    )


@pytest.fixture
def briefing(board):
    """A small source briefing published by `board`."""
    return Briefing.objects.create(
        title="Family M response",
        slug="test-family-m",
        publisher=board,
        file_name="test.txt",
        full_text="Finding 1: Something was learned.",
        sha256="0" * 64,
    )


@pytest.fixture
def published_review(board, briefing):
    """A published serious case review of `board`."""
    return Review.objects.create(
        name="Family M",
        slug="test-family-m",
        board=board,
        briefing=briefing,
        kind=Review.Kind.SERIOUS_CASE_REVIEW,
        year=2018,
        status=Review.Status.PUBLISHED,
    )


@pytest.fixture
def theme(db):
    """The neglect theme (a risk to the child)."""
    return Theme.objects.create(name="Neglect", slug="neglect", facet=Theme.Facet.RISK)


@pytest.fixture
def user(db):
    """A signed-up user with no roles."""
    return get_user_model().objects.create_user("reader", password="correct horse battery")
