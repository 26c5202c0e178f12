"""The findings list's filters: board, theme, facet, review kind, year and words, all in the URL."""

import django_filters
from django import forms

from core.widgets import YEAR_INPUT
from reviews.models import Board, Review
from themes.models import Theme

from . import search
from .models import Finding


class FindingFilter(django_filters.FilterSet):
    """Filters for /findings/ (and its CSV export): several boards or themes match any of them."""

    q = django_filters.CharFilter(
        method="filter_words",
        label="Words",
        help_text="Finds other forms of a word too: “neglected” finds “neglect”.",
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Theme",
        distinct=True,
    )
    board = django_filters.ModelMultipleChoiceFilter(
        field_name="review__board__slug",
        to_field_name="slug",
        queryset=Board.objects.with_published_reviews(),
        widget=forms.CheckboxSelectMultiple,
        label="Board",
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

    def filter_facet(self, queryset, name, value):
        """Findings with at least one theme in the facet (risk to the child, or practice)."""
        return queryset.filter(themes__facet=value).distinct()


class SearchForm(forms.Form):
    """The search box: words in websearch syntax (“quoted phrase”, or, -word) and a page."""

    q = forms.CharField(label="Search the learning", max_length=200, required=False, strip=True)
    page = forms.IntegerField(min_value=1, required=False)
