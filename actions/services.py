"""Writes of the action tracker: keyword-only functions, each one transaction."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Action, ActionPlan, CalendarFeedToken, Escalation, StatusUpdate, UpdateRequest
from .rules import may_assure

# The same bounds as the due-date rule of the intake (intake/deadlines.py) and forms.py.
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


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
    if status == Action.Status.ASSURED:
        errors["status"] = (
            "Assurance is recorded by a board manager or quality-assurance member with the "
            "assurance form, not with a status update."
        )
    elif status not in Action.Status.values or status == Action.Status.NO_UPDATE:
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
    _answer_requests(current, update)
    action.refresh_from_db()
    return update


def _answer_requests(action, update):
    """Any update posted on the action answers its open update requests."""
    UpdateRequest.objects.filter(action=action).open().update(
        answered_at=update.created_at, answered_by=update
    )


def _check_date(errors, field, value, *, today, label):
    if value is None:
        return
    if not (EARLIEST_YEAR <= value.year <= LATEST_YEAR):
        errors[field] = f"Enter {label} between {EARLIEST_YEAR} and {LATEST_YEAR}."
    elif value < today:
        errors[field] = f"{label[0].upper()}{label[1:]} must be today or in the future."


@transaction.atomic
def record_assurance(
    *,
    action,
    user,
    evidence,
    success_measure_met,
    evidence_url="",
    note="",
    reaudit_date=None,
    expected_version,
    today=None,
):
    """Record that a complete action is assured: someone other than its lead confirms, on the
    evidence of impact (audit result, data, feedback), that the plan's success measure is met.

    An assured action may be assured again (a re-audit), with new evidence and a new re-audit
    date. Appends to the timeline like any update (same optimistic lock); answers open update
    requests. Raises PermissionDenied for anyone `actions.assure_action` refuses (a holder of
    the action's lead never assures it), ValidationError for bad input, ConcurrentUpdateError.
    """
    today = today or timezone.localdate()
    if not may_assure(user, action):
        raise PermissionDenied(
            "Only a manager or quality-assurance member of the action's board who does not "
            "hold its lead may assure it."
        )
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != expected_version:
        raise _conflict(current, expected_version)
    evidence, evidence_url, note = evidence.strip(), evidence_url.strip(), note.strip()
    errors = {}
    if current.status not in Action.DONE_STATUSES:
        errors[None] = (
            "Only a complete action can be assured: its lead first marks it complete, with "
            "evidence of what was done."
        )
    if not evidence:
        errors["evidence"] = (
            "Enter the evidence of impact: an audit result, data or feedback that shows the "
            "difference made."
        )
    if not success_measure_met:
        errors["success_measure_met"] = (
            "Confirm that the success measure is met. If it is not, the action is not assured "
            "yet: request an update from its lead instead."
        )
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            errors["evidence_url"] = "Enter the link in full, like https://example.org/report"
    _check_date(errors, "reaudit_date", reaudit_date, today=today, label="a re-audit date")
    if errors:
        raise ValidationError(errors)

    moved = Action.objects.filter(pk=action.pk, version=expected_version).update(
        status=Action.Status.ASSURED,
        reaudit_date=reaudit_date,
        reaudit_reminded_on=None,
        last_update_at=timezone.now(),
        version=F("version") + 1,
    )
    if not moved:
        raise _conflict(Action.objects.get(pk=action.pk), expected_version)
    due = current.revised_due_date or current.due_date
    update = StatusUpdate.objects.create(
        action=current,
        author=user,
        author_name=_author_name(user),
        from_status=current.status,
        to_status=Action.Status.ASSURED,
        note=note,  # optional: the timeline says "Assured: the success measure is met"
        evidence=evidence,
        evidence_url=evidence_url,
        success_measure_met=True,
        reaudit_date=reaudit_date,
        due_date_from=due,
        due_date_to=due,
        action_version=expected_version + 1,
    )
    _answer_requests(current, update)
    action.refresh_from_db()
    return update


def _recipients(lead):
    if lead is None:
        return []
    return list(lead.holders.filter(is_active=True).exclude(email="").order_by("pk"))


@transaction.atomic
def request_update(*, action, user, due_date, message="", today=None, base_url=None):
    """A board manager asks the action's lead for an update by `due_date`; the lead's holders
    are e-mailed once the request is saved. Returns (request, recipients): no recipients means
    nobody could be told (no person attached to the lead, or none with an e-mail address)."""
    today = today or timezone.localdate()
    if not user.has_perm("actions.oversee_action", action):
        raise PermissionDenied("Only a manager of the action's board may request an update.")
    errors = {}
    if due_date is None:
        errors["due_date"] = "Enter the date by which the lead should post an update."
    _check_date(errors, "due_date", due_date, today=today, label="the date")
    if errors:
        raise ValidationError(errors)
    request = UpdateRequest.objects.create(
        action=action,
        requested_by=user,
        requested_by_name=_author_name(user),
        due_date=due_date,
        message=message.strip(),
    )
    recipients = _recipients(action.lead)
    if recipients:
        base = (base_url or settings.SITE_URL).rstrip("/")
        body = render_to_string(
            "actions/email/update_request.txt",
            {"request": request, "action": action, "base_url": base},
        )
        subject = f"Update requested by {due_date:%d %B %Y} – Case Review Learning"
        addresses = [recipient.email for recipient in recipients]
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        )
    return request, recipients


@transaction.atomic
def escalate(*, action, user, reason):
    """Put the action on its board's escalation list, with the reason (one open at a time)."""
    if not user.has_perm("actions.oversee_action", action):
        raise PermissionDenied("Only a manager of the action's board may escalate it.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the board should discuss this action."})
    # Lock the action so two managers escalating at once cannot both pass the check below.
    Action.objects.select_for_update().get(pk=action.pk)
    if Escalation.objects.filter(action=action).open().exists():
        raise ValidationError({None: "This action is already escalated to the board."})
    return Escalation.objects.create(
        action=action, escalated_by=user, escalated_by_name=_author_name(user), reason=reason
    )


@transaction.atomic
def de_escalate(*, action, user, resolution):
    """Take the action off the escalation list, saying why; the escalation stays on record."""
    if not user.has_perm("actions.oversee_action", action):
        raise PermissionDenied("Only a manager of the action's board may de-escalate it.")
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError(
            {"resolution": "Say why the action no longer needs the board's attention."}
        )
    moved = (
        Escalation.objects.filter(action=action)
        .open()
        .update(
            resolved_at=timezone.now(),
            resolved_by=user,
            resolved_by_name=_author_name(user),
            resolution=resolution,
        )
    )
    if not moved:
        raise ValidationError({None: "This action is not escalated."})
    return moved


@transaction.atomic
def attach_holders(*, lead, user, people):
    """Attach people (existing, active users) to a lead so they may update and are reminded."""
    if not user.has_perm("actions.manage_board", lead.board):
        raise PermissionDenied("Only a manager of the lead's board may attach people to it.")
    people = list(people)
    if not people:
        raise ValidationError({None: "Choose at least one person to attach."})
    inactive = [person for person in people if not person.is_active]
    if inactive:
        raise ValidationError({None: f"{inactive[0]} is no longer active."})
    lead.holders.add(*people)
    return people


@transaction.atomic
def set_plan_historic(*, plan, user, historic, note=""):
    """Mark a plan historic (closed without outcome: no flags, no reminders) or open it again."""
    if not user.has_perm("actions.manage_board", plan.review.board):
        raise PermissionDenied("Only a manager of the plan's board may change this.")
    note = note.strip()
    if historic and not note:
        raise ValidationError(
            {
                "historic_note": "Say why the plan is historic, e.g. “Published in 2015; "
                "no outcome was recorded”."
            }
        )
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    plan.historic = historic
    plan.historic_note = note if historic else ""
    plan.save(update_fields=["historic", "historic_note"])
    return plan


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
