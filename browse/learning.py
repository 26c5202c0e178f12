"""Reads for “learned before” and the recurrence views: when a theme came up in which board's
reviews, and what the action plans answering those findings achieved.

Every read is bounded: a board's findings, a page of boards' findings on a theme, or the findings
of the few boards the counts table (findings.ThemeBoardCount) says found a theme earlier.
"""

from django.db.models import Count, Q

from actions.models import Action
from findings.models import Finding, ThemeBoardCount
from reviews.models import Review

EARLIER_SHOWN = 5
EARLIER_BOARDS = 20
PUBLISHED = Review.Status.PUBLISHED
OUTCOMES = ("complete", "assured", "open", "overdue", "historic")
OUTCOME_LABELS = {
    "complete": "Complete",
    "assured": "Assured",
    "open": "Open",
    "overdue": "Overdue",
    "historic": "Historic",
}


def outcome_counts(actions, *group_by):
    """{group key: {"total", "complete", "assured", "open", "overdue", "historic"}}: the actions
    bucketed by what they achieved, in one grouped query. Done statuses win (an assured action
    of a historic plan is assured); then historic plans (closed without a recorded outcome);
    then overdue (past its due date, not done); the rest are open."""
    done = Q(status__in=Action.DONE_STATUSES)
    rows = (
        actions.with_flags()
        .order_by()
        .values(*group_by)
        .annotate(
            total=Count("pk"),
            complete=Count("pk", filter=Q(status=Action.Status.COMPLETE)),
            assured=Count("pk", filter=Q(status=Action.Status.ASSURED)),
            historic=Count("pk", filter=Q(plan__historic=True) & ~done),
            overdue=Count("pk", filter=Q(is_overdue=True)),
        )
    )
    result = {}
    for row in rows:
        key = tuple(row[name] for name in group_by)
        counts = {
            name: row[name] for name in ("total", "complete", "assured", "historic", "overdue")
        }
        counts["open"] = counts["total"] - sum(counts[name] for name in OUTCOMES if name != "open")
        result[key if len(key) > 1 else key[0]] = counts
    return result


def empty_outcomes():
    return dict.fromkeys(("total", *OUTCOMES), 0)


def learned_before(finding):
    """Earlier findings on `finding`'s themes: {"same_board": [...], "other_boards": [...]},
    each finding with `shared_themes` and `outcomes` (its answering actions by outcome).

    Earlier: from a review of an earlier year (or, where the finding's review has no year,
    added before it). Four queries, none if the finding has no theme; `finding`'s themes should
    be prefetched. Other boards are the EARLIER_BOARDS with most findings on the themes that
    found them earlier (read from the counts table), one finding each: bounded work.
    """
    theme_ids = {theme.pk for theme in finding.themes.all()}
    if not theme_ids:
        return {"same_board": [], "other_boards": [], "themed": False}
    through = Finding.themes.through.objects.filter(theme_id__in=theme_ids)
    year = finding.review.year
    earlier = Q(review__year__lt=year) if year else Q(pk__lt=finding.pk)
    board_id = finding.review.board_id
    base = (
        Finding.objects.published()
        .filter(earlier)
        .exclude(review_id=finding.review_id)
        .select_related("review__board")
        .order_by("-review__year", "-pk")
    )
    same = list(
        base.filter(review__board_id=board_id, pk__in=through.values("finding_id"))[:EARLIER_SHOWN]
    )
    # Other boards: those whose first finding on these themes is earlier (the counts table, by
    # its (theme, board) index), most findings first, at most EARLIER_BOARDS of them; then their
    # earlier findings on the themes, newest first, one per board.
    boards = ThemeBoardCount.objects.filter(theme_id__in=theme_ids).exclude(board_id=board_id)
    boards = boards.filter(first_year__lt=year) if year else boards
    boards = boards.order_by("-findings", "board_id").values("board_id")[:EARLIER_BOARDS]
    others = []
    seen = set()
    for other in base.filter(review__board_id__in=boards, pk__in=through.values("finding_id"))[
        : EARLIER_SHOWN * 4
    ]:
        if other.review.board_id not in seen and len(others) < EARLIER_SHOWN:
            seen.add(other.review.board_id)
            others.append(other)
    shown = same + others
    if shown:
        themes_of = {}
        for row in (
            Finding.themes.through.objects.filter(
                finding_id__in=[f.pk for f in shown], theme_id__in=theme_ids
            )
            .select_related("theme")
            .order_by("theme__facet", "theme__order", "theme__name")
        ):
            themes_of.setdefault(row.finding_id, []).append(row.theme)
        outcomes = outcome_counts(
            Action.objects.filter(plan__finding_id__in=[f.pk for f in shown]), "plan__finding_id"
        )
        for other in shown:
            other.shared_themes = themes_of.get(other.pk, [])
            other.outcomes = outcomes.get(other.pk, empty_outcomes())
    return {"same_board": same, "other_boards": others, "themed": True}


def recurring_boards(rows, limit=10):
    """Of a theme's counts rows, the boards where it came up in more than one review, most
    reviews first (no query: the rows are the theme page's)."""
    recurring = [row for row in rows if row.reviews > 1]
    recurring.sort(key=lambda row: (-row.reviews, -(row.last_year or 0), row.board.name))
    return recurring[:limit], len(recurring)


def theme_board_rows(theme):
    """The theme's counts rows (one per board), boards where it recurred most first."""
    return (
        ThemeBoardCount.objects.filter(theme=theme)
        .select_related("board")
        .order_by("-reviews", "-findings", "board__name")
    )


def theme_recurrence(theme, board_ids):
    """{board id: [review row, …]} for `board_ids`: each published review with findings on
    `theme`, oldest first, with `findings` (how many on the theme) and `outcomes` (the actions
    answering them). Two grouped queries over those boards' findings on the theme."""
    on_theme = Finding.themes.through.objects.filter(
        theme=theme, finding__review__board_id__in=board_ids
    ).filter(finding__review__status=PUBLISHED)
    reviews = (
        on_theme.order_by()
        .values(
            "finding__review_id",
            "finding__review__board_id",
            "finding__review__name",
            "finding__review__slug",
            "finding__review__year",
        )
        .annotate(findings=Count("finding_id"))
    )
    outcomes = outcome_counts(
        Action.objects.filter(plan__finding_id__in=on_theme.values("finding_id")),
        "plan__review_id",
    )
    by_board = {}
    for row in reviews:
        counts = outcomes.get(row["finding__review_id"], empty_outcomes())
        by_board.setdefault(row["finding__review__board_id"], []).append(review_row(row, counts))
    for rows in by_board.values():
        rows.sort(key=lambda row: (row["year"] or 0, row["name"]))
    return by_board


def review_row(row, outcomes):
    """A review's line in a recurrence table, from a grouped row and its actions' outcomes."""
    return {
        "id": row["finding__review_id"],
        "name": row["finding__review__name"],
        "slug": row["finding__review__slug"],
        "year": row["finding__review__year"],
        "findings": row["findings"],
        "outcomes": outcomes,
    }


def board_recurrence(board):
    """[(theme, [review row, …]), …] for `board`: every theme of its published findings, the
    themes that came up in most reviews first, each review oldest first with `findings` and
    `outcomes`. Two grouped queries over one board's findings."""
    on_board = Finding.themes.through.objects.filter(
        finding__review__board=board, finding__review__status=PUBLISHED
    )
    reviews = (
        on_board.order_by()
        .values(
            "theme_id",
            "theme__name",
            "theme__slug",
            "finding__review_id",
            "finding__review__name",
            "finding__review__slug",
            "finding__review__year",
        )
        .annotate(findings=Count("finding_id"))
    )
    outcomes = outcome_counts(
        Action.objects.filter(plan__finding_id__in=on_board.values("finding_id")),
        "plan__finding__themes",
        "plan__review_id",
    )
    by_theme = {}
    names = {}
    for row in reviews:
        theme_id = row["theme_id"]
        names[theme_id] = (row["theme__name"], row["theme__slug"])
        counts = outcomes.get((theme_id, row["finding__review_id"]), empty_outcomes())
        by_theme.setdefault(theme_id, []).append(review_row(row, counts))
    result = []
    for theme_id, rows in by_theme.items():
        rows.sort(key=lambda row: (row["year"] or 0, row["name"]))
        name, slug = names[theme_id]
        result.append(
            {
                "name": name,
                "slug": slug,
                "reviews": rows,
                "years": sorted({row["year"] for row in rows if row["year"]}),
            }
        )
    result.sort(key=lambda theme: (-len(theme["reviews"]), theme["name"]))
    return result
