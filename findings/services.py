"""Writes of the findings app: keeping the pre-aggregated counts right."""

from django.db import transaction
from django.db.models import Count, Max, Min

from core import pagecache
from reviews.models import Review

from .models import CountsVersion, Finding, ThemeBoardCount

PUBLISHED = Review.Status.PUBLISHED


@transaction.atomic(savepoint=False)
def refresh_counts(*, board_ids=None):
    """Recount the published findings of `board_ids` (every board if None), theme by theme.

    Three grouped queries over the boards' rows, one delete, one bulk insert: cheap for a board
    (what publishing or editing one review changes), about a second for the national corpus.
    """
    reviews = Review.objects.filter(status=PUBLISHED)
    through = Finding.themes.through.objects.filter(finding__review__status=PUBLISHED)
    findings = Finding.objects.filter(review__status=PUBLISHED)
    existing = ThemeBoardCount.objects.all()
    if board_ids is not None:
        board_ids = list(board_ids)
        reviews = reviews.filter(board_id__in=board_ids)
        through = through.filter(finding__review__board_id__in=board_ids)
        findings = findings.filter(review__board_id__in=board_ids)
        existing = existing.filter(board_id__in=board_ids)
    by_board = {
        row["board_id"]: row
        for row in reviews.order_by()
        .values("board_id")
        .annotate(reviews=Count("pk"), first_year=Min("year"), last_year=Max("year"))
    }
    finding_totals = {
        row["review__board_id"]: row
        for row in findings.order_by()
        .values("review__board_id")
        .annotate(findings=Count("pk"), latest=Max("pk"))
    }
    rows = [
        ThemeBoardCount(
            board_id=board_id,
            theme=None,
            findings=finding_totals.get(board_id, {}).get("findings", 0),
            reviews=row["reviews"],
            first_year=row["first_year"],
            last_year=row["last_year"],
            latest_finding_id=finding_totals.get(board_id, {}).get("latest"),
        )
        for board_id, row in by_board.items()
    ]
    rows += [
        ThemeBoardCount(
            board_id=row["finding__review__board_id"],
            theme_id=row["theme_id"],
            findings=row["findings"],
            reviews=row["reviews"],
            first_year=row["first_year"],
            last_year=row["last_year"],
            latest_finding_id=row["latest"],
        )
        for row in through.order_by()
        .values("finding__review__board_id", "theme_id")
        .annotate(
            findings=Count("finding_id"),
            reviews=Count("finding__review_id", distinct=True),
            first_year=Min("finding__review__year"),
            last_year=Max("finding__review__year"),
            latest=Max("finding_id"),
        )
    ]
    existing.delete()
    ThemeBoardCount.objects.bulk_create(rows, batch_size=1000)
    CountsVersion.bump()  # the pages' cached fragments are keyed by it (browse/fragments.py)
    pagecache.bump_on_commit()  # and the cached whole pages (core/pagecache.py), after commit
