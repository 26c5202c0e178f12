"""Load the curated fixtures without ever clobbering what users changed.

`loaddata` overwrites rows that match a fixture's natural key, so a lead's status update would be
lost on the next `make run`. This command adds only the objects that are not in the database yet
(matched by natural key) and leaves existing ones as they are. It runs in one transaction.

A deletion is a user change too: every curated object loaded (or found present) is written in a
ledger (`intake.LoadedFixtureObject`, by natural key), and an object in the ledger that is no
longer in the database was deleted by someone, so it is not re-created; the output says how many.
(A database loaded before the ledger existed starts it on the next run: what is present then is
recorded, what is missing then is added.)

`--update` brings a database loaded from older fixtures up to date with the curated content (a
retagging, new titles, a corrected status) without touching what users changed: an object
already present is overwritten with its fixture only if nobody has changed it since it was
loaded, that is, if every history record it has is one of ours ("Loaded from…", "Updated
from…") and, for an action, its status has never been moved in the tracker (which records a
StatusUpdate, not a history record); and only if it differs. Boards and leads are never
overwritten (their regions, settings and holders are set by people).

Fixture rows are saved "raw", which django-simple-history does not record (it only records the
many-to-many set that follows, as a change), so each object added gets exactly one first
history record here, a creation "Loaded from the curated fixtures": the admin's history of a
finding then starts from the text as published.
"""

import json
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.serializers.python import Deserializer
from django.db import transaction
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_app_model_primary_key_name, get_history_manager_for_model

from actions.models import Action
from findings.services import refresh_counts
from intake.models import LoadedFixtureObject
from reviews.models import Board

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# Loaded in this order: each file only refers to objects of the files before it (or of itself).
DEFAULT_FIXTURES = ["themes.json", "boards.json", "briefings.json", "reviews.json", "findings.json"]

CHANGE_REASON = "Loaded from the curated fixtures"
UPDATE_REASON = "Updated from the curated fixtures"
OUR_REASONS = (CHANGE_REASON, UPDATE_REASON)

# What --update may overwrite: the curated content. Boards and leads are left alone (a board's
# region and settings, a lead's holders are set by people), and an action is a user's once its
# status has moved (the tracker moves it with an UPDATE and a StatusUpdate, not a history record).
UPDATABLE = {
    "themes.theme",
    "reviews.review",
    "reviews.family",
    "findings.finding",
    "findings.recommendation",
    "findings.reflectivequestion",
    "actions.actionplan",
    "actions.action",
}

# The fields that make each curated model's natural key, in its natural_key() order (foreign keys
# appear as their own natural keys, flattened). Read from the JSON, so a key can be known even
# when the object, or the object it belongs to, has been deleted.
KEY_FIELDS = {
    "themes.theme": ["slug"],
    "reviews.board": ["slug"],
    "reviews.briefing": ["slug"],
    "reviews.review": ["slug"],
    "reviews.family": ["review", "pseudonym"],
    "actions.lead": ["board", "name"],
    "findings.finding": ["review", "key"],
    "findings.recommendation": ["review", "key"],
    "findings.reflectivequestion": ["review", "key"],
    "actions.actionplan": ["review", "key"],
    "actions.action": ["plan", "key"],
}


def fixture_key(entry):
    """The natural key of a fixture entry as JSON: ["wiltshire-family-m", "finding-1"]."""
    parts = []
    for name in KEY_FIELDS[entry["model"]]:
        value = entry["fields"][name]
        parts.extend(value[:1] if name == "plan" else value if isinstance(value, list) else [value])
    return json.dumps(parts, ensure_ascii=False)


# The curated boards' regions (boards.json is built by fixtures/build.py, which knows none).
FIXTURE_REGIONS = {
    "wiltshire-safeguarding-children-board": Board.Region.SOUTH_WEST,
    "dorset-safeguarding-children-board": Board.Region.SOUTH_WEST,
    "wolverhampton-safeguarding-children-board": Board.Region.WEST_MIDLANDS,
    "slough-local-safeguarding-childrens-board": Board.Region.SOUTH_EAST,
    "ofsted": Board.Region.NATIONAL,
    "derby-safeguarding-children-board": Board.Region.EAST_MIDLANDS,
    "surrey-safeguarding-children-partnership": Board.Region.SOUTH_EAST,
    "hampshire-safeguarding-children-partnership": Board.Region.SOUTH_EAST,
}


def place_fixture_boards():
    """Give the curated boards their region, unless someone has already set one."""
    for slug, region in FIXTURE_REGIONS.items():
        Board.objects.filter(slug=slug, region=Board.Region.UNASSIGNED).update(region=region)


class Command(BaseCommand):
    help = "Add the curated fixtures' objects that are missing; never overwrite existing ones."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Fixture files (default: the curated set).")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also overwrite objects present that differ from the fixtures, where no user "
            "has changed them since they were loaded.",
        )

    def handle(self, *args, files, update=False, **options):
        paths = [Path(f) for f in files] or [FIXTURES_DIR / name for name in DEFAULT_FIXTURES]
        self.update = update
        self.updated = self.user_changed = 0
        added = kept = deleted = 0
        with transaction.atomic():
            for path in paths:
                if not path.exists():
                    self.stdout.write(f"  {path.name}: not present, skipped")
                    continue
                file_added, file_kept, file_deleted = self.load(path)
                self.stdout.write(
                    f"  {path.name}: {file_added} added, {file_kept} already present"
                    + (
                        f", {file_deleted} deleted by users (not re-created)"
                        if file_deleted
                        else ""
                    )
                )
                added += file_added
                kept += file_kept
                deleted += file_deleted
            place_fixture_boards()
            refresh_counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Fixtures: {added} added, {kept} already present, "
                f"{deleted} deleted by users and not re-created."
            )
        )
        if update:
            self.stdout.write(
                f"Updated from the fixtures: {self.updated}; changed by users and kept as they "
                f"are: {self.user_changed}."
            )

    def load(self, path):
        """Save the file's objects that are missing and not deleted by a user; return
        (added, already present, deleted by users)."""
        entries = json.loads(path.read_text(encoding="utf-8"))
        ledger = {
            (model, key)
            for model, key in LoadedFixtureObject.objects.filter(
                model__in={entry["model"] for entry in entries}
            ).values_list("model", "key")
        }
        added, kept, deleted, deferred, seen = defaultdict(list), 0, 0, [], []
        for entry in entries:
            key = (entry["model"], fixture_key(entry))
            for deserialized in Deserializer([entry], handle_forward_references=True):
                instance = deserialized.object
                model = type(instance)
                # With natural keys the deserializer has already looked the object up: a pk
                # means it exists, and existing objects are never overwritten.
                if (
                    instance.pk is not None
                    and model._default_manager.filter(pk=instance.pk).exists()
                ):
                    kept += 1
                    if self.update:
                        self.update_if_untouched(deserialized, entry)
                elif key in ledger:  # loaded once and gone since: a user deleted it
                    deleted += 1
                    continue
                else:
                    instance._change_reason = CHANGE_REASON  # read by simple_history
                    deserialized.save()
                    added[model].append(instance)
                    if deserialized.deferred_fields:
                        deferred.append(deserialized)
                seen.append(key)
        # References to objects later in the same file, resolved once all are saved.
        for deserialized in deferred:
            deserialized.save_deferred_fields()
        for model, instances in added.items():
            self.record_creation(model, instances)
        LoadedFixtureObject.objects.bulk_create(
            [LoadedFixtureObject(model=model, key=key) for model, key in seen],
            ignore_conflicts=True,
        )
        return sum(len(instances) for instances in added.values()), kept, deleted

    def update_if_untouched(self, deserialized, entry):
        """Overwrite an existing object with its fixture entry if it differs and no user has
        changed it (all its history is ours); record the update as one "~" history record."""
        instance = deserialized.object
        model = type(instance)
        if entry["model"] not in UPDATABLE:
            return
        try:
            history = get_history_manager_for_model(model)
        except NotHistoricalModelError:
            return  # no history, no telling whether a user changed it: never overwritten
        pk_name = get_app_model_primary_key_name(model)
        records = history.filter(**{pk_name: instance.pk})
        current = model._default_manager.get(pk=instance.pk)
        moved = isinstance(current, Action) and (current.version != 1 or current.updates.exists())
        if moved or records.exclude(history_change_reason__in=OUR_REASONS).exists():
            self.user_changed += 1
            return
        (stored,) = json.loads(
            serializers.serialize(
                "json", [current], use_natural_foreign_keys=True, use_natural_primary_keys=True
            )
        )
        many = {field.name for field in model._meta.many_to_many}

        def same(name, value):
            if name in many:  # a set, whatever the order it is listed in
                return {json.dumps(v) for v in stored["fields"].get(name, [])} == {
                    json.dumps(v) for v in value
                }
            return stored["fields"].get(name) == value

        if all(same(name, value) for name, value in entry["fields"].items()):
            return
        started = timezone.now()
        deserialized.save()  # raw: fields, then the many-to-many sets (history records those)
        records.filter(history_date__gte=started).delete()
        history.bulk_history_create(
            [model._default_manager.get(pk=instance.pk)],
            update=True,
            default_change_reason=UPDATE_REASON,
        )
        self.updated += 1

    def record_creation(self, model, instances):
        """Give each new instance one "+" history record (a many-to-many set made one "~")."""
        try:
            history = get_history_manager_for_model(model)
        except NotHistoricalModelError:
            return
        pk_name = get_app_model_primary_key_name(model)
        pks = [instance.pk for instance in instances]
        recorded = history.filter(**{f"{pk_name}__in": pks})
        with_record = set(recorded.values_list(pk_name, flat=True))
        recorded.update(history_type="+", history_change_reason=CHANGE_REASON)
        history.bulk_history_create(
            [instance for instance in instances if instance.pk not in with_record],
            default_change_reason=CHANGE_REASON,
        )
