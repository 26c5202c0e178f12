"""What the curated fixtures have put in the database, so that a reload respects deletions."""

from django.db import models


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
