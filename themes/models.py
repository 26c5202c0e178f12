from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

PUBLISHED = "published"  # reviews.models.Review.Status.PUBLISHED


class ThemeQuerySet(models.QuerySet):
    def risks(self):
        return self.filter(facet=Theme.Facet.RISK)

    def practice(self):
        return self.filter(facet=Theme.Facet.PRACTICE)

    # Findings live in an app that depends on this one, so the published status is spelt out
    # here rather than imported (reviews.models.Review.Status.PUBLISHED).
    def with_finding_counts(self):
        """Annotate `finding_count`, the number of published findings on each theme."""
        return self.annotate(
            finding_count=models.Count(
                "findings", filter=models.Q(findings__review__status=PUBLISHED), distinct=True
            )
        )

    def named_like(self, words):
        """Themes whose name or keywords contain `words` (to offer the theme page in search)."""
        words = words.strip()
        if not words:
            return self.none()
        return self.filter(models.Q(name__icontains=words) | models.Q(keywords__icontains=words))

    def co_occurring_with(self, theme):
        """Other themes by how many published findings they share with `theme`, most first."""
        return (
            self.exclude(pk=theme.pk)
            .filter(findings__themes=theme, findings__review__status=PUBLISHED)
            .annotate(shared=models.Count("findings", distinct=True))
            .order_by("-shared", "facet", "order", "name")
        )

    def profile_of_board(self, board):
        """Themes of `board`'s published findings, annotated `finding_count`, most first."""
        return (
            self.filter(findings__review__board=board, findings__review__status=PUBLISHED)
            .annotate(finding_count=models.Count("findings", distinct=True))
            .order_by("-finding_count", "facet", "order", "name")
        )


class ThemeManager(models.Manager.from_queryset(ThemeQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Theme(models.Model):
    """A theme of learning that findings are tagged with, in one of two facets."""

    class Facet(models.TextChoices):
        RISK = "risk", "Risk or harm to the child"
        PRACTICE = "practice", "Practice theme"

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
        return reverse("themes:detail", kwargs={"slug": self.slug})

    @property
    def keyword_list(self):
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]
