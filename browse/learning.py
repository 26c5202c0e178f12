"""Reads for “learned before” and the recurrence views: when a theme came up in which board's
reviews, and what the action plans answering those findings achieved.

Every read is bounded: a board's findings, a page of boards' findings on a theme, or the findings
of the few boards the counts table (findings.ThemeBoardCount) says found a theme earlier.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from actions.models import Action
from findings.models import Finding, ThemeBoardCount
from reviews.models import Review

EARLIER_SHOWN = 5
EARLIER_BOARDS = 20
# Per query: the latest earlier reviews of the boards looked at. A review holds about ten
# findings, so 25 of them give far more than EARLIER_SHOWN findings on any common theme, and
# every review looked at costs a walk of its findings and a test of each one's themes.
EARLIER_REVIEWS = 25
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
    added before it). Five queries (four when no other board found its themes earlier), none if
    the finding has no theme; `finding`'s themes should be prefetched. Other boards are the
    EARLIER_BOARDS with most findings on the themes that found them earlier (read from the
    counts table), one finding each: bounded work.
    """
    theme_ids = {theme.pk for theme in finding.themes.all()}
    if not theme_ids:
        return {"same_board": [], "other_boards": [], "themed": False}
    year = finding.review.year
    board_id = finding.review.board_id
    # Other boards: those whose first finding on these themes is earlier (the counts table, by
    # its (theme, board) index), most findings first, at most EARLIER_BOARDS of them. Read first,
    # as a list: the earlier reviews' walk then tests each board in a hashed list, where a
    # subquery made it a nested loop over every review of the year (800 at 150,000 findings).
    boards = ThemeBoardCount.objects.filter(theme_id__in=theme_ids).exclude(board_id=board_id)
    boards = boards.filter(first_year__lt=year) if year else boards
    boards = list(
        boards.order_by("-findings", "board_id").values_list("board_id", flat=True)[:EARLIER_BOARDS]
    )
    same = list(earlier_findings(finding, theme_ids, [board_id])[:EARLIER_SHOWN])
    others = []
    seen = set()
    for other in (
        earlier_findings(finding, theme_ids, boards)[: EARLIER_SHOWN * 4] if boards else ()
    ):
        if other.review.board_id not in seen and len(others) < EARLIER_SHOWN:  # one per board
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


def earlier_findings(finding, theme_ids, board_ids):
    """Published findings on `theme_ids` of `board_ids` (a list or a subquery) earlier than
    `finding`, newest first. Walks the boards' latest EARLIER_REVIEWS earlier reviews (the
    review's board index), their findings (the (review, order) index) and tests each one's
    themes (the (finding, theme) unique index): never the whole theme, which may hold 20,000."""
    year = finding.review.year
    reviews = Review.objects.published().filter(board_id__in=board_ids)
    reviews = reviews.filter(year__lt=year) if year else reviews.filter(pk__lt=finding.review_id)
    reviews = reviews.exclude(pk=finding.review_id).order_by("-year", "-pk").values("pk")
    on_themes = Finding.themes.through.objects.filter(
        finding_id=OuterRef("pk"), theme_id__in=theme_ids
    )
    return (
        Finding.objects.filter(review_id__in=reviews[:EARLIER_REVIEWS])
        .filter(Exists(on_themes))
        .select_related("review__board")
        .order_by("-review__year", "-pk")
    )


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


REVIEWS_NAMED = 3  # per year in a recurrence table; the rest are “and N more”


def by_year(review_rows):
    """A board's (or theme's) review rows, oldest first, grouped into one line per year: its
    reviews (the first REVIEWS_NAMED named), findings and outcomes summed. What the table
    shows: a national corpus gives a board dozens of reviews on a common theme."""
    years = {}
    for row in review_rows:
        years.setdefault(row["year"], []).append(row)
    lines = []
    for year, rows in years.items():
        outcomes = empty_outcomes()
        for row in rows:
            for name in outcomes:
                outcomes[name] += row["outcomes"][name]
        lines.append(
            {
                "year": year,
                "reviews": rows[:REVIEWS_NAMED],
                "more": len(rows) - REVIEWS_NAMED if len(rows) > REVIEWS_NAMED else 0,
                "review_count": len(rows),
                "findings": sum(row["findings"] for row in rows),
                "outcomes": outcomes,
            }
        )
    return lines


def review_url(slug):
    """A review's address, the prefix reversed once per process (a table may have 1,000 rows)."""
    global _REVIEW_URL
    _REVIEW_URL = _REVIEW_URL or reverse("browse:review-detail", args=["-"])[:-2]
    return f"{_REVIEW_URL}{slug}/"


_REVIEW_URL = ""


def review_row(row, outcomes):
    """A review's line in a recurrence table, from a grouped row and its actions' outcomes."""
    return {
        "id": row["finding__review_id"],
        "url": review_url(row["finding__review__slug"]),
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
                "lines": by_year(rows),
                "years": sorted({row["year"] for row in rows if row["year"]}),
            }
        )
    result.sort(key=lambda theme: (-len(theme["reviews"]), theme["name"]))
    return result
