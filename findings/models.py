"""What reviews found: findings, recommendations and reflective questions, each kept with the
passage of the source briefing it was taken from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from reviews.models import Board, Family, Review
from themes.models import Theme

from .search.similar import candidate_ranks, theme_candidates

THEME_CANDIDATES = 300


class ReviewKeyManager(models.Manager):
    """Natural key (review slug, key) shared by everything that belongs to one review."""

    def get_by_natural_key(self, review_slug, key):
        return self.get(review__slug=review_slug, key=key)


class LearningQuerySet(models.QuerySet):
    """Recommendations and reflective questions: under a finding, or with their own themes."""

    def published(self):
        return self.filter(review__status=Review.Status.PUBLISHED)

    def on_theme(self, theme):
        """Published ones on `theme`, through their finding or their own themes."""
        return (
            self.published()
            .filter(Q(finding__themes=theme) | Q(themes=theme))
            .distinct()
            .select_related("review__board", "finding")
            .order_by("review__board__name", "-review__year", "review__name", "order")
        )


class LearningManager(ReviewKeyManager.from_queryset(LearningQuerySet)):
    pass


class SourcePassage(models.Model):
    """Where a piece of text sits in its review's source briefing (its provenance)."""

    source_section = models.CharField(
        max_length=300,
        blank=True,
        default="",
        help_text="The heading it sits under in the briefing, as printed.",
    )
    source_line_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="First line (1-based) of the passage in the briefing text."
    )
    source_line_end = models.PositiveIntegerField(
        null=True, blank=True, help_text="Last line (1-based) of the passage in the briefing text."
    )

    class Meta:
        abstract = True


def _themes_in_order():
    return models.Prefetch("themes", queryset=Theme.objects.order_by("facet", "order", "name"))


class FindingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(review__status=Review.Status.PUBLISHED)

    def with_context(self):
        """The review, board and themes every finding row shows: one join, one prefetch."""
        return self.select_related("review__board").prefetch_related(_themes_in_order())

    def in_board_order(self):
        """Board by board, newest review first, then as the briefing orders them."""
        return self.order_by("review__board__name", "-review__year", "review__name", "order")

    def on_theme(self, theme):
        """Published findings tagged with `theme`, with their context and the review's families."""
        return (
            self.published()
            .filter(themes=theme)
            .with_context()
            .prefetch_related("review__families")
            .in_board_order()
        )

    def for_detail(self):
        """Published findings with everything the finding page shows. What hangs off one finding
        (or its review) is ordered without the review's columns, which are the same for all of
        it: no join to the reviews table only to sort by them."""
        return (
            self.published()
            .select_related("review__board", "review__briefing")
            .prefetch_related(
                _themes_in_order(),
                models.Prefetch("review__families", Family.objects.order_by("pseudonym", "pk")),
                models.Prefetch("recommendations", Recommendation.objects.order_by("order", "pk")),
                models.Prefetch(
                    "reflective_questions", ReflectiveQuestion.objects.order_by("order", "pk")
                ),
            )
        )

    def in_briefing(self, briefing):
        """Published findings taken from `briefing`, in the order they appear in it."""
        return (
            self.published()
            .filter(review__briefing=briefing)
            .select_related("review")
            .order_by("source_line_start", "review__name", "order")
        )

    def theme_board_counts(self):
        """(theme id, board id, number of findings) for every pair with at least one finding."""
        return (
            self.filter(themes__isnull=False)
            .order_by()
            .values_list("themes", "review__board")
            .annotate(count=models.Count("pk", distinct=True))
        )

    def similar_to(self, finding, *, limit=5):
        """Published findings of other boards most like `finding`, best first (four queries).

        Each carries `shared_themes` (the themes it shares with `finding`) and `similarity`
        (0–1): shared themes weigh 0.6 (the share of `finding`'s themes it has), text 0.4 (its
        full-text rank against `finding`'s significant words, relative to the best).

        Bounded at any size: the candidates are the THEME_CANDIDATES findings sharing most of its
        themes among the newest on them (search.similar.theme_candidates: a bounded walk of the
        theme table's (theme, finding) index) and a few sharing its words; only they are ranked. `finding`'s themes should be prefetched.
        """
        own_themes = list(finding.themes.all())
        theme_ids = {theme.pk for theme in own_themes}
        by_themes = theme_candidates(
            Finding.themes.through, finding.pk, theme_ids, THEME_CANDIDATES
        )
        candidates = self.published().exclude(review__board_id=finding.review.board_id)
        by_text = candidate_ranks(candidates, by_themes, " ".join((finding.title, finding.text)))
        best_text = max(by_text.values(), default=0) or 1
        scores = {
            pk: 0.6 * by_themes.get(pk, 0) / max(len(theme_ids), 1) + 0.4 * max(rank, 0) / best_text
            for pk, rank in by_text.items()
        }
        best = sorted(scores, key=lambda pk: (-scores[pk], pk))[:limit]
        similar = {f.pk: f for f in self.filter(pk__in=best).with_context()}
        results = []
        for pk in best:
            other = similar[pk]
            other.similarity = round(scores[pk], 2)
            other.shared_themes = [t for t in other.themes.all() if t.pk in theme_ids]
            results.append(other)
        return results


class FindingManager(models.Manager.from_queryset(FindingQuerySet), ReviewKeyManager):
    pass


class Finding(SourcePassage):
    """A finding, theme or learning point of a review, in the briefing's own words."""

    class Kind(models.TextChoices):
        FINDING = "finding", "Finding"
        THEME = "theme", "Theme"
        SECTION = "section", "Section"
        LESSON = "lesson", "Lesson learnt"
        KEY_FINDING = "key-finding", "Key finding"
        EMERGING_ISSUE = "emerging-issue", "Emerging issue"
        LEARNING_POINT = "learning-point", "Learning point"
        GOOD_PRACTICE = "good-practice", "Good practice"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    key = models.SlugField(max_length=120, help_text="Stable identifier within the review.")
    label = models.CharField(
        max_length=120,
        blank=True,
        default="",
        help_text="The label as printed: “Finding 3”, “Theme 2”, “3.5”.",
    )
    title = models.CharField(max_length=300, blank=True, default="")
    text = models.TextField(help_text="Verbatim text of the finding.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FINDING)
    order = models.PositiveIntegerField(default=0)
    themes = models.ManyToManyField(Theme, related_name="findings", blank=True)
    history = HistoricalRecords(m2m_fields=[themes])

    objects = FindingManager()

    class Meta:
        ordering = ["review", "order"]
        indexes = [models.Index(fields=["review", "order"], name="finding_ordering_idx")]
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="finding_unique_key_per_review")
        ]

    def __str__(self):
        heading = " – ".join(part for part in (self.label, self.title) if part)
        return heading or self.text[:80]

    def natural_key(self):
        return (self.review.slug, self.key)

    natural_key.dependencies = ["reviews.review"]

    def get_absolute_url(self):
        return reverse("browse:finding-detail", kwargs={"pk": self.pk})


class Recommendation(SourcePassage):
    """A recommendation of a review, under a finding where the briefing puts it under one."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        related_name="recommendations",
        null=True,
        blank=True,
    )
    key = models.SlugField(max_length=120)
    text = models.TextField()
    attribution = models.CharField(
        max_length=300,
        blank=True,
        default="",
        help_text="Where the review took the recommendation from, when it quotes another "
        "source (e.g. an NSPCC briefing); shown with it.",
    )
    order = models.PositiveIntegerField(default=0)
    themes = models.ManyToManyField(
        Theme,
        related_name="recommendations",
        blank=True,
        help_text="Own themes, for recommendations that stand under no finding.",
    )
    history = HistoricalRecords(m2m_fields=[themes])

    objects = LearningManager()

    class Meta:
        ordering = ["review", "order"]
        indexes = [models.Index(fields=["review", "order"], name="recommendation_ordering_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "key"], name="recommendation_unique_key_per_review"
            )
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (self.review.slug, self.key)

    natural_key.dependencies = ["reviews.review", "findings.finding"]


class ReflectiveQuestion(SourcePassage):
    """A question the briefing asks practitioners to reflect on."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="reflective_questions"
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        related_name="reflective_questions",
        null=True,
        blank=True,
    )
    key = models.SlugField(max_length=120)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    themes = models.ManyToManyField(Theme, related_name="reflective_questions", blank=True)
    history = HistoricalRecords(m2m_fields=[themes])

    objects = LearningManager()

    class Meta:
        ordering = ["review", "order"]
        indexes = [models.Index(fields=["review", "order"], name="question_ordering_idx")]
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="question_unique_key_per_review")
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (self.review.slug, self.key)

    natural_key.dependencies = ["reviews.review", "findings.finding"]


class ThemeBoardCountQuerySet(models.QuerySet):
    def totals(self):
        """The rows of every board's published findings, whatever their themes."""
        return self.filter(theme__isnull=True)

    def on_themes(self):
        return self.filter(theme__isnull=False)


class ThemeBoardCount(models.Model):
    """How many published findings a board has on a theme (or, theme empty, at all): the
    pre-aggregated counts home, the matrix, the theme page and the boards list read.

    Kept right by `findings.services.refresh_counts`, called on publish and unpublish (the
    reviews app's `visibility_changed` signal) and on every admin edit of findings or reviews.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="theme_counts")
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="board_counts", null=True, blank=True
    )
    findings = models.PositiveIntegerField(default=0)
    reviews = models.PositiveIntegerField(default=0)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    latest_finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The board's most recently added published finding on the theme.",
    )

    objects = ThemeBoardCountQuerySet.as_manager()

    class Meta:
        ordering = ["board", "theme"]
        indexes = [
            models.Index(fields=["board", "theme"], name="themeboardcount_ordering_idx"),
            models.Index(fields=["theme", "board"], name="themeboardcount_theme_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "theme"],
                condition=models.Q(theme__isnull=False),
                name="themeboardcount_unique_pair",
            ),
            models.UniqueConstraint(
                fields=["board"],
                condition=models.Q(theme__isnull=True),
                name="themeboardcount_unique_total",
            ),
        ]

    def __str__(self):
        return f"{self.board}: {self.findings} on {self.theme or 'any theme'}"


class CountsVersion(models.Model):
    """One row whose number goes up whenever the counts are recounted (refresh_counts, in the
    same transaction): the key of the pages' cached fragments, so publishing invalidates them on
    every server at once, and never before the new counts are committed."""

    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Counts version {self.version}"

    @classmethod
    def current(cls):
        """The version (one primary-key read); 0 if the row is missing (e.g. a flushed test db)."""
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 0

    @classmethod
    def bump(cls):
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})


class DisseminationQuerySet(models.QuerySet):
    def by(self, user):
        """The records `user` made (the only ones they may change)."""
        return self.filter(user_id=user.pk) if user.is_authenticated else self.none()

    def with_context(self):
        return self.select_related("theme", "review__board", "board")


class Dissemination(models.Model):
    """A team's record that it used a 7-minute briefing, a theme page or a review in practice:
    the evidence that learning reached practice."""

    class Resource(models.TextChoices):
        BRIEFING = "seven-minute-briefing", "7-minute briefing"
        THEME_PAGE = "theme-page", "Theme page"
        REVIEW = "review", "Review"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disseminations",
        help_text="Who recorded it (the record is kept if the account is removed).",
    )
    resource = models.CharField(max_length=30, choices=Resource.choices)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="disseminations",
        help_text="The theme whose page or 7-minute briefing was used.",
    )
    review = models.ForeignKey(
        Review,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="disseminations",
        help_text="The review that was used.",
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="disseminations",
        help_text="The partnership the team works in (the board it counts for).",
    )
    used_on = models.DateField(help_text="When the team used it.")
    team = models.CharField(max_length=200, help_text="E.g. “Duty and assessment team 2”.")
    agency = models.CharField(
        max_length=200, help_text="E.g. “Children's social care”, “Health visiting”."
    )
    people = models.PositiveIntegerField(help_text="How many people took part.")
    changes = models.TextField(help_text="What the team will change in its practice.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisseminationQuerySet.as_manager()

    class Meta:
        ordering = ["-used_on", "-pk"]
        indexes = [
            models.Index(fields=["-used_on", "-id"], name="dissemination_ordering_idx"),
            models.Index(fields=["theme", "used_on"], name="dissemination_theme_idx"),
            models.Index(fields=["review", "used_on"], name="dissemination_review_idx"),
            models.Index(fields=["board", "used_on"], name="dissemination_board_idx"),
            models.Index(fields=["user", "-used_on"], name="dissemination_user_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people__gte=1), name="dissemination_people_positive"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(resource="review", review__isnull=False, theme__isnull=True)
                    | models.Q(
                        resource__in=["seven-minute-briefing", "theme-page"],
                        theme__isnull=False,
                        review__isnull=True,
                    )
                ),
                name="dissemination_one_resource",
            ),
        ]

    def __str__(self):
        return f"{self.team} ({self.agency}) used {self.subject} on {self.used_on:%d %B %Y}"

    @property
    def subject(self):
        """What was used, in words: “the 7-minute briefing on Neglect” (no query if the theme or
        review is selected with it)."""
        if self.resource == self.Resource.REVIEW:
            return f"the review {self.review.name}" if self.review_id else "a review"
        name = self.theme.name if self.theme_id else "a theme"
        what = "7-minute briefing" if self.resource == self.Resource.BRIEFING else "theme page"
        return f"the {what} on {name}"

    def get_absolute_url(self):
        return reverse("findings:dissemination-edit", kwargs={"pk": self.pk})


class DigestSubscription(models.Model):
    """A signed-in user's e-mail digest of newly published findings on the themes they chose."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_digest"
    )
    themes = models.ManyToManyField(Theme, related_name="digest_subscriptions", blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Up to when findings were covered by the last digest (the next starts here).",
    )

    class Meta:
        ordering = ["user"]
        indexes = [models.Index(fields=["user"], name="digest_ordering_idx")]

    def __str__(self):
        return f"{self.get_frequency_display()} digest for {self.user}"

    @property
    def covered_since(self):
        """Findings published after this moment are new to the subscriber."""
        return self.last_sent_at or self.created_at
