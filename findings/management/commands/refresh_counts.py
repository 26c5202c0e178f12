"""Recount the pre-aggregated counts (ThemeBoardCount) from the published findings."""

from django.core.management.base import BaseCommand

from findings.services import refresh_counts


class Command(BaseCommand):
    help = "Recount every board's published findings by theme (after bulk loads or restores)."

    def handle(self, *args, **options):
        refresh_counts()
        self.stdout.write(self.style.SUCCESS("Counts refreshed."))
