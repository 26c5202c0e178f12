from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reviews.models import Lead, Review
from themes.models import Theme


class ReviewKeyManager(models.Manager):
    """Natural key (review slug, key) shared by everything that belongs to one review."""

    def get_by_natural_key(self, review_slug, key):
        return self.get(review__slug=review_slug, key=key)


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


class FindingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(review__status=Review.Status.PUBLISHED)


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
        return reverse("findings:detail", kwargs={"pk": self.pk})


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
    order = models.PositiveIntegerField(default=0)
    themes = models.ManyToManyField(
        Theme,
        related_name="recommendations",
        blank=True,
        help_text="Own themes, for recommendations that stand under no finding.",
    )
    history = HistoricalRecords(m2m_fields=[themes])

    objects = ReviewKeyManager()

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

    objects = ReviewKeyManager()

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


class ActionPlan(SourcePassage):
    """What a board will do in answer to a finding (or a whole review), and how it will know."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="action_plans")
    finding = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        related_name="action_plans",
        null=True,
        blank=True,
    )
    key = models.SlugField(max_length=120)
    title = models.CharField(max_length=300, blank=True, default="")
    success_measure = models.TextField(
        blank=True,
        default="",
        help_text="“How will we know we are making a difference?”, as written.",
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ReviewKeyManager()

    class Meta:
        ordering = ["review", "order"]
        indexes = [models.Index(fields=["review", "order"], name="actionplan_ordering_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "key"], name="actionplan_unique_key_per_review"
            )
        ]

    def __str__(self):
        return self.title or f"Action plan for {self.finding or self.review}"

    def natural_key(self):
        return (self.review.slug, self.key)

    natural_key.dependencies = ["reviews.review", "findings.finding"]


class ActionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(plan__review__status=Review.Status.PUBLISHED)


class ActionManager(models.Manager.from_queryset(ActionQuerySet)):
    def get_by_natural_key(self, review_slug, key):
        return self.get(plan__review__slug=review_slug, key=key)


class Action(SourcePassage):
    """One action of a plan, with its own lead, deadline and status."""

    class Status(models.TextChoices):
        NO_UPDATE = "no-update", "No update yet"
        NOT_STARTED = "not-started", "Not started"
        IN_PROGRESS = "in-progress", "In progress"
        AT_RISK = "at-risk", "At risk"
        COMPLETE = "complete", "Complete"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    key = models.SlugField(max_length=120, help_text="Stable identifier within the review.")
    description = models.TextField()
    lead = models.ForeignKey(
        Lead,
        on_delete=models.PROTECT,
        related_name="actions",
        null=True,
        blank=True,
        help_text="Who will lead, as the plan names them.",
    )
    deadline_text = models.CharField(
        max_length=200, blank=True, default="", help_text="“By when”, as written: “ongoing”."
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text="The original due date, where one can be determined from the deadline.",
    )
    revised_due_date = models.DateField(null=True, blank=True)
    revision_reason = models.TextField(blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NO_UPDATE)
    last_update_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last status update was recorded."
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every update, to detect concurrent edits."
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ActionManager()

    class Meta:
        ordering = ["plan", "order"]
        indexes = [
            models.Index(fields=["plan", "order"], name="action_ordering_idx"),
            models.Index(fields=["status", "due_date"], name="action_status_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="action_unique_key_per_plan"),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["no-update", "not-started", "in-progress", "at-risk", "complete"]
                ),
                name="action_status_valid",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def natural_key(self):
        return (self.plan.review.slug, self.key)

    natural_key.dependencies = ["findings.actionplan", "reviews.lead"]

    def get_absolute_url(self):
        return reverse("actions:detail", kwargs={"pk": self.pk})


class StatusUpdate(models.Model):
    """One entry in an action's append-only timeline: who changed what, when, and on what evidence."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_updates",
    )
    author_name = models.CharField(
        max_length=200, blank=True, default="", help_text="Kept even if the account is removed."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, choices=Action.Status.choices)
    to_status = models.CharField(max_length=20, choices=Action.Status.choices)
    note = models.TextField(blank=True, default="")
    evidence = models.TextField(blank=True, default="")
    evidence_url = models.URLField(blank=True, default="", max_length=500)
    due_date_from = models.DateField(null=True, blank=True)
    due_date_to = models.DateField(null=True, blank=True)
    revision_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["action", "created_at", "pk"]
        indexes = [models.Index(fields=["action", "created_at"], name="statusupdate_ordering_idx")]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
