"""The action tracker: leads, memberships, plans, actions, their timeline, calendar tokens."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from findings.models import Finding, ReviewKeyManager, SourcePassage
from reviews.models import Board, Review

from .querysets import (
    ActionQuerySet,
    EscalationQuerySet,
    StatusUpdateQuerySet,
    UpdateRequestQuerySet,
)


class LeadManager(models.Manager):
    def get_by_natural_key(self, board_slug, name):
        return self.get(board__slug=board_slug, name=name)


class Lead(models.Model):
    """A named lead role on action plans (e.g. Wiltshire's “WSCB QA Lead”), held by users."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="leads")
    name = models.CharField(max_length=200, help_text="The lead as the action plan names it.")
    holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="leads_held",
        blank=True,
        help_text="Users who hold this lead and may update its actions.",
    )
    history = HistoricalRecords(m2m_fields=[holders])

    objects = LeadManager()

    class Meta:
        ordering = ["board", "name"]
        indexes = [models.Index(fields=["board", "name"], name="lead_ordering_idx")]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="lead_unique_per_board")
        ]

    def __str__(self):
        return f"{self.name} ({self.board.abbreviation or self.board.name})"

    def natural_key(self):
        return (self.board.slug, self.name)

    natural_key.dependencies = ["reviews.board"]


class Membership(models.Model):
    """A user's role at a board: board managers oversee all of that board's actions."""

    class Role(models.TextChoices):
        BOARD_MANAGER = "manager", "Board manager"
        QUALITY_ASSURANCE = "qa", "Quality assurance"
        MEMBER = "member", "Partnership member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "user"]
        indexes = [models.Index(fields=["board", "user"], name="membership_ordering_idx")]
        constraints = [
            models.UniqueConstraint(fields=["user", "board"], name="membership_unique_user_board")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.board}"


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
    historic = models.BooleanField(
        default=False,
        help_text="A past plan kept for the record, closed without a recorded outcome: "
        "no overdue flags, no reminders.",
    )
    historic_note = models.TextField(
        blank=True, default="", help_text="Why the plan is historic, e.g. “Published in 2015”."
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
        ASSURED = "assured", "Assured"

    # Tag colours (BRAG): the words carry the meaning, colour only adds to it.
    STATUS_COLOURS = {
        Status.NO_UPDATE: "grey",
        Status.NOT_STARTED: "amber",
        Status.IN_PROGRESS: "green",
        Status.AT_RISK: "red",
        Status.COMPLETE: "blue",
        Status.ASSURED: "purple",
    }

    # Done: what was promised was delivered (complete) and, further, its impact verified by
    # someone other than the lead (assured).
    DONE_STATUSES = (Status.COMPLETE, Status.ASSURED)

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
    reaudit_date = models.DateField(
        null=True,
        blank=True,
        help_text="When an assured action's impact should be checked again (optional).",
    )
    reaudit_reminded_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the board was last reminded that the re-audit date was reached.",
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
                    status__in=[
                        "no-update",
                        "not-started",
                        "in-progress",
                        "at-risk",
                        "complete",
                        "assured",
                    ]
                ),
                name="action_status_valid",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def natural_key(self):
        return (self.plan.review.slug, self.key)

    natural_key.dependencies = ["actions.actionplan", "actions.lead"]

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
    success_measure_met = models.BooleanField(
        default=False,
        help_text="Assurance only: the assurer confirmed the plan's success measure is met.",
    )
    reaudit_date = models.DateField(
        null=True, blank=True, help_text="Assurance only: when the impact should be checked again."
    )
    action_version = models.PositiveIntegerField(
        default=1,
        help_text="The action's version this update produced; unique per action, so two "
        "concurrent updates can never both be recorded against the same version.",
    )

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["action", "created_at", "pk"]
        indexes = [models.Index(fields=["action", "created_at"], name="statusupdate_ordering_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "action_version"], name="statusupdate_unique_version_per_action"
            )
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def changed_due_date(self):
        return self.due_date_from != self.due_date_to

    @property
    def is_assurance(self):
        return self.to_status == Action.Status.ASSURED


class CalendarFeedToken(models.Model):
    """A user's secret token for their iCalendar feed of action due dates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(
        max_length=64, unique=True, help_text="Secret part of the feed's URL; regenerate if leaked."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user"]
        indexes = [models.Index(fields=["user"], name="calendartoken_ordering_idx")]

    def __str__(self):
        return f"Calendar feed token of {self.user}"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    def get_absolute_url(self):
        return reverse("actions:calendar-feed", kwargs={"token": self.token})


class UpdateRequest(models.Model):
    """A board manager's request that an action's lead give an update by a date.

    Open until a status update is posted on the action; that update answers it.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="update_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="update_requests_made",
    )
    requested_by_name = models.CharField(
        max_length=200, blank=True, default="", help_text="Kept even if the account is removed."
    )
    requested_at = models.DateTimeField(default=timezone.now)
    due_date = models.DateField(help_text="The date by which the lead should post an update.")
    message = models.TextField(blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        StatusUpdate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_requests",
        help_text="The status update that answered the request.",
    )

    objects = UpdateRequestQuerySet.as_manager()

    class Meta:
        ordering = ["action", "requested_at", "pk"]
        indexes = [
            models.Index(fields=["action", "requested_at"], name="updaterequest_ordering_idx"),
            models.Index(fields=["answered_at", "due_date"], name="updaterequest_open_idx"),
        ]

    def __str__(self):
        return f"Update requested by {self.due_date:%d %B %Y} on “{self.action}”"

    @property
    def is_open(self):
        return self.answered_at is None


class Escalation(models.Model):
    """An action escalated to the board's meeting by a manager, with the reason; de-escalating
    closes it (kept, with who closed it and why, on the action's timeline)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="escalations")
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations_made",
    )
    escalated_by_name = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(help_text="Why the board should discuss this action.")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations_resolved",
    )
    resolved_by_name = models.CharField(max_length=200, blank=True, default="")
    resolution = models.TextField(
        blank=True, default="", help_text="Why the action no longer needs the board's attention."
    )

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["action", "created_at", "pk"]
        indexes = [models.Index(fields=["action", "created_at"], name="escalation_ordering_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["action"],
                condition=models.Q(resolved_at__isnull=True),
                name="escalation_one_open_per_action",
            )
        ]

    def __str__(self):
        return f"Escalation of “{self.action}”"

    @property
    def is_open(self):
        return self.resolved_at is None
