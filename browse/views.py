"""Pages that compose the knowledge base: home, the theme × board matrix, the theme page and
its printable 7-minute briefing, and the review, board and source-briefing pages.

They read several apps at once, so they sit above all of them (cross-app reads in queries.py).
"""

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import DetailView, TemplateView

from findings.models import Recommendation, ReflectiveQuestion, ThemeBoardCount
from findings.services import dissemination_by_board, dissemination_totals
from reviews.models import Board, Briefing, Review
from themes.models import Theme

from . import learning, queries
from .fragments import cached_fragment, theme_learning_sections


def healthz(request):
    """“ok”, touching nothing: for load balancers, and the floor of the benchmark."""
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    """What the knowledge base holds, a search box, themes with counts, recent reviews.

    Three queries whatever the size: the counts are pre-aggregated (findings.ThemeBoardCount).
    """
    totals = queries.totals()
    return render(
        request,
        "browse/home.html",
        {
            "facets": group_by_facet(queries.themes_with_finding_counts()),
            "recent_reviews": Review.objects.recently_published().top_level()[:5],
            "review_count": totals["reviews"],
            "board_count": totals["boards"],
            "finding_count": totals["findings"],
        },
    )


def group_by_facet(themes):
    """[(facet label, [themes…]), …] in facet order, for lists grouped under headings."""
    labels = dict(Theme.Facet.choices)
    groups = {}
    for theme in themes:
        groups.setdefault(theme.facet, []).append(theme)
    return [(labels[facet], groups[facet]) for facet in labels if facet in groups]


def shade(count, most):
    """0 for none, else 1–4: the cell's share of the largest cell, in quarters."""
    return 0 if not count else max(1, min(4, -(-4 * count // max(most, 1))))


def findings_url(**params):
    """/findings/?… (the list's address is reversed once per process, not once per cell)."""
    global _FINDINGS_URL
    _FINDINGS_URL = _FINDINGS_URL or reverse("findings:list")
    return f"{_FINDINGS_URL}?{urlencode(params)}"


_FINDINGS_URL = ""


class ThemeListView(TemplateView):
    """The theme × region matrix (which lessons recur where), and for one region (?region=…)
    the theme × board matrix of its boards. The rendered matrix is cached under the counts
    version (browse/fragments.py): one query when it is, four when it is not."""

    template_name = "browse/theme_list.html"

    def get_context_data(self, **kwargs):
        region = self.request.GET.get("region", "")
        labels = dict(Board.Region.choices)
        if region not in labels:
            region = ""
        matrix, built = cached_fragment(
            "matrix", [region], "browse/includes/theme_matrix.html", lambda: self.matrix(region)
        )
        crumbs = [("Themes", reverse("browse:theme-index") if region else None)]
        if region:
            crumbs.append((labels[region], None))
        context = {**(built or {}), "matrix": matrix, "crumbs": crumbs}
        context.update(region=region, region_label=labels.get(region, ""))
        return super().get_context_data(**context, **kwargs)

    def matrix(self, region):
        """The matrix's context: three queries (only when its cached fragment is missing)."""
        themes = list(queries.themes_with_finding_counts())
        if region:
            columns = [
                {
                    "label": row.board.name,
                    "short": row.board.area or row.board.name,
                    "url": row.board.get_absolute_url(),
                    "key": row.board_id,
                    "filter": {"board": row.board.slug},
                }
                for row in queries.board_totals(region)
            ]
            counts = {
                (row.theme_id, row.board_id): row.findings
                for row in ThemeBoardCount.objects.on_themes().filter(board__region=region)
            }
        else:
            columns = [
                {
                    "label": f"{label} ({boards} board{'s' if boards != 1 else ''})",
                    "short": label,
                    "url": f"?{urlencode({'region': value})}",
                    "key": value,
                    "filter": {"region": value},
                }
                for value, label, boards in queries.regions_with_boards()
            ]
            counts = {key: findings for key, (findings, _) in queries.region_counts().items()}
        most = max(counts.values(), default=0)
        for theme in themes:
            theme.cells = []
            for column in columns:
                count = counts.get((theme.pk, column["key"]), 0)
                theme.cells.append(
                    {
                        "column": column,
                        "count": count,
                        "shade": shade(count, most),
                        "url": findings_url(theme=theme.slug, **column["filter"]),
                    }
                )
        return {
            "facets": group_by_facet(themes),
            "columns": columns,
            "region": region,
            "region_label": dict(Board.Region.choices).get(region, ""),
            "column_count": len(columns) + 2,
        }


class ThemeDetailView(TemplateView):
    """A theme across 150 boards, in bounded work: what it is, how many findings from how many
    boards over which years, a few recent findings per region with links to all of them, and
    recommendations, questions and actions a page at a time (never counted)."""

    template_name = "browse/theme_detail.html"
    BOARDS_PER_REGION = 3

    def get_context_data(self, **kwargs):
        theme = get_object_or_404(queries.theme_with_own_learning(), slug=self.kwargs["slug"])
        rows = list(queries.theme_board_counts(theme))
        # The regions section (150 boards and their latest findings) is cached rendered, under
        # the counts version: its findings' query and most of the rendering happen on a miss.
        findings_section, built = cached_fragment(
            "theme-regions",
            [theme.pk],
            "browse/includes/theme_regions.html",
            lambda: {"theme": theme, "regions": self.regions(theme, rows)},
        )
        built = {"regions": built["regions"]} if built else {}
        summary = queries.theme_summary(rows)
        # Recommendations, questions, actions, related themes: cached under the content version.
        learning_sections, learning_built = theme_learning_sections(
            theme, self.request, summary["finding_count"]
        )
        return super().get_context_data(
            theme=theme,
            **built,
            **learning_built,
            findings_section=findings_section,
            learning_sections=learning_sections,
            region_count=len({row.board.region for row in rows}),
            **summary,
            crumbs=self.crumbs(theme),
            # Learned before and its use in practice (browse/includes/theme_learning.html).
            recurring=learning.recurring_boards(rows),
            use=dissemination_by_board(theme=theme),
            **kwargs,
        )

    def regions(self, theme, rows):
        """Per region with findings on the theme (in Region order): its boards' counts, the
        latest finding of each of its BOARDS_PER_REGION boards with most, and a link to all."""
        by_region = {}
        for row in rows:
            by_region.setdefault(row.board.region, []).append(row)
        picks = [
            row.latest_finding_id
            for region_rows in by_region.values()
            for row in region_rows[: self.BOARDS_PER_REGION]
        ]
        findings = queries.latest_findings(picks, families=True) if picks else {}
        return [
            {
                "value": value,
                "label": label,
                "finding_count": sum(row.findings for row in by_region[value]),
                "boards": [
                    (row, findings_url(theme=theme.slug, board=row.board.slug))
                    for row in by_region[value]
                ],
                "findings": [
                    findings[row.latest_finding_id]
                    for row in by_region[value][: self.BOARDS_PER_REGION]
                    if row.latest_finding_id in findings
                ],
                "url": findings_url(theme=theme.slug, region=value),
            }
            for value, label in Board.Region.choices
            if value in by_region
        ]

    def crumbs(self, theme):
        return [("Themes", reverse("browse:theme-index")), (theme.name, None)]


class SevenMinuteBriefingView(TemplateView):
    """The theme on one printable page, for a team meeting (see the print rules in site.css)."""

    template_name = "browse/seven_minute_briefing.html"
    FINDINGS_SHOWN = 6
    PER_BOARD = 2

    def get_context_data(self, **kwargs):
        theme = get_object_or_404(queries.theme_with_own_learning(), slug=self.kwargs["slug"])
        rows = list(queries.theme_board_counts(theme, boards=False))  # numbers and ids only
        # Up to PER_BOARD findings from each of the boards with most findings on the theme.
        picks = queries.briefing_picks(theme, rows, self.FINDINGS_SHOWN, self.PER_BOARD)
        findings = queries.latest_findings(picks) if picks else {}
        return super().get_context_data(
            theme=theme,
            spread=[findings[pk] for pk in picks if pk in findings],
            **queries.theme_summary(rows),
            recommendations=queries.learning_on_theme(Recommendation, theme)[:3],
            questions=queries.learning_on_theme(ReflectiveQuestion, theme)[:4],
            actions=queries.actions_on_theme(theme, 3),
            related=queries.co_occurring_themes(theme)[:3],
            crumbs=[
                ("Themes", reverse("browse:theme-index")),
                (theme.name, theme.get_absolute_url()),
                ("7-minute briefing", None),
            ],
            **kwargs,
        )


class ReviewDetailView(DetailView):
    """A review: family, findings, recommendations, action plans, and what it covers."""

    template_name = "browse/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return queries.reviews_for_detail()

    def get_context_data(self, **kwargs):
        crumbs = [("Reviews", reverse("reviews:review-list")), (self.object.name, None)]
        use = dissemination_totals(review=self.object)  # teams that used it (issue 14)
        return super().get_context_data(crumbs=crumbs, use=use, **kwargs)


class BoardListView(TemplateView):
    """Boards with published reviews, grouped by region, with how many reviews and findings each
    has (one query, from the pre-aggregated counts)."""

    template_name = "browse/board_list.html"

    def get_context_data(self, **kwargs):
        labels = dict(Board.Region.choices)
        groups = {}
        for row in queries.board_totals():
            groups.setdefault(row.board.region, []).append(row)
        regions = [(value, labels[value], groups[value]) for value in labels if value in groups]
        return super().get_context_data(regions=regions, crumbs=[("Boards", None)], **kwargs)


class BoardDetailView(TemplateView):
    """A board: its published reviews, a page at a time, and its theme profile. Five queries:
    the board (with its published reviews' number from the pre-aggregated counts, so the pager
    never runs COUNT(*)), a page of reviews and the reviews they cover, the profile, and the
    board's reviews that another review covers (listed apart, with the review covering them)."""

    template_name = "browse/board_detail.html"
    REVIEWS_PAGE = 20
    COVERED_SHOWN = 50

    def get_context_data(self, **kwargs):
        review_total = ThemeBoardCount.objects.totals().filter(board=OuterRef("pk"))
        board = get_object_or_404(
            Board.objects.visible().annotate(
                review_total=Subquery(review_total.values("reviews")[:1])
            ),
            slug=self.kwargs["slug"],
        )
        paginator = Paginator(
            queries.top_level_reviews().for_board(board).with_finding_counts(), self.REVIEWS_PAGE
        )
        paginator.count = board.review_total or 0  # kept right on publishing (refresh_counts)
        reviews = paginator.get_page(self.request.GET.get("page"))
        profile = list(queries.board_theme_profile(board))
        most = max((theme.finding_count for theme in profile), default=0)
        for theme in profile:
            theme.shade = shade(theme.finding_count, most)
        return super().get_context_data(
            board=board,
            use=dissemination_totals(board=board),  # its teams' use of learning (issue 14)
            reviews=reviews,
            page_obj=reviews,
            profile=profile,
            covered=list(queries.covered_reviews_of(board)[: self.COVERED_SHOWN]),
            covered_shown=self.COVERED_SHOWN,
            crumbs=[("Boards", reverse("browse:board-list")), (board.name, None)],
            **kwargs,
        )


class BriefingDetailView(DetailView):
    """A source briefing's whole text, line by line, with an anchor on every line."""

    template_name = "browse/briefing_detail.html"
    context_object_name = "briefing"

    def get_queryset(self):
        return Briefing.objects.published()

    def get_context_data(self, **kwargs):
        findings_by_line = queries.findings_by_line(self.object)
        lines = [
            (number, text, findings_by_line.get(number, []))
            for number, text in enumerate(self.object.full_text.splitlines(), start=1)
        ]
        return super().get_context_data(
            lines=lines,
            reviews=Review.objects.published().filter(briefing=self.object).select_related("board"),
            crumbs=[("Reviews", reverse("reviews:review-list")), (self.object.title, None)],
            **kwargs,
        )


class ThemeRecurrenceView(TemplateView):
    """When a theme came up in which boards' reviews, year by year, and what the action plans
    answering those findings achieved: boards where it recurred most first, BOARDS_PAGE at a
    time. Four queries: the theme, its counts rows, the page's reviews, their actions."""

    template_name = "browse/theme_recurrence.html"
    BOARDS_PAGE = 10

    def get_context_data(self, **kwargs):
        theme = get_object_or_404(Theme, slug=self.kwargs["slug"])
        paginator = Paginator(list(learning.theme_board_rows(theme)), self.BOARDS_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        by_board = learning.theme_recurrence(theme, [row.board_id for row in page]) if page else {}
        boards = [
            {
                "board": row.board,
                "reviews": by_board.get(row.board_id, []),
                "lines": learning.by_year(by_board.get(row.board_id, [])),
                "years": sorted({r["year"] for r in by_board.get(row.board_id, []) if r["year"]}),
            }
            for row in page
        ]
        return super().get_context_data(
            theme=theme,
            boards=[board for board in boards if board["reviews"]],
            page_obj=page,
            recurring_count=sum(1 for row in paginator.object_list if row.reviews > 1),
            outcome_labels=learning.OUTCOME_LABELS,
            crumbs=[
                ("Themes", reverse("browse:theme-index")),
                (theme.name, theme.get_absolute_url()),
                ("Recurrence", None),
            ],
            **kwargs,
        )


class BoardRecurrenceView(TemplateView):
    """A board's themes across its reviews and years: which lessons came up again, and what each
    plan achieved, THEMES_PAGE themes at a time. Three queries: the board, its reviews by theme,
    their actions (one board's findings: bounded)."""

    template_name = "browse/board_recurrence.html"
    THEMES_PAGE = 10

    def get_context_data(self, **kwargs):
        board = get_object_or_404(Board.objects.visible(), slug=self.kwargs["slug"])
        themes = learning.board_recurrence(board)
        page = Paginator(themes, self.THEMES_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            board=board,
            themes=page.object_list,
            page_obj=page,
            recurring_count=sum(1 for theme in themes if len(theme["reviews"]) > 1),
            outcome_labels=learning.OUTCOME_LABELS,
            crumbs=[
                ("Boards", reverse("browse:board-list")),
                (board.name, board.get_absolute_url()),
                ("Recurring themes", None),
            ],
            **kwargs,
        )
