"""Load the curated fixtures without ever clobbering what users changed.

`loaddata` overwrites rows that match a fixture's natural key, so a lead's status update would be
lost on the next `make run`. This command adds only the objects that are not in the database yet
(matched by natural key) and leaves existing ones as they are. It runs in one transaction.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# Loaded in this order: each file only refers to objects of the files before it.
DEFAULT_FIXTURES = ["themes.json", "boards.json", "briefings.json", "reviews.json", "findings.json"]


class Command(BaseCommand):
    help = "Add the curated fixtures' objects that are missing; never overwrite existing ones."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Fixture files (default: the curated set).")

    def handle(self, *args, files, **options):
        paths = [Path(f) for f in files] or [FIXTURES_DIR / name for name in DEFAULT_FIXTURES]
        added = kept = 0
        with transaction.atomic():
            for path in paths:
                if not path.exists():
                    self.stdout.write(f"  {path.name}: not present, skipped")
                    continue
                file_added = file_kept = 0
                deferred = []
                with path.open(encoding="utf-8") as stream:
                    objects = serializers.deserialize(
                        "json", stream, handle_forward_references=True
                    )
                    for deserialized in objects:
                        instance = deserialized.object
                        if (
                            instance.pk is not None
                            and type(instance)._default_manager.filter(pk=instance.pk).exists()
                        ):
                            file_kept += 1
                            continue
                        deserialized.save()
                        if deserialized.deferred_fields:
                            deferred.append(deserialized)
                        file_added += 1
                # References to objects later in the same file, resolved once all are saved.
                for deserialized in deferred:
                    deserialized.save_deferred_fields()
                self.stdout.write(f"  {path.name}: {file_added} added, {file_kept} already present")
                added += file_added
                kept += file_kept
        self.stdout.write(self.style.SUCCESS(f"Fixtures: {added} added, {kept} already present."))
