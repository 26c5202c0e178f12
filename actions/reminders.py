"""Deadline reminders: each lead holder hears, in one e-mail, about their actions due within N
days or already overdue. Leads only: board managers see their board's state on the tracker.
`manage.py send_deadline_reminders` calls `send_deadline_reminders` once a day."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Action


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


def reminders_due(*, days, today=None):
    """The reminders to send today: active users with an e-mail address who hold the lead of an
    open action due by `today + days` or overdue, soonest first."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    holders = get_user_model().objects.filter(is_active=True).exclude(email="")
    actions = (
        Action.objects.for_tracker()
        .exclude(status__in=Action.DONE_STATUSES)
        .exclude(plan__historic=True)
        .filter(Q(is_overdue=True) | Q(effective_due_date__lte=horizon))
        .filter(lead__isnull=False)
        .prefetch_related(Prefetch("lead__holders", queryset=holders, to_attr="recipients"))
        .order_by("effective_due_date", "pk")
    )
    by_user = {}
    for action in actions:
        for user in action.lead.recipients:
            reminder = by_user.setdefault(user.pk, Reminder(user))
            (reminder.overdue if action.is_overdue else reminder.due).append(action)
    return list(by_user.values())


def send_deadline_reminders(*, days, dry_run=False, base_url=None, today=None):
    """Send (or with `dry_run`, only list) today's reminders; returns them. Links in the
    e-mails start with `base_url`, by default the SITE_URL setting."""
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    reminders = reminders_due(days=days, today=today)
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
    return reminders


__all__ = ["Reminder", "reminders_due", "send_deadline_reminders"]
