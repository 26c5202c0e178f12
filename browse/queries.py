"""Reads that combine apps for the browse pages: themes counted by their published findings,
a board's theme profile, and a review or briefing with everything its page shows.

The lower apps' QuerySets each read their own models; what needs two of them lives here, above
both, so that no lower app reaches up (see the layer contract in pyproject.toml).
"""

from django.db.models import Count, Prefetch, Q

from actions.models import Action, ActionPlan
from findings.models import Finding, Recommendation
from reviews.models import Review
from themes.models import Theme

PUBLISHED = Review.Status.PUBLISHED


def themes_with_finding_counts():
    """Themes annotated `finding_count`, the number of published findings on each."""
    return Theme.objects.annotate(
        finding_count=Count("findings", filter=Q(findings__review__status=PUBLISHED), distinct=True)
    )


def co_occurring_themes(theme):
    """Other themes by how many published findings they share with `theme`, most first."""
    return (
        Theme.objects.exclude(pk=theme.pk)
        .filter(findings__themes=theme, findings__review__status=PUBLISHED)
        .annotate(shared=Count("findings", distinct=True))
        .order_by("-shared", "facet", "order", "name")
    )


def board_theme_profile(board):
    """Themes of `board`'s published findings, annotated `finding_count`, most first."""
    return (
        Theme.objects.filter(findings__review__board=board, findings__review__status=PUBLISHED)
        .annotate(finding_count=Count("findings", distinct=True))
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
