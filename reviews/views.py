"""Reviews (filterable list, CSV, page), boards (list, page) and source briefings."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from themes.models import Theme
from themes.views import shade

from .csv_export import csv_response
from .filters import ReviewFilter
from .models import Board, Briefing, Review


class ReviewListView(FilterView):
    """Published reviews, filtered by board, kind, year range and theme, in a chosen order."""

    filterset_class = ReviewFilter
    template_name = "reviews/review_list.html"
    paginate_by = 25
    strict = True

    def get_queryset(self):
        return (
            Review.objects.published()
            .select_related("board")
            .with_finding_counts()
            .order_by("-year", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        context["export_url"] = reverse("reviews:review-export") + (f"?{query}" if query else "")
        context["crumbs"] = [("Reviews", None)]
        return context


class ReviewExportView(FilterView):
    """The reviews list, as filtered and sorted, as CSV."""

    filterset_class = ReviewFilter
    strict = True

    def get_queryset(self):
        return (
            Review.objects.published()
            .select_related("board")
            .with_finding_counts()
            .order_by("-year", "name")
        )

    def render_to_response(self, context, **response_kwargs):
        base = self.request.build_absolute_uri("/")[:-1]
        header = ["name", "board", "kind", "year", "practice period", "findings", "url"]
        rows = (
            [
                review.name,
                review.board.name,
                review.get_kind_display(),
                review.year or "",
                review.practice_period,
                review.finding_count,
                base + review.get_absolute_url(),
            ]
            for review in self.object_list
        )
        return csv_response("reviews.csv", header, rows)


class ReviewDetailView(DetailView):
    """A review: family, findings, recommendations, action plans, and what it covers."""

    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return Review.objects.for_detail()

    def get_context_data(self, **kwargs):
        crumbs = [("Reviews", reverse("reviews:review-list")), (self.object.name, None)]
        return super().get_context_data(crumbs=crumbs, **kwargs)


class BoardListView(ListView):
    """Boards with published reviews, with how many reviews and findings each has."""

    template_name = "reviews/board_list.html"
    context_object_name = "boards"

    def get_queryset(self):
        return Board.objects.with_published_reviews().with_published_counts()

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[("Boards", None)], **kwargs)


class BoardDetailView(TemplateView):
    """A board: its published reviews and its theme profile."""

    template_name = "reviews/board_detail.html"

    def get_context_data(self, **kwargs):
        board = get_object_or_404(Board.objects.visible(), slug=self.kwargs["slug"])
        reviews = Review.objects.published().for_board(board).with_finding_counts()
        profile = list(Theme.objects.profile_of_board(board))
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

    template_name = "reviews/briefing_detail.html"
    context_object_name = "briefing"

    def get_queryset(self):
        return Briefing.objects.published()

    def get_context_data(self, **kwargs):
        from findings.models import Finding  # findings depends on reviews, not the other way

        findings_by_line = {}
        for finding in Finding.objects.in_briefing(self.object):
            if finding.source_line_start:
                findings_by_line.setdefault(finding.source_line_start, []).append(finding)
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
