"""Shared fixtures: small, composable, one docstring each."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from reviews.models import Board, Briefing, Review
from themes.models import Theme


def pytest_report_header(config):
    """Say which database and browser this run uses, so CI's log shows both database runs."""
    from django.db import connection

    from tests.browser.conftest import CHROMIUM

    browser = CHROMIUM if Path(CHROMIUM).exists() else "missing (browser tests skipped)"
    return [
        f"database: {connection.vendor} ({connection.settings_dict['NAME']})",
        f"chromium: {browser}",
    ]


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


# Action tracker (issue 5) ------------------------------------------------------------------


@pytest.fixture
def action_plan(published_review):
    """An action plan of `published_review` with a success measure."""
    from actions.models import ActionPlan

    return ActionPlan.objects.create(
        review=published_review,
        key="finding-3",
        title="Professional challenge",
        success_measure="Professional challenge will be evidenced as part of our professional culture",
    )


@pytest.fixture
def qa_lead(board):
    """Wiltshire's “WSCB QA Lead”, held by nobody yet."""
    from actions.models import Lead

    return Lead.objects.create(board=board, name="WSCB QA Lead")


@pytest.fixture
def make_action(action_plan, qa_lead):
    """Factory: make_action(**fields) creates an action of `action_plan` led by `qa_lead`."""
    from actions.models import Action

    counter = iter(range(1, 10_000))

    def make(**fields):
        number = next(counter)
        fields.setdefault("plan", action_plan)
        fields.setdefault("lead", qa_lead)
        fields.setdefault("key", f"action-{number}")
        fields.setdefault(
            "description", f"Action {number}: use the S11 process to check supervision"
        )
        fields.setdefault("deadline_text", "March 2027")
        fields.setdefault("due_date", timezone.localdate() + timedelta(days=120))
        fields.setdefault("order", number)
        return Action.objects.create(**fields)

    return make


@pytest.fixture
def action(make_action):
    """One published Wiltshire action led by “WSCB QA Lead”, due in 120 days."""
    return make_action(description="Implement a new approach to escalations")


@pytest.fixture
def lead_user(qa_lead):
    """A user holding Wiltshire's “WSCB QA Lead”."""
    user = get_user_model().objects.create_user(
        "wiltshire-lead", email="qa@wiltshire.example", password="correct horse battery"
    )
    qa_lead.holders.add(user)
    return user


@pytest.fixture
def second_lead_user(qa_lead):
    """A second holder of “WSCB QA Lead” (leads can be shared)."""
    user = get_user_model().objects.create_user(
        "wiltshire-lead-2", email="qa2@wiltshire.example", password="correct horse battery"
    )
    qa_lead.holders.add(user)
    return user


@pytest.fixture
def board_manager(board):
    """A user who manages Wiltshire's board (and so every Wiltshire action)."""
    from actions.models import Membership

    user = get_user_model().objects.create_user(
        "wiltshire-manager", password="correct horse battery"
    )
    Membership.objects.create(user=user, board=board, role=Membership.Role.BOARD_MANAGER)
    return user


@pytest.fixture
def dorset_lead_user(db):
    """A user holding a lead of Dorset's board (and nothing of Wiltshire's)."""
    from actions.models import Lead

    dorset = Board.objects.create(name="Dorset Safeguarding Children Partnership", slug="dorset")
    user = get_user_model().objects.create_user("dorset-lead", password="correct horse battery")
    Lead.objects.create(board=dorset, name="Dorset Named Nurse").holders.add(user)
    return user


@pytest.fixture
def dorset_action(action_plan, dorset_lead_user):
    """A published Dorset action, led by the Dorset lead, overdue."""
    from actions.models import Action, ActionPlan

    dorset = Board.objects.get(slug="dorset")
    review = Review.objects.create(
        name="Family S15", slug="family-s15", board=dorset, kind="lcspr", status="published"
    )
    plan = ActionPlan.objects.create(review=review, key="plan", success_measure="Fewer repeats")
    return Action.objects.create(
        plan=plan,
        key="d1",
        description="Dorset: review the neglect strategy",
        lead=dorset_lead_user.leads_held.get(),
        due_date=timezone.localdate() - timedelta(days=3),
    )


@pytest.fixture
def corpus(db):
    """Three boards, each with a published review (two findings, a recommendation, a question,
    an action) and a draft review that must never show (see tests/factories.py)."""
    from tests.factories import build_corpus

    return build_corpus(3)


@pytest.fixture
def curated_content(db):
    """The curated fixtures of the five briefings, loaded as `make run` loads them."""
    from io import StringIO

    from django.core.management import call_command

    from intake.management.commands.load_fixtures import DEFAULT_FIXTURES, FIXTURES_DIR

    if not (FIXTURES_DIR / DEFAULT_FIXTURES[-1]).exists():
        pytest.skip("the curated fixtures have not landed yet (fixtures/findings.json)")
    call_command("load_fixtures", stdout=StringIO())


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (throttling counters, cached counts)."""
    from django.core.cache import cache

    cache.clear()
    yield
