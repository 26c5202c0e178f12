"""The taxonomy of learning: themes in facets, with the keywords that suggest them."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class ThemeQuerySet(models.QuerySet):
    def risks(self):
        return self.filter(facet=Theme.Facet.RISK)

    def practice(self):
        return self.filter(facet=Theme.Facet.PRACTICE)

    def named_like(self, words):
        """Themes whose name or keywords contain `words` (to offer the theme page in search)."""
        words = words.strip()
        if not words:
            return self.none()
        return self.filter(models.Q(name__icontains=words) | models.Q(keywords__icontains=words))


class ThemeManager(models.Manager.from_queryset(ThemeQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Theme(models.Model):
    """A theme of learning that findings are tagged with, in one of two facets."""

    class Facet(models.TextChoices):
        RISK = "risk", "Risk or harm to the child"
        PRACTICE = "practice", "Practice theme"
        CHARACTERISTICS = "child", "Child and family characteristics"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    facet = models.CharField(max_length=20, choices=Facet.choices)
    description = models.TextField(blank=True, default="")
    keywords = models.TextField(
        blank=True,
        default="",
        help_text="Words and phrases, one per line, that suggest a finding is on this theme "
        "(used for search synonyms and intake suggestions).",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within its facet.")
    history = HistoricalRecords()

    objects = ThemeManager()

    class Meta:
        ordering = ["facet", "order", "name"]
        indexes = [models.Index(fields=["facet", "order", "name"], name="theme_ordering_idx")]
        constraints = [models.UniqueConstraint(fields=["name"], name="theme_unique_name")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("browse:theme-detail", kwargs={"slug": self.slug})

    @property
    def keyword_list(self):
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]
