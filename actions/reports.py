"""What a board's dashboard and annual-report section say: a few grouped queries each, no N+1.

The pages (actions/board_views.py) and the .docx (actions/docx.py) read these dataclasses.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

from findings.services import dissemination_counts
from reviews.models import Review
from themes.models import Theme

from .charts import bar_chart, stacked_bars
from .models import Action, Escalation, StatusUpdate

OLDEST_OVERDUE = 10
MOST_SLIPPED = 10
EVIDENCE_EXAMPLES = 8


def board_actions(board):
    """The board's published actions with their flags and RAG."""
    return Action.objects.published().on_boards([board.pk]).with_flags().with_rag()


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


@dataclass
class Dashboard:
    """A board's actions at a glance, for its meeting."""

    counts: dict
    status_chart: dict
    flag_chart: dict
    lead_chart: dict
    oldest_overdue: list
    most_slipped: list
    done: int = 0
    assured_share: int = 0
    flags: list = field(default_factory=list)
    learning_used: dict = field(default_factory=dict)


def dashboard(board, *, today=None):
    """Counts by status and flag, assured share, oldest overdue, slippage and counts by lead."""
    actions = board_actions(board)
    counts = actions.aggregate(
        **actions.status_counts(),
        due_soon=Count("pk", filter=Q(is_due_soon=True)),
        stale=Count("pk", filter=Q(is_stale=True)),
        # Historic plans carry no flags (their tags are hidden too): only open plans count.
        not_smart=Count("pk", filter=Q(is_not_smart=True, plan__historic=False)),
        complete_all=Count("pk", filter=Q(status=Action.Status.COMPLETE)),
        assured_all=Count("pk", filter=Q(status=Action.Status.ASSURED)),
    )
    counts = {key: value or 0 for key, value in counts.items()}
    done = counts["complete_all"] + counts["assured_all"]
    by_lead = (
        actions.order_by()
        .values("lead__name")
        .annotate(**actions.status_counts())
        .order_by("-total", "lead__name")
    )
    flags = [
        ("Overdue", counts["overdue"]),
        ("Slipped (revised later than original)", counts["slipped"]),
        ("Due in the next 30 days", counts["due_soon"]),
        ("No update in 90 days", counts["stale"]),
        ("Not SMART", counts["not_smart"]),
        ("Historic plan", counts["historic"]),
    ]
    statuses = [
        ("Overdue (any status)", counts["overdue"]),
        *(
            (status.label, counts[status.value.replace("-", "_")])
            for status in Action.Status
            if status.value != "complete"
        ),
        ("Complete (not assured)", counts["complete"]),
    ]
    oldest = list(
        actions.filter(is_overdue=True)
        .select_related("lead", "plan__review")
        .order_by("effective_due_date", "pk")[:OLDEST_OVERDUE]
    )
    slipped = list(
        actions.filter(is_slipped=True)
        .select_related("lead", "plan__review")
        .order_by("due_date", "pk")
    )
    for action in slipped:
        action.slipped_days = (action.revised_due_date - action.due_date).days
    slipped.sort(key=lambda action: -action.slipped_days)
    return Dashboard(
        counts=counts,
        status_chart=bar_chart(statuses),
        flag_chart=bar_chart(flags),
        lead_chart=stacked_bars(by_lead, label_key="lead__name"),
        oldest_overdue=oldest,
        most_slipped=slipped[:MOST_SLIPPED],
        done=done,
        assured_share=percent(counts["assured_all"], done),
        flags=flags,
        # Its teams' records of using the learning in practice (findings.Dissemination).
        learning_used=dissemination_counts(board=board),
    )


@dataclass
class AnnualReport:
    """“What we did as a result of reviews” for a board and a period."""

    board: object
    start: date
    end: date
    reviews: list
    themes: list
    counts: dict
    done_in_period: int
    assured_in_period: int
    evidence: list
    escalations: list
    escalations_note: str
    learning_used: dict = field(default_factory=dict)


def annual_report(board, start, end):
    """The section partnerships write every year, for `board` from `start` to `end` inclusive.

    Reviews published in the period (by publication date, else by year), the themes of their
    findings, the board's actions by status and flag now, the actions completed and assured in
    the period (from the timeline), and examples of evidence of impact from assured updates.
    """
    in_period = Q(published_at__date__gte=start, published_at__date__lte=end) | Q(
        published_at__isnull=True, year__gte=start.year, year__lte=end.year
    )
    reviews = list(
        Review.objects.published()
        .filter(board=board)
        .filter(in_period)
        .order_by(F("published_at").asc(nulls_first=True), "year", "name")
    )
    themes = []
    if reviews:
        themes = list(
            Theme.objects.filter(findings__review__in=[review.pk for review in reviews])
            .annotate(finding_count=Count("findings", distinct=True))
            .order_by("-finding_count", "name")[:15]
        )
    actions = board_actions(board)
    counts = actions.aggregate(
        **actions.status_counts(),
        complete_all=Count("pk", filter=Q(status=Action.Status.COMPLETE)),
        assured_all=Count("pk", filter=Q(status=Action.Status.ASSURED)),
    )
    counts = {key: value or 0 for key, value in counts.items()}
    updates = StatusUpdate.objects.filter(
        action__plan__review__board=board,
        action__plan__review__status=Review.Status.PUBLISHED,
        created_at__date__gte=start,
        created_at__date__lte=end,
    )
    moved = updates.aggregate(
        done=Count("action", filter=Q(to_status=Action.Status.COMPLETE), distinct=True),
        assured=Count("action", filter=Q(to_status=Action.Status.ASSURED), distinct=True),
    )
    evidence = list(
        updates.filter(to_status=Action.Status.ASSURED)
        .exclude(evidence="", evidence_url="")
        .select_related("action__plan__review")
        .order_by("-created_at", "-pk")[:EVIDENCE_EXAMPLES]
    )
    # Escalations: the actions a manager escalated to the board in the period (the escalation
    # list's entries, actions.Escalation), with the latest reason, first escalated first.
    in_period = Escalation.objects.filter(
        action=OuterRef("pk"), created_at__date__gte=start, created_at__date__lte=end
    ).order_by("-created_at", "-pk")
    escalations = list(
        actions.filter(Exists(in_period))
        .annotate(
            escalation_reason=Subquery(in_period.values("reason")[:1]),
            escalated_at=Subquery(in_period.values("created_at")[:1]),
        )
        .select_related("lead", "plan__review")
        .order_by("escalated_at", "pk")[:20]
    )
    return AnnualReport(
        board=board,
        start=start,
        end=end,
        reviews=reviews,
        themes=themes,
        counts=counts,
        done_in_period=moved["done"] or 0,
        assured_in_period=moved["assured"] or 0,
        evidence=evidence,
        escalations=escalations,
        learning_used=dissemination_counts(board=board, period=(start, end)),
        escalations_note=(
            "Actions a board manager escalated to the board in the period, with the reason "
            "given (the first 20, earliest first)."
        ),
    )
