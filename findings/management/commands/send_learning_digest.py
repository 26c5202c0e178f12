"""E-mail each digest subscriber the findings published on their themes since their last digest.

Run it daily (a subscriber is due once a week); running it twice sends nothing twice:
    manage.py send_learning_digest [--dry-run]
Links in the e-mails use the DJANGO_SITE_URL setting unless --base-url is given.
"""

from django.core.management.base import BaseCommand

from findings.digest import send_learning_digest


class Command(BaseCommand):
    help = "E-mail subscribers the new findings on their chosen themes (weekly)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=None,
            help="Site address used in the e-mails' links (default: the DJANGO_SITE_URL setting).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be e-mailed; send nothing."
        )

    def handle(self, *args, base_url, dry_run, **options):
        digests = send_learning_digest(dry_run=dry_run, base_url=base_url)
        verb = "Would email" if dry_run else "Emailed"
        for digest in digests:
            self.stdout.write(f"{verb} {digest.subscription.user.email}: {digest.subject}")
        self.stdout.write(
            self.style.SUCCESS(f"{len(digests)} digest(s) {'to send' if dry_run else 'sent'}.")
        )
