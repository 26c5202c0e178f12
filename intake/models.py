"""The intake's records: curated fixtures loaded (so a reload respects deletions) and plan imports."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class LoadedFixtureObject(models.Model):
    """One curated object that `load_fixtures` has loaded (or found present) once.

    A curated object that is in this ledger but no longer in the database was deleted by a user:
    `load_fixtures` never re-creates it. The key is the object's natural key as JSON.
    """

    model = models.CharField(max_length=100, help_text="app_label.model, e.g. reviews.review.")
    key = models.CharField(max_length=500, help_text="The natural key, as a JSON list.")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["model", "key"]
        indexes = [models.Index(fields=["model", "key"], name="loadedfixture_ordering_idx")]
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="loadedfixture_unique_key")
        ]

    def __str__(self):
        return f"{self.model} {self.key}"


class PlanImport(models.Model):
    """One confirmed import of a board's action-plan file (.xlsx or .csv) into a review."""

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="plan_imports"
    )
    file_name = models.CharField(max_length=255, help_text="The uploaded file's name.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the uploaded file.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_imports",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(
        default=0, help_text="Rows left out because of an error (nothing of them was saved)."
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        indexes = [models.Index(fields=["-imported_at", "-id"], name="planimport_ordering_idx")]

    def __str__(self):
        return f"{self.file_name} → {self.review}"

    def get_absolute_url(self):
        return reverse("intake:plan-import-detail", kwargs={"pk": self.pk})


class ImportedRow(models.Model):
    """Where an imported action came from: the file, sheet and row of a board's action plan.

    Re-importing a file finds each row's action again by (review, file name, sheet, row), and
    `content_hash` (what the row said when last imported) tells unchanged rows from updates.
    """

    action = models.OneToOneField(
        "actions.Action", on_delete=models.CASCADE, related_name="source_row"
    )
    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    sheet = models.CharField(max_length=100, blank=True, default="")
    row_number = models.PositiveIntegerField(help_text="The row as the spreadsheet numbers it.")
    content_hash = models.CharField(max_length=64)
    content = models.JSONField(
        default=dict, help_text="What the row said when last imported (its fields, as read)."
    )
    plan_import = models.ForeignKey(
        PlanImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rows",
        help_text="The last import that created or changed this row's action.",
    )

    class Meta:
        ordering = ["review", "file_name", "sheet", "row_number"]
        indexes = [
            models.Index(
                fields=["review", "file_name", "sheet", "row_number"],
                name="importedrow_ordering_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "file_name", "sheet", "row_number"],
                name="importedrow_unique_source_row",
            )
        ]

    def __str__(self):
        sheet = f", sheet “{self.sheet}”" if self.sheet else ""
        return f"{self.file_name}{sheet}, row {self.row_number}"
