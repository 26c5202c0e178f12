"""Pages that compose the knowledge base: home, the theme × board matrix, the theme page and
its printable 7-minute briefing, and the review, board and source-briefing pages.

They read several apps at once, so they sit above all of them (cross-app reads in queries.py).
"""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import DetailView, TemplateView

from actions.models import Action
from findings.models import Finding, Recommendation, ReflectiveQuestion
from reviews.models import Board, Briefing, Review
from themes.models import Theme

from . import queries


def home(request):
    """What the knowledge base holds, a search box, themes with counts, recent reviews."""
    themes = queries.themes_with_finding_counts()
    totals = Review.objects.published().aggregate(
        reviews=Count("pk", distinct=True),
        boards=Count("board", distinct=True),
        findings=Count("findings", distinct=True),
    )
    return render(
        request,
        "browse/home.html",
        {
            "facets": group_by_facet(themes),
            "recent_reviews": Review.objects.recently_published()[:5],
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


# The matrix's shades: fixed steps, so one board with many findings on a theme does not wash
# out every other cell. (number of findings from, shade)
SHADES = [(6, 4), (4, 3), (2, 2), (1, 1)]


def shade(count):
    """0 for no findings, else 1–4: 1, 2–3, 4–5, 6 or more."""
    return next((level for least, level in SHADES if count >= least), 0)


class ThemeListView(TemplateView):
    """The theme × board matrix: which lessons recur where."""

    template_name = "browse/theme_list.html"

    def get_context_data(self, **kwargs):
        themes = list(queries.themes_with_finding_counts())
        boards = list(Board.objects.with_published_reviews())
        counts = {
            (theme_id, board_id): count
            for theme_id, board_id, count in Finding.objects.published().theme_board_counts()
        }
        # A board none of whose findings has a theme yet would be a column of zeros.
        boards = [board for board in boards if any(b == board.pk for _, b in counts)]
        findings_url = reverse("findings:list")
        rows = []
        for theme in themes:
            cells = []
            for board in boards:
                count = counts.get((theme.pk, board.pk), 0)
                cells.append(
                    {
                        "board": board,
                        "count": count,
                        "shade": shade(count),
                        "url": f"{findings_url}?{urlencode({'theme': theme.slug, 'board': board.slug})}",
                    }
                )
            theme.cells = cells
            theme.board_count = sum(1 for cell in cells if cell["count"])
            rows.append(theme)
        return super().get_context_data(
            facets=group_by_facet(rows),
            boards=boards,
            column_count=len(boards) + 2,
            crumbs=[("Themes", None)],
            **kwargs,
        )


class ThemeDetailView(TemplateView):
    """A theme across boards: findings, recommendations, questions, related themes, actions."""

    template_name = "browse/theme_detail.html"

    def get_context_data(self, **kwargs):
        theme = get_object_or_404(Theme, slug=self.kwargs["slug"])
        findings = list(Finding.objects.on_theme(theme))
        boards = {finding.review.board_id for finding in findings}
        return super().get_context_data(
            theme=theme,
            findings=findings,
            board_count=len(boards),
            review_count=len({finding.review_id for finding in findings}),
            recommendations=Recommendation.objects.on_theme(theme),
            questions=ReflectiveQuestion.objects.on_theme(theme),
            related=queries.co_occurring_themes(theme)[:6],
            actions=Action.objects.addressing(theme),
            crumbs=self.crumbs(theme),
            **kwargs,
        )

    def crumbs(self, theme):
        return [("Themes", reverse("browse:theme-index")), (theme.name, None)]


class SevenMinuteBriefingView(ThemeDetailView):
    """The theme on one printable page, for a team meeting (see the print rules in site.css)."""

    template_name = "browse/seven_minute_briefing.html"
    FINDINGS_SHOWN = 5

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["spread"] = self.spread(context["findings"])
        return context

    def spread(self, findings):
        """Up to FINDINGS_SHOWN findings, one from each board before a second from any."""
        firsts, rest, seen = [], [], set()
        for finding in findings:
            board = finding.review.board_id
            (rest if board in seen else firsts).append(finding)
            seen.add(board)
        return (firsts + rest)[: self.FINDINGS_SHOWN]

    def crumbs(self, theme):
        return [
            ("Themes", reverse("browse:theme-index")),
            (theme.name, theme.get_absolute_url()),
            ("7-minute briefing", None),
        ]


class ReviewDetailView(DetailView):
    """A review: family, findings, recommendations, action plans, and what it covers."""

    template_name = "browse/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return queries.reviews_for_detail()

    def get_context_data(self, **kwargs):
        crumbs = [("Reviews", reverse("reviews:review-list")), (self.object.name, None)]
        return super().get_context_data(crumbs=crumbs, **kwargs)


class BoardDetailView(TemplateView):
    """A board: its published reviews and its theme profile."""

    template_name = "browse/board_detail.html"

    def get_context_data(self, **kwargs):
        board = get_object_or_404(Board.objects.visible(), slug=self.kwargs["slug"])
        reviews = Review.objects.published().for_board(board).with_finding_counts()
        profile = list(queries.board_theme_profile(board))
        for theme in profile:
            theme.shade = shade(theme.finding_count)
        return super().get_context_data(
            board=board,
            reviews=reviews,
            profile=profile,
            crumbs=[("Boards", reverse("reviews:board-list")), (board.name, None)],
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
