"""Reminders, sent once a day by `manage.py send_deadline_reminders`:

- deadline reminders: each lead holder hears, in one e-mail, about their actions due within N
  days or already overdue (leads only: board managers see their board on the tracker);
- re-audit reminders: when an assured action's re-audit date is reached, its board's managers and
  quality-assurance members hear of it once (Action.reaudit_reminded_on);
- and what could NOT be sent, and why (no lead named, nobody attached to the lead, nobody
  attached with an e-mail address), so that the board can fix it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Action, Membership


@dataclass
class Reminder:
    """One e-mail: a user and their overdue and soon-due actions."""

    user: object
    overdue: list = field(default_factory=list)
    due: list = field(default_factory=list)

    @property
    def subject(self):
        return (
            f"{len(self.overdue)} overdue and {len(self.due)} due action(s) – Case Review Learning"
        )


@dataclass
class Unsent:
    """Actions nobody could be reminded of, grouped by lead (None: no lead named), and why."""

    board: object
    lead: object
    reason: str
    overdue: list = field(default_factory=list)
    due: list = field(default_factory=list)

    def __str__(self):
        who = f"Lead “{self.lead.name}”" if self.lead else "No lead named"
        counts = [f"{len(self.overdue)} overdue"] if self.overdue else []
        counts += [f"{len(self.due)} due soon"] if self.due else []
        return f"{who} ({self.board.name}): {self.reason} – {' and '.join(counts)} action(s)"


@dataclass
class ReauditReminder:
    """One e-mail to a board's manager or QA member: assured actions whose re-audit is due."""

    user: object
    actions: list = field(default_factory=list)

    @property
    def subject(self):
        return f"{len(self.actions)} action(s) due for re-audit – Case Review Learning"


@dataclass
class ReminderSummary:
    """What one run sent (or, in a dry run, would send) and what it could not send."""

    reminders: list
    unsent: list
    reaudits: list
    reaudit_unsent: list


NO_LEAD = "no lead named in the plan"
NOBODY = "no person attached"
NO_EMAIL = "nobody attached has an e-mail address (or an active account)"


def reminders_due(*, days, today=None):
    """The reminders to send today: active users with an e-mail address who hold the lead of an
    open action due by `today + days` or overdue, soonest first."""
    return _deadline_reminders(days=days, today=today)[0]


def _deadline_reminders(*, days, today=None):
    """(reminders, unsent): reminders by user and, by lead, the actions nobody can be told of."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    holders = get_user_model().objects.filter(is_active=True).exclude(email="")
    actions = (
        Action.objects.for_tracker()
        .open()
        .filter(Q(is_overdue=True) | Q(effective_due_date__lte=horizon))
        .prefetch_related(
            Prefetch("lead__holders", queryset=holders, to_attr="recipients"),
            Prefetch("lead__holders", to_attr="attached"),
        )
        .order_by("effective_due_date", "pk")
    )
    by_user, unsent = {}, {}
    for action in actions:
        lead = action.lead
        recipients = lead.recipients if lead else []
        if not recipients:
            reason = NO_LEAD if lead is None else (NO_EMAIL if lead.attached else NOBODY)
            key = (action.plan.review.board_id, lead.pk if lead else None)
            entry = unsent.setdefault(key, Unsent(action.plan.review.board, lead, reason))
            (entry.overdue if action.is_overdue else entry.due).append(action)
        for user in recipients:
            reminder = by_user.setdefault(user.pk, Reminder(user))
            (reminder.overdue if action.is_overdue else reminder.due).append(action)
    ordered = sorted(
        unsent.values(), key=lambda u: (u.board.name, u.lead is not None, u.lead and u.lead.name)
    )
    return list(by_user.values()), ordered


def reaudits_due(*, today=None):
    """(reminders, unsent): assured actions whose re-audit date is reached and not yet reminded,
    for each active manager and QA member (with an e-mail address) of their board."""
    today = today or timezone.localdate()
    actions = list(
        Action.objects.for_tracker()
        .filter(status=Action.Status.ASSURED, reaudit_date__lte=today)
        .filter(Q(reaudit_reminded_on__isnull=True) | Q(reaudit_reminded_on__lt=F("reaudit_date")))
        .order_by("reaudit_date", "pk")
    )
    board_ids = {action.plan.review.board_id for action in actions}
    people = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            board_id__in=board_ids,
            role__in=[Membership.Role.BOARD_MANAGER, Membership.Role.QUALITY_ASSURANCE],
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    ):
        people[membership.board_id].append(membership.user)
    by_user, unsent = {}, defaultdict(list)
    for action in actions:
        board_people = people[action.plan.review.board_id]
        if not board_people:
            unsent[action.plan.review.board].append(action)
        for user in board_people:
            by_user.setdefault(user.pk, ReauditReminder(user)).actions.append(action)
    return list(by_user.values()), [
        f"{board.name}: {len(items)} re-audit(s) due but the board has no manager or "
        "quality-assurance member with an e-mail address"
        for board, items in unsent.items()
    ]


def send_deadline_reminders(*, days, dry_run=False, base_url=None, today=None):
    """Send (or with `dry_run`, only list) today's reminders and re-audit reminders; returns a
    ReminderSummary with what was (or would be) sent and what could not be, and why. Links in
    the e-mails start with `base_url`, by default the SITE_URL setting."""
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    today = today or timezone.localdate()
    reminders, unsent = _deadline_reminders(days=days, today=today)
    reaudits, reaudit_unsent = reaudits_due(today=today)
    if not dry_run:
        for reminder in reminders:
            context = {
                "user": reminder.user,
                "overdue": reminder.overdue,
                "due": reminder.due,
                "days": days,
                "base_url": base_url,
            }
            send_mail(
                reminder.subject,
                render_to_string("actions/email/deadline_reminder.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [reminder.user.email],
            )
        for reminder in reaudits:
            context = {"user": reminder.user, "actions": reminder.actions, "base_url": base_url}
            send_mail(
                reminder.subject,
                render_to_string("actions/email/reaudit_reminder.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [reminder.user.email],
            )
        if reaudits:
            # Remind once per re-audit date: a new assurance sets a new date and clears this.
            reminded = [a.pk for r in reaudits for a in r.actions]
            with transaction.atomic():
                Action.objects.filter(pk__in=reminded).update(reaudit_reminded_on=today)
    return ReminderSummary(
        reminders=reminders, unsent=unsent, reaudits=reaudits, reaudit_unsent=reaudit_unsent
    )


__all__ = [
    "ReauditReminder",
    "Reminder",
    "ReminderSummary",
    "Unsent",
    "reaudits_due",
    "reminders_due",
    "send_deadline_reminders",
]
