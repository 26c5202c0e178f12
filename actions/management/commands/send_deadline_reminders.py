"""Email each lead holder about their actions due within N days or already overdue.

One email per user (listing all their actions), only to active users with an email address.
Leads only: board managers see their board's state on the tracker. Run it daily from cron:
    manage.py send_deadline_reminders --days 14
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from actions.models import Action


class Command(BaseCommand):
    help = "Email leads about their actions due within N days (default 14) or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="Look this many days ahead.")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Site address used in the emails' links (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be emailed; send nothing."
        )

    def handle(self, *args, days, base_url, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        from django.contrib.auth import get_user_model

        today = timezone.localdate()
        horizon = today + timedelta(days=days)
        holders = get_user_model().objects.filter(is_active=True).exclude(email="")
        actions = (
            Action.objects.for_tracker()
            .exclude(status=Action.Status.COMPLETE)
            .filter(Q(is_overdue=True) | Q(effective_due_date__lte=horizon))
            .filter(lead__isnull=False)
            .prefetch_related(Prefetch("lead__holders", queryset=holders, to_attr="recipients"))
            .order_by("effective_due_date", "pk")
        )
        by_user = defaultdict(list)
        users = {}
        for action in actions:
            for user in action.lead.recipients:
                users[user.pk] = user
                by_user[user.pk].append(action)
        base_url = base_url.rstrip("/")
        for user_pk, user_actions in by_user.items():
            user = users[user_pk]
            overdue = [action for action in user_actions if action.is_overdue]
            due = [action for action in user_actions if not action.is_overdue]
            context = {
                "user": user,
                "overdue": overdue,
                "due": due,
                "days": days,
                "base_url": base_url,
            }
            subject = f"{len(overdue)} overdue and {len(due)} due action(s) – Case Review Learning"
            if dry_run:
                self.stdout.write(f"Would email {user.email}: {subject}")
                continue
            send_mail(
                subject,
                render_to_string("actions/email/deadline_reminder.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            self.stdout.write(f"Emailed {user.email}: {subject}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(by_user)} reminder(s) {'to send' if dry_run else 'sent'} "
                f"(actions due by {horizon:%d %B %Y} or overdue)."
            )
        )
