"""Reviews (filterable list, CSV); their pages, and the boards list, are in browse/."""

from django.db.models import Prefetch
from django.urls import reverse
from django_filters.views import FilterView

from core.checkboxes import cached_checkboxes, model_options
from core.exports import csv_response

from .filters import ReviewFilter
from .models import Review


class AlwaysFiltered:
    """Bind the filters even to an empty query string, so that ReviewFilter.filter_queryset
    (which keeps the reviews that stand on their own) runs on the plain list too."""

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}


def checkboxes(bound_field, legend=""):
    """The field's fieldset of checkboxes (includes/checkboxes.html), cached by what is ticked."""
    return cached_checkboxes(
        f"reviews-{bound_field.name}",
        bound_field,
        "includes/checkboxes.html",
        lambda: {"field": bound_field, "legend": legend, "options": model_options(bound_field)},
    )


class ReviewListView(AlwaysFiltered, FilterView):
    """Published reviews, filtered by board, kind, year range and theme, in a chosen order."""

    filterset_class = ReviewFilter
    template_name = "reviews/review_list.html"
    paginate_by = 25
    strict = True

    def get_queryset(self):
        """Published reviews (ReviewFilter keeps those that stand on their own unless boards are
        chosen), each with the reviews it covers listed under it (a prefetch: one query a page)."""
        covered = Review.objects.published().select_related("board").order_by("-year", "name")
        return (
            Review.objects.published()
            .select_related("board")
            .with_finding_counts()
            .prefetch_related(Prefetch("covers", queryset=covered, to_attr="covered_reviews"))
            .order_by("-year", "name")
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        """The plain list's count comes from the pre-aggregated counts."""
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        known = self.filterset.known_count() if queryset is self.filterset.qs else None
        if known is not None:
            paginator.count = known
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        context["export_url"] = reverse("reviews:review-export") + (f"?{query}" if query else "")
        context["crumbs"] = [("Reviews", None)]
        form = context["filter"].form
        # 150 boards and the themes: rendered once per content version and ticked values (with a
        # shared cache), not on every request.
        context["board_checkboxes"] = checkboxes(form["board"])
        context["theme_checkboxes"] = checkboxes(form["theme"], "Reviews with findings on")
        return context


class ReviewExportView(AlwaysFiltered, FilterView):
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
            for review in self.object_list.iterator(chunk_size=2000)
        )
        return csv_response("reviews.csv", header, rows)
