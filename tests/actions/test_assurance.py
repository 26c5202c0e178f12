"""Assurance: who may assure (never the action's own lead), on what evidence, and its page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Membership, StatusUpdate
from actions.rules import may_assure
from actions.services import record_assurance, record_status_update

TODAY = timezone.localdate()


def assure_data(action, **overrides):
    data = {
        "assure-evidence": "Audit of 20 cases: escalation used in 18, resolved in 15.",
        "assure-evidence_url": "",
        "assure-success_measure_met": "on",
        "assure-note": "",
        "assure-reaudit_date": (TODAY + timedelta(days=180)).isoformat(),
        "assure-version": action.version,
    }
    data.update(overrides)
    return data


# Permissions -------------------------------------------------------------------------------


def test_qa_member_of_the_board_may_assure(qa_user, action):
    assert qa_user.has_perm("actions.assure_action", action)


def test_board_manager_may_assure(board_manager, action):
    assert board_manager.has_perm("actions.assure_action", action)


def test_lead_can_never_assure_their_own_action(lead_user, action):
    assert not lead_user.has_perm("actions.assure_action", action)


def test_a_manager_who_holds_the_lead_cannot_assure_it(board_manager, qa_lead, action):
    qa_lead.holders.add(board_manager)
    assert board_manager.has_perm("actions.update_action", action)
    assert not board_manager.has_perm("actions.assure_action", action)


def test_a_qa_member_who_holds_the_lead_cannot_assure_it(qa_user, qa_lead, action):
    qa_lead.holders.add(qa_user)
    assert not qa_user.has_perm("actions.assure_action", action)


def test_an_admin_who_holds_the_lead_cannot_assure_it(
    client, django_user_model, qa_lead, complete_action
):
    admin = django_user_model.objects.create_superuser("admin", password="x")
    assert may_assure(admin, complete_action)
    qa_lead.holders.add(admin)
    assert not may_assure(admin, complete_action)
    client.force_login(admin)
    response = client.post(
        reverse("actions:assure", args=[complete_action.pk]), assure_data(complete_action)
    )
    assert response.status_code == 403


def test_plain_member_cannot_assure(user, board, action):
    Membership.objects.create(user=user, board=board, role=Membership.Role.MEMBER)
    assert not user.has_perm("actions.assure_action", action)


def test_another_boards_manager_can_do_nothing_here(dorset_manager, action):
    for permission in (
        "actions.update_action",
        "actions.assure_action",
        "actions.oversee_action",
    ):
        assert not dorset_manager.has_perm(permission, action)
    board = action.plan.review.board
    assert not dorset_manager.has_perm("actions.manage_board", board)
    assert not dorset_manager.has_perm("actions.view_board_assurance", board)


def test_another_boards_qa_member_cannot_assure(django_user_model, action):
    from reviews.models import Board

    dorset = Board.objects.create(name="Dorset", slug="dorset")
    other = django_user_model.objects.create_user("dorset-qa", password="x")
    Membership.objects.create(user=other, board=dorset, role=Membership.Role.QUALITY_ASSURANCE)
    assert not other.has_perm("actions.assure_action", action)


def test_inactive_qa_member_cannot_assure(qa_user, action):
    qa_user.is_active = False
    qa_user.save()
    assert not qa_user.has_perm("actions.assure_action", action)


# The service -------------------------------------------------------------------------------


def test_assuring_appends_to_the_timeline_and_sets_the_reaudit_date(qa_user, complete_action):
    reaudit = TODAY + timedelta(days=180)
    update = record_assurance(
        action=complete_action,
        user=qa_user,
        evidence="Audit: 18 of 20 cases escalated appropriately.",
        evidence_url="https://example.org/audit",
        success_measure_met=True,
        reaudit_date=reaudit,
        expected_version=complete_action.version,
    )
    complete_action.refresh_from_db()
    assert complete_action.status == Action.Status.ASSURED
    assert complete_action.reaudit_date == reaudit
    assert update.from_status == Action.Status.COMPLETE
    assert update.to_status == Action.Status.ASSURED
    assert update.success_measure_met and update.reaudit_date == reaudit
    assert update.author == qa_user
    assert StatusUpdate.objects.filter(action=complete_action).count() == 2  # appended


def test_an_assured_action_can_be_re_audited(qa_user, complete_action):
    for _ in range(2):
        record_assurance(
            action=complete_action,
            user=qa_user,
            evidence="Re-audit: still 18 of 20.",
            success_measure_met=True,
            expected_version=complete_action.version,
        )
    assert [u.to_status for u in StatusUpdate.objects.filter(action=complete_action)] == [
        "complete",
        "assured",
        "assured",
    ]


def test_the_service_refuses_the_actions_own_lead(lead_user, complete_action):
    with pytest.raises(PermissionDenied):
        record_assurance(
            action=complete_action,
            user=lead_user,
            evidence="I checked my own work.",
            success_measure_met=True,
            expected_version=complete_action.version,
        )
    complete_action.refresh_from_db()
    assert complete_action.status == Action.Status.COMPLETE


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"evidence": "   "}, "evidence"),
        ({"success_measure_met": False}, "success_measure_met"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"reaudit_date": TODAY - timedelta(days=1)}, "reaudit_date"),
    ],
)
def test_assurance_needs_evidence_confirmation_and_good_dates(
    qa_user, complete_action, kwargs, field
):
    arguments = {
        "evidence": "Audit result",
        "success_measure_met": True,
        "expected_version": complete_action.version,
        **kwargs,
    }
    with pytest.raises(ValidationError) as error:
        record_assurance(action=complete_action, user=qa_user, **arguments)
    assert field in error.value.message_dict


def test_an_action_that_is_not_complete_cannot_be_assured(qa_user, action):
    with pytest.raises(ValidationError, match="Only a complete action can be assured"):
        record_assurance(
            action=action,
            user=qa_user,
            evidence="Audit",
            success_measure_met=True,
            expected_version=action.version,
        )


def test_a_lead_cannot_choose_assured_with_a_status_update(lead_user, complete_action):
    with pytest.raises(ValidationError) as error:
        record_status_update(
            action=complete_action,
            user=lead_user,
            status=Action.Status.ASSURED,
            note="Done and dusted",
            evidence="Me",
            expected_version=complete_action.version,
        )
    assert "status" in error.value.message_dict


# The page ----------------------------------------------------------------------------------


def test_qa_member_assures_from_the_action_page(client, qa_user, complete_action):
    client.force_login(qa_user)
    page = client.get(complete_action.get_absolute_url()).content.decode()
    assert "Assure this action" in page
    response = client.post(
        reverse("actions:assure", args=[complete_action.pk]), assure_data(complete_action)
    )
    assert response.status_code == 302
    complete_action.refresh_from_db()
    assert complete_action.status == Action.Status.ASSURED
    page = client.get(complete_action.get_absolute_url()).content.decode()
    assert "Audit of 20 cases" in page and "Evidence of impact" in page
    assert "the success measure is met" in page


def test_the_lead_sees_no_assurance_form_and_gets_403(client, lead_user, complete_action):
    client.force_login(lead_user)
    assert (
        "Assure this action" not in client.get(complete_action.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("actions:assure", args=[complete_action.pk]), assure_data(complete_action)
    )
    assert response.status_code == 403
    complete_action.refresh_from_db()
    assert complete_action.status == Action.Status.COMPLETE


def test_no_assurance_form_before_the_action_is_complete(client, qa_user, action):
    client.force_login(qa_user)
    assert "Assure this action" not in client.get(action.get_absolute_url()).content.decode()


def test_the_status_form_offers_no_assured_choice(client, lead_user, action):
    client.force_login(lead_user)
    form = client.get(action.get_absolute_url()).context["form"]
    assert "assured" not in [value for value, _ in form.fields["status"].choices]


@pytest.mark.parametrize(
    "overrides",
    [
        {"assure-evidence": ""},
        {"assure-success_measure_met": ""},
        {"assure-reaudit_date": "31/02/2027"},
        {"assure-reaudit_date": "9999-01-01"},
        {"assure-reaudit_date": "2001-01-01"},
        {"assure-evidence_url": "not a link"},
        {"assure-version": "abc"},
        {"assure-version": ""},
    ],
)
def test_bad_assurance_input_gets_a_message_not_an_error(
    client, qa_user, complete_action, overrides
):
    client.force_login(qa_user)
    response = client.post(
        reverse("actions:assure", args=[complete_action.pk]),
        assure_data(complete_action, **overrides),
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert response.context["assure_form"].errors
    complete_action.refresh_from_db()
    assert complete_action.status == Action.Status.COMPLETE


def test_a_stale_assurance_form_shows_the_conflict(client, qa_user, lead_user, complete_action):
    client.force_login(qa_user)
    data = assure_data(complete_action)
    record_status_update(
        action=complete_action,
        user=lead_user,
        status=Action.Status.COMPLETE,
        note="One more note",
        evidence="More",
        expected_version=complete_action.version,
    )
    response = client.post(reverse("actions:assure", args=[complete_action.pk]), data)
    assert response.status_code == 200
    assert "Someone else updated this action" in response.content.decode()
    complete_action.refresh_from_db()
    assert complete_action.status == Action.Status.COMPLETE


def test_assurance_post_of_an_unknown_action_is_404(client, qa_user):
    client.force_login(qa_user)
    assert client.post(reverse("actions:assure", args=[999999]), {}).status_code == 404


def test_assurance_needs_sign_in(client, complete_action):
    response = client.post(
        reverse("actions:assure", args=[complete_action.pk]), assure_data(complete_action)
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_action_page_query_count_for_a_qa_member(
    client, qa_user, complete_action, django_assert_num_queries
):
    """Guards against N+1: session, user, action, eight permission checks (update: lead,
    manager; progress: lead of the board, membership; oversee: manager; assure: manager, QA,
    lead), holders, three timeline queries; the same however long the timeline grows."""
    client.force_login(qa_user)
    with django_assert_num_queries(15):
        client.get(complete_action.get_absolute_url())
    for _ in range(3):
        record_assurance(
            action=complete_action,
            user=qa_user,
            evidence="Audit",
            success_measure_met=True,
            expected_version=complete_action.version,
        )
    with django_assert_num_queries(15):
        response = client.get(complete_action.get_absolute_url())
    assert len(response.context["timeline"]) == 4
