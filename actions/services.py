"""Writes of the findings app: keyword-only functions, each one transaction."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Action, CalendarFeedToken, StatusUpdate


class ConcurrentUpdateError(Exception):
    """Someone else updated the action since the form was opened: nothing was saved.

    `action` is the action as it is now and `updates` the updates recorded since
    `expected_version`, oldest first, so the form can show them and be re-submitted.
    """

    def __init__(self, *, action, updates):
        self.action = action
        self.updates = updates
        super().__init__(f"Action {action.pk} is at version {action.version}.")


def _conflict(current, expected_version):
    updates = list(
        StatusUpdate.objects.filter(action=current, action_version__gt=expected_version)
        .select_related("author")
        .order_by("action_version")
    )
    return ConcurrentUpdateError(action=current, updates=updates)


def _author_name(user):
    return (user.get_full_name() or user.get_username()).strip()


@transaction.atomic
def record_status_update(
    *,
    action,
    user,
    status,
    note="",
    evidence="",
    evidence_url="",
    revised_due_date=None,
    revision_reason="",
    expected_version,
    today=None,
):
    """Append a status update to the action's timeline and move the action to it.

    Optimistic locking: the action moves only if it is still at `expected_version`
    (one conditional UPDATE, atomic on every database); otherwise ConcurrentUpdateError
    and nothing is written. The original due date is never touched: a revised date is kept
    beside it, so slippage shows. Raises ValidationError with field messages for bad input.
    """
    today = today or timezone.localdate()
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != expected_version:
        raise _conflict(current, expected_version)

    note, evidence, evidence_url = note.strip(), evidence.strip(), evidence_url.strip()
    revision_reason = revision_reason.strip()
    errors = {}
    if status not in Action.Status.values or status == Action.Status.NO_UPDATE:
        errors["status"] = "Choose the action's new status."
    if not note:
        errors["note"] = "Enter a progress note saying what has happened since the last update."
    if status == Action.Status.COMPLETE and not (evidence or evidence_url):
        errors["evidence"] = (
            "To mark the action complete, give evidence of impact against the plan's "
            "success measure (a description, a link, or both)."
        )
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            errors["evidence_url"] = "Enter the link in full, like https://example.org/report"
    previous_due = current.revised_due_date or current.due_date
    changes_due = revised_due_date is not None and revised_due_date != previous_due
    if changes_due and revised_due_date < today:
        errors["revised_due_date"] = "A revised due date must be today or in the future."
    if changes_due and not revision_reason:
        errors["revision_reason"] = "Say why the due date is being revised."
    if errors:
        raise ValidationError(errors)

    # The conditional UPDATE is the lock that holds on every database (SQLite ignores
    # select_for_update): it moves the action only if it is still at expected_version.
    moved = Action.objects.filter(pk=action.pk, version=expected_version).update(
        status=status,
        revised_due_date=revised_due_date if changes_due else current.revised_due_date,
        revision_reason=revision_reason if changes_due else current.revision_reason,
        last_update_at=timezone.now(),
        version=F("version") + 1,
    )
    if not moved:
        raise _conflict(Action.objects.get(pk=action.pk), expected_version)

    update = StatusUpdate.objects.create(
        action=current,
        author=user,
        author_name=_author_name(user),
        from_status=current.status,
        to_status=status,
        note=note,
        evidence=evidence,
        evidence_url=evidence_url,
        due_date_from=previous_due,
        due_date_to=revised_due_date if changes_due else previous_due,
        revision_reason=revision_reason if changes_due else "",
        action_version=expected_version + 1,
    )
    action.refresh_from_db()
    return update


@transaction.atomic
def regenerate_calendar_token(*, user):
    """Give the user a new secret calendar feed token; the old feed URL stops working."""
    token, _ = CalendarFeedToken.objects.update_or_create(
        user=user,
        defaults={"token": CalendarFeedToken.new_token(), "created_at": timezone.now()},
    )
    return token


def calendar_token_for(*, user):
    """The user's calendar feed token, created on first use."""
    token = CalendarFeedToken.objects.filter(user=user).first()
    return token or regenerate_calendar_token(user=user)
