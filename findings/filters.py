"""The findings list's filters: board, theme, facet, review kind, year and words, all in the URL."""

import django_filters
from django import forms
from django.db.models import Sum

from core.widgets import YEAR_INPUT
from reviews.models import Board, Review
from themes.models import Theme

from . import search
from .models import Finding, ThemeBoardCount


class FindingFilter(django_filters.FilterSet):
    """Filters for /findings/ (and its CSV export): several boards or themes match any of them."""

    q = django_filters.CharFilter(
        method="filter_words",
        label="Words",
        help_text="Finds other forms of a word too: “neglected” finds “neglect”.",
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        method="filter_themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Theme",
    )
    board = django_filters.ModelMultipleChoiceFilter(
        field_name="review__board__slug",
        to_field_name="slug",
        queryset=Board.objects.with_published_reviews(),
        widget=forms.CheckboxSelectMultiple,
        label="Board",
    )
    board_name = django_filters.CharFilter(
        method="narrow_board_options",
        label="Find a board by name",
        help_text="Lists only the boards whose name holds these letters (selected ones stay).",
    )
    region = django_filters.ChoiceFilter(
        field_name="review__board__region",
        choices=Board.Region.choices,
        empty_label="Any region",
        label="Region",
    )
    facet = django_filters.ChoiceFilter(
        method="filter_facet",
        choices=Theme.Facet.choices,
        empty_label="Either",
        label="Kind of theme",
    )
    review_kind = django_filters.MultipleChoiceFilter(
        field_name="review__kind",
        choices=Review.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Kind of review",
    )
    year = django_filters.NumberFilter(
        field_name="review__year",
        label="Year of review",
        min_value=1970,
        max_value=2100,
        widget=YEAR_INPUT,
    )

    class Meta:
        model = Finding
        fields = []

    def filter_words(self, queryset, name, value):
        """Stemmed full-text match on the finding's label, title and text (see search.py)."""
        return search.matching(queryset, value)

    def narrow_board_options(self, queryset, name, value):
        """Filters no finding: it narrows the board checkboxes shown (views.grouped_board_options),
        so that 150 boards can be searched without JavaScript."""
        return queryset

    def filter_themes(self, queryset, name, value):
        """Findings on any of the themes: a subquery of the theme table, so no DISTINCT (which
        would sort every match at national scale)."""
        if not value:
            return queryset
        through = Finding.themes.through.objects.filter(theme__in=value)
        return queryset.filter(pk__in=through.values("finding_id"))

    def filter_facet(self, queryset, name, value):
        """Findings with at least one theme in the facet (risk to the child, or practice)."""
        through = Finding.themes.through.objects.filter(theme__facet=value)
        return queryset.filter(pk__in=through.values("finding_id"))

    def known_count(self):
        """The number of findings the filters give, from the pre-aggregated counts, when they are
        only one theme, boards and a region (the matrix's and theme page's links); else None."""
        if not self.is_bound or not self.is_valid():
            return None
        data = self.form.cleaned_data
        if any(
            data.get(name) for name in ("q", "facet", "review_kind", "year")
        ):  # board_name: none
            return None
        themes = data.get("theme") or []
        if len(themes) > 1:
            return None
        counts = (
            ThemeBoardCount.objects.filter(theme=themes[0])
            if themes
            else (ThemeBoardCount.objects.totals())
        )
        if data.get("board"):
            counts = counts.filter(board__in=data["board"])
        if data.get("region"):
            counts = counts.filter(board__region=data["region"])
        return counts.aggregate(total=Sum("findings"))["total"] or 0
