"""Who may update an action (rules), and who may read progress notes and evidence."""

import pytest
from django.urls import reverse

from actions.models import Action, Membership, StatusUpdate


def update_data(action, **overrides):
    data = {
        "status": Action.Status.IN_PROGRESS,
        "note": "Escalation policy drafted and shared with partners.",
        "evidence": "",
        "evidence_url": "",
        "revised_due_date": "",
        "revision_reason": "",
        "version": action.version,
    }
    data.update(overrides)
    return data


def test_lead_holder_may_update_their_action(lead_user, action):
    assert lead_user.has_perm("actions.update_action", action)


def test_board_manager_may_update_any_action_of_their_board(board_manager, action):
    assert board_manager.has_perm("actions.update_action", action)


def test_admin_may_update_any_action(django_user_model, action):
    admin = django_user_model.objects.create_superuser("admin", password="x")
    assert admin.has_perm("actions.update_action", action)


def test_plain_member_of_the_board_may_not_update(user, board, action):
    Membership.objects.create(user=user, board=board, role=Membership.Role.MEMBER)
    assert not user.has_perm("actions.update_action", action)


def test_lead_of_another_board_may_not_update_a_wiltshire_action(dorset_lead_user, action):
    assert not dorset_lead_user.has_perm("actions.update_action", action)


def test_manager_of_another_board_may_not_update(dorset_lead_user, action):
    dorset = dorset_lead_user.leads_held.get().board
    Membership.objects.create(
        user=dorset_lead_user, board=dorset, role=Membership.Role.BOARD_MANAGER
    )
    assert not dorset_lead_user.has_perm("actions.update_action", action)


def test_holder_of_another_wiltshire_lead_may_not_update(django_user_model, board, action):
    from actions.models import Lead

    other = django_user_model.objects.create_user("chair", password="x")
    Lead.objects.create(board=board, name="WSCB Chair").holders.add(other)
    assert not other.has_perm("actions.update_action", action)


def test_inactive_lead_holder_may_not_update(lead_user, action):
    lead_user.is_active = False
    lead_user.save()
    assert not lead_user.has_perm("actions.update_action", action)


def test_dorset_lead_sees_no_update_form_on_a_wiltshire_action(client, dorset_lead_user, action):
    client.force_login(dorset_lead_user)
    response = client.get(action.get_absolute_url())
    assert response.status_code == 200
    assert response.context["form"] is None
    assert 'name="note"' not in response.content.decode()


def test_crafted_post_by_a_dorset_lead_is_forbidden_and_saves_nothing(
    client, dorset_lead_user, action
):
    client.force_login(dorset_lead_user)
    response = client.post(action.get_absolute_url(), update_data(action))
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == Action.Status.NO_UPDATE
    assert action.version == 1
    assert not StatusUpdate.objects.exists()


def test_crafted_post_by_an_anonymous_visitor_is_forbidden(client, action):
    response = client.post(action.get_absolute_url(), update_data(action))
    assert response.status_code == 403
    assert not StatusUpdate.objects.exists()


def test_crafted_post_by_a_signed_in_user_without_a_role_is_forbidden(client, user, action):
    client.force_login(user)
    assert client.post(action.get_absolute_url(), update_data(action)).status_code == 403


def test_board_manager_can_update_by_form(client, board_manager, action):
    client.force_login(board_manager)
    response = client.post(action.get_absolute_url(), update_data(action))
    assert response.status_code == 302
    assert StatusUpdate.objects.get().author == board_manager


def test_draft_review_actions_are_not_found(client, lead_user, action, published_review):
    published_review.status = published_review.Status.DRAFT
    published_review.save()
    client.force_login(lead_user)
    assert client.get(action.get_absolute_url()).status_code == 404
    assert client.post(action.get_absolute_url(), update_data(action)).status_code == 404


@pytest.fixture
def noted_action(action, lead_user):
    from actions.services import record_status_update

    record_status_update(
        action=action,
        user=lead_user,
        status=Action.Status.IN_PROGRESS,
        note="Confidential progress note",
        evidence="Audit of 20 cases",
        expected_version=1,
    )
    return action


def test_anonymous_visitors_read_the_action_but_not_its_notes_or_evidence(client, noted_action):
    response = client.get(noted_action.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Implement a new approach to escalations" in html
    assert "Confidential progress note" not in html
    assert "Audit of 20 cases" not in html
    assert "Sign in" in html


def test_signed_in_user_outside_the_partnership_does_not_see_notes(client, user, noted_action):
    client.force_login(user)
    html = client.get(noted_action.get_absolute_url()).content.decode()
    assert "Confidential progress note" not in html
    assert "own people (its leads, members and managers) only" in html


def test_another_boards_lead_does_not_see_notes_by_default(client, dorset_lead_user, noted_action):
    """Progress notes are the board's own unless it chooses to share them (issue 12)."""
    client.force_login(dorset_lead_user)
    html = client.get(noted_action.get_absolute_url()).content.decode()
    assert "Confidential progress note" not in html and "Audit of 20 cases" not in html
    assert "own people" in html


def test_a_board_that_shares_its_progress_shows_notes_to_other_boards(
    client, dorset_lead_user, noted_action
):
    board = noted_action.plan.review.board
    board.shares_progress = True
    board.save()
    client.force_login(dorset_lead_user)
    html = client.get(noted_action.get_absolute_url()).content.decode()
    assert "Confidential progress note" in html and "Audit of 20 cases" in html


def test_a_shared_boards_notes_stay_hidden_from_users_outside_any_partnership(
    client, user, noted_action
):
    board = noted_action.plan.review.board
    board.shares_progress = True
    board.save()
    client.force_login(user)
    assert (
        "Confidential progress note"
        not in client.get(noted_action.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("who", ["second_lead_user", "board_manager"])
def test_the_boards_own_people_see_notes_and_evidence(client, noted_action, who, request):
    """Holders of the board's leads (any lead of it) and its members and managers."""
    client.force_login(request.getfixturevalue(who))
    html = client.get(noted_action.get_absolute_url()).content.decode()
    assert "Confidential progress note" in html and "Audit of 20 cases" in html


def test_a_plain_member_of_the_board_sees_notes(client, user, noted_action):
    Membership.objects.create(user=user, board=noted_action.plan.review.board)
    client.force_login(user)
    assert (
        "Confidential progress note" in client.get(noted_action.get_absolute_url()).content.decode()
    )


def test_tracker_and_dashboard_require_sign_in(client, db):
    for name in ("actions:tracker", "actions:mine", "actions:export-csv", "actions:calendar"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login"))
