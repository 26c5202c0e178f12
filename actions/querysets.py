"""The action tracker's QuerySets: flags, who may update what, the status chart's counts."""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from reviews.models import Review


@dataclass(frozen=True)
class Responsibilities:
    """What a user answers for: the leads they hold and their boards (of those leads, managed)."""

    lead_ids: frozenset
    managed_board_ids: frozenset
    board_ids: frozenset  # the boards of their leads and the boards they manage

    @property
    def is_board_manager(self):
        return bool(self.managed_board_ids)


def responsibilities(user):
    """The user's leads and boards in one query (a UNION), kept on the user for the request."""
    cached = getattr(user, "_action_responsibilities", None)
    if cached is not None:
        return cached
    lead_model = apps.get_model("actions", "Lead")
    membership = apps.get_model("actions", "Membership")
    held = (
        lead_model.holders.through.objects.filter(user_id=user.pk)
        .annotate(kind=Value("lead"), ref=models.F("lead_id"), of_board=models.F("lead__board_id"))
        .order_by()
        .values_list("kind", "ref", "of_board")
    )
    managed = (
        membership.objects.filter(user_id=user.pk, role=membership.Role.BOARD_MANAGER)
        .annotate(kind=Value("board"), ref=models.F("board_id"), of_board=models.F("board_id"))
        .order_by()
        .values_list("kind", "ref", "of_board")
    )
    rows = list(held.union(managed, all=True))
    result = Responsibilities(
        lead_ids=frozenset(ref for kind, ref, _ in rows if kind == "lead"),
        managed_board_ids=frozenset(ref for kind, ref, _ in rows if kind == "board"),
        board_ids=frozenset(board for _, _, board in rows),
    )
    user._action_responsibilities = result
    return result


STALE_AFTER_DAYS = 90

# The RAG of an action (ActionQuerySet.with_rag), worst first: the order a RAG sort follows.
RAG_RED, RAG_AMBER, RAG_GREEN, RAG_BLUE, RAG_GREY = "red", "amber", "green", "blue", "grey"
RAG_ORDER = (RAG_RED, RAG_AMBER, RAG_GREEN, RAG_BLUE, RAG_GREY)
RAG_LABELS = {
    RAG_RED: "Red",
    RAG_AMBER: "Amber",
    RAG_GREEN: "Green",
    RAG_BLUE: "Blue (done)",
    RAG_GREY: "Historic",
}
DUE_SOON_DAYS = 30


def _flag(condition):
    """A boolean annotation that is never NULL (a plain Q would give NULL for missing dates)."""
    return Case(When(condition, then=Value(True)), default=Value(False))


class ActionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(plan__review__status=Review.Status.PUBLISHED)

    def with_context(self):
        """The lead, plan, review and board every action row shows."""
        return self.select_related("lead__board", "plan__review__board", "plan__finding")

    def with_flags(self, *, today=None, now=None):
        """Annotate the tracker's flags, computed in the database (SQLite and PostgreSQL alike).

        effective_due_date: the revised due date where there is one, else the original.
        is_overdue: effective due date before today, not done (complete or assured) and the plan
            not historic.
        is_slipped: revised due date later than the original.
        is_stale: not complete and no status update in the last 90 days (or never).
        is_not_smart: no named lead, no determinable date, or the plan has no success measure.
        is_due_soon: not complete and due today or within the next 30 days.
        """
        today = today or timezone.localdate()
        now = now or timezone.now()
        # Done (complete or assured) and historic plans' actions carry no time flags.
        is_open = ~Q(status__in=self.model.DONE_STATUSES) & Q(plan__historic=False)
        return self.annotate(
            effective_due_date=Coalesce("revised_due_date", "due_date"),
        ).annotate(
            is_overdue=_flag(is_open & Q(effective_due_date__lt=today)),
            is_slipped=_flag(Q(revised_due_date__gt=models.F("due_date"))),
            is_stale=_flag(
                is_open
                & (
                    Q(last_update_at__isnull=True)
                    | Q(last_update_at__lt=now - timedelta(days=STALE_AFTER_DAYS))
                )
            ),
            is_not_smart=_flag(
                Q(lead__isnull=True)
                | Q(effective_due_date__isnull=True)
                | Q(plan__success_measure="")
            ),
            is_due_soon=_flag(
                is_open
                & Q(effective_due_date__gte=today)
                & Q(effective_due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
            ),
        )

    def with_rag(self):
        """Annotate `rag`: the action's red/amber/green (blue when done, grey when historic).

        Needs with_flags(). Red: overdue or at risk. Amber: slipped, due within 30 days, not
        started or never updated. Green: in progress and on time. The spreadsheet's RAG column,
        computed the same way for everyone so that a board's RAG means one thing.

        `rag_order` (worst first, RAG_ORDER) is an alias for the RAG sort: selected only when a
        query orders by it, and written from the same conditions rather than from `rag` (a CASE
        over `rag` repeated the whole RAG five times: 20 ms to compile every tracker query).
        """
        status = self.model.Status
        conditions = [
            (Q(plan__historic=True), RAG_GREY),
            (Q(status__in=self.model.DONE_STATUSES), RAG_BLUE),
            (Q(is_overdue=True) | Q(status=status.AT_RISK), RAG_RED),
            (
                Q(is_slipped=True)
                | Q(is_due_soon=True)
                | Q(status__in=[status.NOT_STARTED, status.NO_UPDATE]),
                RAG_AMBER,
            ),
        ]
        return self.annotate(
            rag=Case(
                *(When(condition, then=Value(rag)) for condition, rag in conditions),
                default=Value(RAG_GREEN),
                output_field=models.CharField(),
            ),
        ).alias(
            rag_order=Case(
                *(
                    When(condition, then=Value(RAG_ORDER.index(rag)))
                    for condition, rag in conditions
                ),
                default=Value(RAG_ORDER.index(RAG_GREEN)),
                output_field=models.IntegerField(),
            ),
        )

    def with_latest_note(self):
        """Annotate the newest timeline note and evidence (two subqueries, not a query per row)
        and prefetch each lead's holders (one query for the page)."""
        update_model = apps.get_model("actions", "StatusUpdate")
        newest = update_model.objects.filter(action=OuterRef("pk")).order_by("-created_at", "-pk")
        with_evidence = newest.exclude(evidence="", evidence_url="")
        user_model = apps.get_model(settings.AUTH_USER_MODEL)
        return self.annotate(
            latest_note=Subquery(newest.values("note")[:1]),
            latest_evidence=Subquery(with_evidence.values("evidence")[:1]),
            latest_evidence_url=Subquery(with_evidence.values("evidence_url")[:1]),
        ).prefetch_related(
            Prefetch("lead__holders", queryset=user_model.objects.order_by("username"))
        )

    def updatable_by(self, user):
        """Actions the user may update: those whose lead they hold, or all of a board they manage.

        The user's lead and managed board ids are read first (one query, kept on the user), so
        the actions are found through the indexes on action.lead_id and review.board_id instead
        of testing two EXISTS against every action (a scan of all actions at national scale).
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        who = responsibilities(user)
        by_lead = models.Q(lead_id__in=who.lead_ids)
        by_board = models.Q(plan__review__board_id__in=who.managed_board_ids)
        if who.lead_ids and who.managed_board_ids:
            # A UNION of two indexed id queries: an OR across two tables would scan every action.
            either = (
                self.model.objects.filter(by_lead)
                .order_by()
                .values("pk")
                .union(self.model.objects.filter(by_board).order_by().values("pk"))
            )
            return self.filter(pk__in=either)
        if who.lead_ids:
            return self.filter(by_lead)
        if who.managed_board_ids:
            return self.filter(by_board)
        return self.none()

    def on_boards(self, board_ids):
        """Actions of reviews of these boards (through the review.board_id index)."""
        return self.filter(plan__review__board_id__in=board_ids)

    def led_by(self, user):
        """Actions whose lead the user holds (for reminders: leads, not managers)."""
        return self.filter(lead__holders=user)

    def addressing(self, theme):
        """Published actions whose plan answers a finding on `theme`, board by board."""
        return (
            self.published()
            .filter(plan__finding__themes=theme)
            .distinct()
            .select_related("lead", "plan__review__board", "plan__finding")
            .order_by("plan__review__board__name", "plan__review__name", "plan__order", "order")
        )

    def for_tracker(self):
        """Published actions with their context and flags, in board, review and plan order."""
        return (
            self.published()
            .with_context()
            .with_flags()
            .with_rag()
            .order_by("plan__review__board__name", "plan__review__name", "plan__order", "order")
        )

    def due_dates_for(self, user):
        """The published, dated actions a user may update, soonest first (their calendar feed)."""
        return (
            self.published()
            .with_context()
            .with_flags()
            .updatable_by(user)
            .filter(effective_due_date__isnull=False)
            .order_by("effective_due_date", "pk")
        )

    def with_slip_count(self):
        """Annotate slip_count: how many status updates moved an already set due date."""
        status_update = apps.get_model("actions", "StatusUpdate")
        moves = (
            status_update.objects.filter(
                action=OuterRef("pk"), due_date_from__isnull=False, due_date_to__isnull=False
            )
            .exclude(due_date_to=F("due_date_from"))
            .order_by()
            .values("action")
            .annotate(moves=Count("pk"))
            .values("moves")
        )
        return self.annotate(slip_count=Coalesce(Subquery(moves), 0))

    def open(self):
        """Not done (complete or assured) and not of a historic plan: what can still drift."""
        return self.exclude(status__in=self.model.DONE_STATUSES).filter(plan__historic=False)

    def status_counts(self):
        """Count these actions by chart segment: overdue first (whatever their status), then
        each status of the rest. Needs with_flags(). Keys: "overdue" and each status value with
        "-" as "_" (the chart reads them so), plus "total", "slipped" and "historic"."""
        not_overdue = Q(is_overdue=False)
        counts = {
            status.value.replace("-", "_"): models.Count(
                "pk", filter=not_overdue & Q(status=status.value)
            )
            for status in self.model.Status
        }
        return {
            "total": models.Count("pk"),
            "overdue": models.Count("pk", filter=Q(is_overdue=True)),
            "slipped": models.Count("pk", filter=Q(is_slipped=True)),
            "historic": models.Count("pk", filter=Q(plan__historic=True)),
            **counts,
        }

    def status_counts_by_board(self):
        """One row per board: its name and how many of these actions are in each chart segment
        (overdue apart, then each status: ActionQuerySet.status_counts). Needs with_flags()."""
        return (
            self.order_by()
            .values("plan__review__board__name")
            .annotate(**self.status_counts())
            .order_by("plan__review__board__name")
        )


class StatusUpdateQuerySet(models.QuerySet):
    def timeline(self):
        """Newest first, with the author (whose name is kept even if the account goes)."""
        return self.select_related("author").order_by("-created_at", "-pk")


class UpdateRequestQuerySet(models.QuerySet):
    def open(self):
        """Not yet answered by a status update."""
        return self.filter(answered_at__isnull=True)

    def past_due(self, *, today=None):
        """Open requests whose date has passed."""
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def for_holder(self, user):
        """Requests on actions whose lead the user holds."""
        return self.filter(action__lead__holders=user)

    def on_board(self, board):
        return self.filter(action__plan__review__board=board)

    def with_context(self):
        """The action with its lead, review and board, and who asked."""
        return self.select_related(
            "action__lead", "action__plan__review__board", "requested_by"
        ).order_by("due_date", "pk")


class EscalationQuerySet(models.QuerySet):
    def open(self):
        """Escalated and not yet de-escalated."""
        return self.filter(resolved_at__isnull=True)

    def on_board(self, board):
        return self.filter(action__plan__review__board=board)


def progress_board_ids(user):
    """The boards whose progress notes and evidence the user may read (actions.rules'
    view_action_progress for a whole list, in one query): None means every board (admins).

    The boards of the leads they hold and of their memberships (any role), and, for such a
    partnership user, every board that shares its progress.
    """
    if not user.is_authenticated:
        return frozenset()
    if user.is_active and user.is_superuser:
        return None
    lead_model = apps.get_model("actions", "Lead")
    membership = apps.get_model("actions", "Membership")
    board_model = Review._meta.get_field("board").related_model
    held = (
        lead_model.holders.through.objects.filter(user_id=user.pk)
        .annotate(kind=Value("own"), of_board=models.F("lead__board_id"))
        .order_by()
        .values_list("kind", "of_board")
    )
    member = (
        membership.objects.filter(user_id=user.pk)
        .annotate(kind=Value("own"), of_board=models.F("board_id"))
        .order_by()
        .values_list("kind", "of_board")
    )
    sharing = (
        board_model.objects.filter(shares_progress=True)
        .annotate(kind=Value("shared"), of_board=models.F("pk"))
        .order_by()
        .values_list("kind", "of_board")
    )
    rows = list(held.union(member, sharing, all=True))
    if not any(kind == "own" for kind, _ in rows):
        return frozenset()
    return frozenset(board for _, board in rows)
