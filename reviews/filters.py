"""The reviews list's filters and sort order, all in the URL."""

import django_filters
from django import forms
from django.db.models import Sum

from core.widgets import YEAR_INPUT
from themes.models import Theme

from .models import Board, Review


class ReviewFilter(django_filters.FilterSet):
    """Filters for /reviews/ (and its CSV export): several boards, kinds or themes match any."""

    SORTS = {
        "newest": ("-year", "name"),
        "oldest": ("year", "name"),
        "name": ("name",),
        "board": ("board__name", "-year", "name"),
        "published": ("-published_at", "name"),
    }

    board = django_filters.ModelMultipleChoiceFilter(
        field_name="board__slug",
        to_field_name="slug",
        queryset=Board.objects.with_published_reviews(),
        widget=forms.CheckboxSelectMultiple,
        label="Board",
        distinct=False,  # a review has one board: no duplicate rows, so no DISTINCT sort
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Review.Kind.choices, widget=forms.CheckboxSelectMultiple, label="Kind of review"
    )
    year_from = django_filters.NumberFilter(
        field_name="year",
        lookup_expr="gte",
        label="From year",
        min_value=1970,
        max_value=2100,
        widget=YEAR_INPUT,
    )
    year_to = django_filters.NumberFilter(
        field_name="year",
        lookup_expr="lte",
        label="To year",
        min_value=1970,
        max_value=2100,
        widget=YEAR_INPUT,
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="findings__themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Theme",
        distinct=True,
    )
    sort = django_filters.ChoiceFilter(
        method="sort_by",
        choices=[
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
            ("name", "Name"),
            ("board", "Board"),
            ("published", "Recently added"),
        ],
        empty_label=None,
        label="Sort by",
    )

    class Meta:
        model = Review
        fields = []

    def filter_queryset(self, queryset):
        """The filters; and unless boards are chosen, only the reviews that stand on their own
        (a covered review with no findings is listed under the review covering it, but a board's
        own list shows it, so that every board chosen has its reviews)."""
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("board"):
            queryset = queryset.top_level()
        return queryset

    def known_count(self):
        """The number of reviews listed when no filter is chosen (a sort alone), from the
        pre-aggregated counts (findings' ThemeBoardCount, whose per-board totals count these
        same reviews: published and standing on their own), so the plain list never runs
        COUNT(*) over every review; else None. The counts are reached through Board's reverse
        relation: the findings app sits above this one."""
        if not self.is_valid() or any(
            self.form.cleaned_data.get(name)
            for name in ("board", "kind", "year_from", "year_to", "theme")
        ):
            return None
        counts = Board.theme_counts.rel.related_model.objects.totals()
        return counts.aggregate(total=Sum("reviews"))["total"] or 0

    def sort_by(self, queryset, name, value):
        """Order by one of SORTS' named orders (an unknown name is a form error, not a crash)."""
        return queryset.order_by(*self.SORTS[value])
