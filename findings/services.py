"""Writes of the findings app: keeping the pre-aggregated counts right, recording that learning
reached practice (dissemination) and the learning digest's subscriptions."""

from django.db import transaction
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import Coalesce

from core import pagecache
from reviews.models import Review

from .models import CountsVersion, DigestSubscription, Dissemination, Finding, ThemeBoardCount

PUBLISHED = Review.Status.PUBLISHED


@transaction.atomic(savepoint=False)
def refresh_counts(*, board_ids=None):
    """Recount the published findings of `board_ids` (every board if None), theme by theme.

    Three grouped queries over the boards' rows, one delete, one bulk insert: cheap for a board
    (what publishing or editing one review changes), about a second for the national corpus.
    """
    # A covered review with no findings of its own (its learning is in the thematic or
    # national review that covers it) is not counted as a review of its board.
    reviews = Review.objects.filter(status=PUBLISHED).top_level()
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


DISSEMINATION_FIELDS = ("board", "used_on", "team", "agency", "people", "changes")


@transaction.atomic
def record_dissemination(*, user, resource, theme=None, review=None, **fields):
    """Record that `user`'s team used `theme`'s page or 7-minute briefing, or `review`.

    `fields` are DISSEMINATION_FIELDS (validated by the form; the database checks people ≥ 1
    and that exactly one of theme or review is given, as the resource requires).
    """
    return Dissemination.objects.create(
        user=user, resource=resource, theme=theme, review=review, **fields
    )


@transaction.atomic
def update_dissemination(*, record, user, **fields):
    """Change `record`'s details; only the user who made it may (PermissionError otherwise)."""
    if not user.is_authenticated or record.user_id != user.pk:
        raise PermissionError("Only the person who recorded it may change this record.")
    for name in DISSEMINATION_FIELDS:
        if name in fields:
            setattr(record, name, fields[name])
    record.save()
    return record


def dissemination_counts(*, board=None, period=None, theme=None, review=None):
    """How often learning was used in practice: for the board dashboard and the annual report.

    Optionally only `board`'s teams, records used within `period` (a (first, last) pair of
    dates, both included; either may be None), one `theme` or one `review`. Returns
    {"records", "people", "by_theme": [{theme, records, people}], "by_review": [...],
    "by_board": [...]}, each list most used first. Three grouped queries.
    """
    records = Dissemination.objects.all()
    if board is not None:
        records = records.filter(board=board)
    if theme is not None:
        records = records.filter(theme=theme)
    if review is not None:
        records = records.filter(review=review)
    if period is not None:
        first, last = period
        if first is not None:
            records = records.filter(used_on__gte=first)
        if last is not None:
            records = records.filter(used_on__lte=last)

    def grouped(*fields):
        return list(
            records.order_by()
            .values(*fields)
            .annotate(records=Count("pk"), people=Sum("people"))
            .order_by("-records", "-people", *fields)
        )

    by_theme = grouped("theme_id", "theme__name", "theme__slug")
    themed = [row for row in by_theme if row["theme_id"] is not None]
    by_review = [
        row for row in grouped("review_id", "review__name", "review__slug") if row["review_id"]
    ]
    by_board = grouped("board_id", "board__name", "board__slug")
    return {
        "records": sum(row["records"] for row in by_board),
        "people": sum(row["people"] or 0 for row in by_board),
        "by_theme": themed,
        "by_review": by_review,
        "by_board": by_board,
    }


def dissemination_totals(*, theme=None, review=None, board=None):
    """{"records", "people", "boards"} recorded for `theme`, `review` or `board` (one query),
    for the counts their pages show."""
    records = Dissemination.objects.all()
    for name, value in (("theme", theme), ("review", review), ("board", board)):
        if value is not None:
            records = records.filter(**{name: value})
    return records.aggregate(
        records=Count("pk"),
        people=Coalesce(Sum("people"), 0),
        boards=Count("board_id", distinct=True),
    )


def dissemination_by_board(*, theme=None, review=None, shown=5):
    """{"records", "people", "boards", "by_board": [{board__name, board__slug, records, people}]}
    for `theme` or `review`: the totals and the `shown` partnerships that used it most (one
    grouped query; the totals are summed from it)."""
    records = Dissemination.objects.all()
    if theme is not None:
        records = records.filter(theme=theme)
    if review is not None:
        records = records.filter(review=review)
    rows = list(
        records.order_by()
        .values("board__name", "board__slug")
        .annotate(records=Count("pk"), people=Sum("people"))
        .order_by("-records", "-people", "board__name")
    )
    return {
        "records": sum(row["records"] for row in rows),
        "people": sum(row["people"] for row in rows),
        "boards": len(rows),
        "by_board": rows[:shown],
    }


@transaction.atomic
def save_digest_subscription(*, user, themes):
    """Subscribe `user` to a weekly digest of new findings on `themes` (none: unsubscribe).

    A new subscription starts now: its first digest holds what is published from now on.
    """
    themes = list(themes)
    if not themes:
        DigestSubscription.objects.filter(user=user).delete()
        return None
    subscription, _ = DigestSubscription.objects.get_or_create(user=user)
    subscription.themes.set(themes)
    return subscription
