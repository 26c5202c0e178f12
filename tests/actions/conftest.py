"""Fixtures of the board's oversight (issue 13): quality assurance and another board's manager."""

import pytest
from django.contrib.auth import get_user_model

from actions.models import Action, Membership
from reviews.models import Board


@pytest.fixture
def qa_user(board):
    """A member of Wiltshire's board with the quality-assurance role (holds no lead)."""
    user = get_user_model().objects.create_user(
        "wiltshire-qa", email="assure@wiltshire.example", password="correct horse battery"
    )
    Membership.objects.create(user=user, board=board, role=Membership.Role.QUALITY_ASSURANCE)
    return user


@pytest.fixture
def dorset_manager(db):
    """A manager of Dorset's board (and of nothing of Wiltshire's)."""
    dorset, _ = Board.objects.get_or_create(
        slug="dorset", defaults={"name": "Dorset Safeguarding Children Partnership"}
    )
    user = get_user_model().objects.create_user("dorset-manager", password="x")
    Membership.objects.create(user=user, board=dorset, role=Membership.Role.BOARD_MANAGER)
    return user


@pytest.fixture
def complete_action(action, lead_user):
    """`action`, marked complete by its lead with evidence of what was done."""
    from actions.services import record_status_update

    record_status_update(
        action=action,
        user=lead_user,
        status=Action.Status.COMPLETE,
        note="Escalation policy in place.",
        evidence="Policy published and trained.",
        expected_version=action.version,
    )
    action.refresh_from_db()
    return action
