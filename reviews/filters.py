"""The reviews list's filters and sort order, all in the URL."""

import django_filters
from django import forms

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

    def sort_by(self, queryset, name, value):
        """Order by one of SORTS' named orders (an unknown name is a form error, not a crash)."""
        return queryset.order_by(*self.SORTS[value])
