"""Reads that combine apps for the browse pages: themes counted by their published findings,
a board's theme profile, and a review or briefing with everything its page shows.

The lower apps' QuerySets each read their own models; what needs two of them lives here, above
both, so that no lower app reaches up (see the layer contract in pyproject.toml).
"""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from actions.models import Action, ActionPlan
from findings.models import Finding, Recommendation, ReflectiveQuestion, ThemeBoardCount
from reviews.models import Board, Review
from themes.models import Theme

PUBLISHED = Review.Status.PUBLISHED


def themes_with_finding_counts():
    """Themes annotated `finding_count` and `board_count`, from the pre-aggregated counts."""
    return Theme.objects.annotate(
        finding_count=Coalesce(Sum("board_counts__findings"), 0),
        board_count=Count("board_counts"),
    )


def totals():
    """{"reviews", "boards", "findings"}: what the knowledge base holds (published), one query."""
    row = ThemeBoardCount.objects.totals().aggregate(
        reviews=Coalesce(Sum("reviews"), 0),
        findings=Coalesce(Sum("findings"), 0),
        boards=Count("pk"),
    )
    return row


def region_counts():
    """{(theme id, region): (findings, boards)} over every board, one query."""
    rows = (
        ThemeBoardCount.objects.on_themes()
        .order_by()
        .values_list("theme_id", "board__region")
        .annotate(findings=Sum("findings"), boards=Count("pk"))
    )
    return {(theme, region): (findings, boards) for theme, region, findings, boards in rows}


def regions_with_boards():
    """[(region value, label, number of boards with published reviews)] in Region order."""
    counts = dict(
        ThemeBoardCount.objects.totals()
        .order_by()
        .values_list("board__region")
        .annotate(boards=Count("pk"))
    )
    return [
        (value, label, counts[value]) for value, label in Board.Region.choices if value in counts
    ]


def board_totals(region=None):
    """The totals rows (one per board with published reviews) with their board, by name."""
    rows = ThemeBoardCount.objects.totals().select_related("board").order_by("board__name")
    return rows.filter(board__region=region) if region else rows


def theme_board_counts(theme, *, boards=True):
    """The theme's counts rows, one per board with a published finding on it, most first (with
    their board unless `boards` is False: 150 fewer objects where only the numbers are read)."""
    rows = ThemeBoardCount.objects.filter(theme=theme).order_by("-findings", "board__name")
    return rows.select_related("board") if boards else rows


def theme_summary(rows):
    """Findings, boards, reviews and first/last year over a theme's counts rows (in Python)."""
    years = [y for row in rows for y in (row.first_year, row.last_year) if y]
    return {
        "finding_count": sum(row.findings for row in rows),
        "board_count": len(rows),
        "review_count": sum(row.reviews for row in rows),
        "first_year": min(years, default=None),
        "last_year": max(years, default=None),
    }


def latest_findings(finding_ids, *, families=False):
    """{pk: finding} with context (and families), for a theme's representative findings."""
    findings = Finding.objects.published().filter(pk__in=finding_ids).with_context()
    if families:
        findings = findings.prefetch_related("review__families")
    return {finding.pk: finding for finding in findings}


def briefing_picks(theme, rows, shown, per_board):
    """Ids of up to `shown` findings on `theme` for its 7-minute briefing, board by board: up
    to `per_board` from each of the boards with most findings on it (`rows`, most first), their
    latest first, going on to the next board until `shown` are picked.

    Bounded: each board's latest is in its counts row; the others come from the theme's newest
    RELATED_SAMPLE findings (one query on the (theme, finding) index and the findings' board).
    """
    top = rows[:shown]
    if not top:
        return []
    by_board = {
        row.board_id: [row.latest_finding_id] if row.latest_finding_id else [] for row in top
    }
    sample = (
        Finding.objects.published()
        .filter(pk__in=theme_finding_ids(theme).order_by("-finding_id")[:RELATED_SAMPLE])
        .filter(review__board_id__in=list(by_board))
        .order_by("-pk")
        .values_list("pk", "review__board_id")
    )
    for pk, board_id in sample:
        picked = by_board[board_id]
        if pk not in picked and len(picked) < per_board:
            picked.append(pk)
    return [pk for row in top for pk in by_board[row.board_id]][:shown]


def theme_finding_ids(theme):
    """A subquery of the ids of findings on `theme` (the theme table alone: no join)."""
    return Finding.themes.through.objects.filter(theme=theme).values("finding_id")


def theme_with_own_learning():
    """Themes annotated `has_own_recommendation` and `has_own_reflectivequestion`: whether any
    recommendation (question) is tagged with the theme itself, not only through its finding
    (read with the theme: no more queries; learning_on_theme uses them)."""
    return Theme.objects.annotate(
        **{
            f"has_own_{model._meta.model_name}": Exists(
                model.themes.through.objects.filter(theme=OuterRef("pk"))
            )
            for model in (Recommendation, ReflectiveQuestion)
        }
    )


def learning_on_theme(model, theme):
    """Published recommendations (or questions) on `theme`, most recently added first.

    Through their finding or their own themes. Through the finding alone (the common case),
    PostgreSQL reads it as a semi-join and walks the newest rows until a page is full; with an
    OR of the two, it hashed every finding on the theme first (5 ms for neglect at 150,000,
    growing with the theme). So the own-themes branch is added only when the theme has such
    rows (as `theme_with_own_learning` tells; a theme read without it is assumed to have some).
    """
    name = model._meta.model_name
    on_theme = Q(finding_id__in=theme_finding_ids(theme))
    if getattr(theme, f"has_own_{name}", True):
        own = model.themes.through.objects.filter(theme=theme).values(name + "_id")
        on_theme |= Q(pk__in=own)
    return (
        model.objects.published()
        .filter(on_theme)
        .select_related("review__board", "finding")
        .order_by("-pk")
    )


def actions_on_theme(theme, limit):
    """The `limit` published actions whose plan answers one of the latest RELATED_SAMPLE
    findings on `theme`, most recently added first (bounded: the theme may hold tens of
    thousands). One query: their ids are picked by a narrow subquery (about 1,000 candidate
    actions for neglect at 150,000), and only those rows are read with their lead, plan,
    review, board and finding (sorting every candidate with all those columns took 3x longer)."""
    latest = theme_finding_ids(theme).order_by("-finding_id")[:RELATED_SAMPLE]
    ids = (
        Action.objects.published()
        .filter(plan__finding_id__in=latest)
        .order_by("-pk")
        .values("pk")[:limit]
    )
    return (
        Action.objects.filter(pk__in=ids)
        .select_related("lead", "plan__review__board", "plan__finding")
        .order_by("-pk")
    )


RELATED_SAMPLE = 500


def co_occurring_themes(theme):
    """Other themes by how many of `theme`'s latest RELATED_SAMPLE published findings they share,
    most first: bounded work on a theme of any size (the (theme, finding) index gives them)."""
    latest = (
        Finding.themes.through.objects.filter(theme=theme)
        .order_by("-finding_id")
        .values("finding_id")[:RELATED_SAMPLE]
    )
    return (
        Theme.objects.exclude(pk=theme.pk)
        .filter(findings__in=latest, findings__review__status=PUBLISHED)
        .annotate(shared=Count("findings"))
        .order_by("-shared", "facet", "order", "name")
    )


def board_theme_profile(board):
    """Themes of `board`'s published findings, annotated `finding_count`, most first (from the
    pre-aggregated counts: one query)."""
    return (
        Theme.objects.filter(board_counts__board=board)
        .annotate(finding_count=F("board_counts__findings"))
        .order_by("-finding_count", "facet", "order", "name")
    )


def reviews_for_detail():
    """Published reviews with everything the review page shows, prefetched."""
    published_with_board = Review.objects.published().select_related("board")
    return (
        Review.objects.published()
        .select_related("board", "briefing")
        .prefetch_related(
            "families",
            Prefetch("findings__themes", queryset=Theme.objects.order_by("facet", "order", "name")),
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("finding")),
            "reflective_questions",
            Prefetch("action_plans", queryset=ActionPlan.objects.select_related("finding")),
            Prefetch("action_plans__actions", queryset=Action.objects.select_related("lead")),
            Prefetch("covers", queryset=published_with_board),
            Prefetch("covered_by", queryset=published_with_board),
        )
    )


def findings_by_line(briefing):
    """{line number: [published findings starting on it]} for a briefing's page."""
    by_line = {}
    for finding in Finding.objects.in_briefing(briefing):
        if finding.source_line_start:
            by_line.setdefault(finding.source_line_start, []).append(finding)
    return by_line


def top_level_reviews():
    """Published reviews that stand on their own, each with `covered_reviews`: the published
    reviews it covers (a thematic analysis's), read by one prefetch per page."""
    covered = Review.objects.published().select_related("board").order_by("-year", "name")
    return (
        Review.objects.published()
        .top_level()
        .select_related("board")
        .prefetch_related(Prefetch("covers", queryset=covered, to_attr="covered_reviews"))
        .order_by("-year", "name")
    )


def covered_reviews_of(board):
    """`board`'s published reviews that another published review covers and that hold no
    findings of their own, each annotated with the covering review's name and slug (one query)."""
    covering = Review.covers.through.objects.filter(
        to_review=OuterRef("pk"), from_review__status=PUBLISHED
    ).order_by("-from_review__year")
    return (
        Review.objects.published()
        .covered_shells()
        .for_board(board)
        .annotate(
            covering_name=Subquery(covering.values("from_review__name")[:1]),
            covering_slug=Subquery(covering.values("from_review__slug")[:1]),
        )
        .order_by("-year", "name")
    )
