"""The tracker's flags, computed in the database by ActionQuerySet.with_flags()."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.models import Action

TODAY = timezone.localdate()


def flags(action):
    annotated = Action.objects.with_flags().get(pk=action.pk)
    return {
        name
        for name in ("is_overdue", "is_slipped", "is_stale", "is_not_smart", "is_due_soon")
        if getattr(annotated, name)
    }


def recent():
    return timezone.now() - timedelta(days=3)


def test_a_smart_recently_updated_action_due_later_has_no_flags(make_action):
    action = make_action(last_update_at=recent(), status="in-progress")
    assert flags(action) == set()


def test_overdue_when_the_due_date_has_passed_and_not_complete(make_action):
    action = make_action(due_date=TODAY - timedelta(days=1), last_update_at=recent())
    assert flags(action) == {"is_overdue"}


def test_not_overdue_when_due_today(make_action):
    action = make_action(due_date=TODAY, last_update_at=recent())
    assert flags(action) == {"is_due_soon"}


def test_complete_actions_are_never_overdue_or_stale(make_action):
    action = make_action(due_date=TODAY - timedelta(days=400), status="complete")
    assert flags(action) == set()


def test_a_revised_date_in_the_future_lifts_overdue_but_shows_slipped(make_action):
    action = make_action(
        due_date=TODAY - timedelta(days=10),
        revised_due_date=TODAY + timedelta(days=100),
        last_update_at=recent(),
    )
    assert flags(action) == {"is_slipped"}


def test_a_revised_date_earlier_than_the_original_is_not_slippage(make_action):
    action = make_action(
        due_date=TODAY + timedelta(days=200),
        revised_due_date=TODAY + timedelta(days=100),
        last_update_at=recent(),
    )
    assert "is_slipped" not in flags(action)


@pytest.mark.parametrize(
    ("last_update", "stale"),
    [(None, True), (timedelta(days=91), True), (timedelta(days=89), False)],
)
def test_stale_when_no_update_in_90_days(make_action, last_update, stale):
    action = make_action(
        last_update_at=timezone.now() - last_update if last_update else None,
        status="in-progress",
    )
    assert ("is_stale" in flags(action)) is stale


def test_not_smart_without_a_named_lead(make_action):
    assert "is_not_smart" in flags(make_action(lead=None, last_update_at=recent()))


def test_not_smart_without_a_determinable_date(make_action):
    action = make_action(deadline_text="ongoing", due_date=None, last_update_at=recent())
    assert flags(action) == {"is_not_smart"}


def test_a_revised_date_makes_an_ongoing_action_datable(make_action):
    action = make_action(
        deadline_text="ongoing",
        due_date=None,
        revised_due_date=TODAY + timedelta(days=90),
        last_update_at=recent(),
    )
    assert "is_not_smart" not in flags(action)
    assert "is_slipped" not in flags(action)


def test_not_smart_when_the_plan_has_no_success_measure(make_action, action_plan):
    action_plan.success_measure = ""
    action_plan.save()
    assert "is_not_smart" in flags(make_action(last_update_at=recent()))


def test_due_soon_within_30_days(make_action):
    assert "is_due_soon" in flags(make_action(due_date=TODAY + timedelta(days=30)))
    assert "is_due_soon" not in flags(make_action(due_date=TODAY + timedelta(days=31)))


def test_flags_can_be_filtered_in_the_database(make_action):
    overdue = make_action(due_date=TODAY - timedelta(days=5))
    make_action(due_date=TODAY + timedelta(days=5))
    assert list(Action.objects.with_flags().filter(is_overdue=True)) == [overdue]


def test_updatable_by_covers_lead_holders_and_board_managers_only(
    make_action, lead_user, board_manager, dorset_lead_user, user
):
    from actions.models import Lead

    led = make_action()
    other_lead = make_action(lead=Lead.objects.create(board=led.lead.board, name="WSCB Chair"))
    assert list(Action.objects.updatable_by(lead_user)) == [led]
    assert set(Action.objects.updatable_by(board_manager)) == {led, other_lead}
    assert list(Action.objects.updatable_by(dorset_lead_user)) == []
    assert list(Action.objects.updatable_by(user)) == []
