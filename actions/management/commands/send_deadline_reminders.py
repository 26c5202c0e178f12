"""Email each lead holder about their actions due within N days or already overdue, and each
board's managers and quality-assurance members about assured actions due for re-audit.

One email per user (listing all their actions), only to active users with an email address.
Says what could not be sent and why (no lead named, nobody attached to the lead, nobody
attached with an e-mail address), so the board can attach people.
Run it daily (see README, "Action tracker"):
    manage.py send_deadline_reminders --days 14
Links in the emails use the DJANGO_SITE_URL setting unless --base-url is given.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actions.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "Email leads about their actions due within N days (default 14) or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="Look this many days ahead.")
        parser.add_argument(
            "--base-url",
            default=None,
            help="Site address used in the emails' links (default: the DJANGO_SITE_URL setting).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be emailed; send nothing."
        )

    def handle(self, *args, days, base_url, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        summary = send_deadline_reminders(days=days, dry_run=dry_run, base_url=base_url)
        verb = "Would email" if dry_run else "Emailed"
        for reminder in summary.reminders + summary.reaudits:
            self.stdout.write(f"{verb} {reminder.user.email}: {reminder.subject}")
        horizon = timezone.localdate() + timedelta(days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(summary.reminders)} reminder(s) {'to send' if dry_run else 'sent'} "
                f"(actions due by {horizon:%d %B %Y} or overdue); "
                f"{len(summary.reaudits)} re-audit reminder(s)."
            )
        )
        unsent = [str(item) for item in summary.unsent] + summary.reaudit_unsent
        if unsent:
            self.stdout.write(
                self.style.WARNING(f"Could not remind anyone of these ({len(unsent)}):")
            )
            for line in unsent:
                self.stdout.write(f"  {line}")
