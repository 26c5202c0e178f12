"""The findings list's filters: board, theme, facet, review kind, year and words, all in the URL."""

import django_filters
from django import forms
from django.db.models import Q, Sum

from core.widgets import YEAR_INPUT
from reviews.models import Board, Review
from themes.models import Theme

from . import search
from .models import Finding, ThemeBoardCount


class FindingFilterForm(forms.Form):
    """The filters' form: a year range must run forwards."""

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", f"Enter a year that is {first} or later")
        return data


class FindingFilter(django_filters.FilterSet):
    """Filters for /findings/ (and its CSV export): several boards match any of them, several
    themes any or all of them (theme_match); years as a range, undated findings on request."""

    UNDATED_CHOICES = [
        ("", "Leave them out when a year is chosen"),
        ("include", "Include them"),
        ("only", "Show only them"),
    ]

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
    theme_match = django_filters.ChoiceFilter(
        method="keep",
        choices=[("all", "All of the ticked themes")],
        empty_label="Any of the ticked themes",
        label="Findings on",
        help_text="With several themes ticked: findings on any of them, or only on all of them.",
    )
    board = django_filters.ModelMultipleChoiceFilter(
        field_name="review__board__slug",
        to_field_name="slug",
        queryset=Board.objects.with_published_reviews(),
        widget=forms.CheckboxSelectMultiple,
        label="Board",
        distinct=False,  # a review has one board: no duplicate rows, so no DISTINCT sort
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
    year_from = django_filters.NumberFilter(
        method="keep", label="From year", min_value=1970, max_value=2100, widget=YEAR_INPUT
    )
    year_to = django_filters.NumberFilter(
        method="keep", label="To year", min_value=1970, max_value=2100, widget=YEAR_INPUT
    )
    undated = django_filters.ChoiceFilter(
        method="keep",
        choices=UNDATED_CHOICES[1:],
        empty_label=UNDATED_CHOICES[0][1],
        label="Findings whose review has no year",
        help_text="About half of the findings come from reviews that give no year.",
    )

    class Meta:
        model = Finding
        fields = []
        form = FindingFilterForm

    def keep(self, queryset, name, value):
        """Filters nothing by itself: read together with other filters (filter_queryset,
        filter_themes)."""
        return queryset

    def filter_queryset(self, queryset):
        """The filters, then the year range and undated findings, which read one another."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        first, last, undated = data.get("year_from"), data.get("year_to"), data.get("undated")
        if undated == "only":
            return queryset.filter(review__year__isnull=True)
        if first is None and last is None:
            return queryset
        in_range = Q()
        if first is not None:
            in_range &= Q(review__year__gte=first)
        if last is not None:
            in_range &= Q(review__year__lte=last)
        if undated == "include":
            in_range |= Q(review__year__isnull=True)
        return queryset.filter(in_range)

    def filter_words(self, queryset, name, value):
        """Stemmed full-text match on the finding's label, title and text (see search.py)."""
        return search.matching(queryset, value)

    def narrow_board_options(self, queryset, name, value):
        """Filters no finding: it narrows the board checkboxes shown (views.grouped_board_options),
        so that 150 boards can be searched without JavaScript."""
        return queryset

    def filter_themes(self, queryset, name, value):
        """Findings on any of the themes (or on all of them, theme_match=all): a subquery of
        the theme table per condition, so no DISTINCT (which would sort every match at national
        scale)."""
        if not value:
            return queryset
        through = Finding.themes.through.objects
        if self.form.cleaned_data.get("theme_match") == "all":
            for theme in value:
                queryset = queryset.filter(pk__in=through.filter(theme=theme).values("finding_id"))
            return queryset
        return queryset.filter(pk__in=through.filter(theme__in=value).values("finding_id"))

    def filter_facet(self, queryset, name, value):
        """Findings with at least one theme in the facet (risk to the child, or practice)."""
        through = Finding.themes.through.objects.filter(theme__facet=value)
        return queryset.filter(pk__in=through.values("finding_id"))

    def known_count(self):
        """The number of findings the filters give, from the pre-aggregated counts, when they are
        only one theme, boards and a region (the matrix's and theme page's links), or none at all
        (the plain list: COUNT(*) there read every published finding); else None."""
        if self.is_bound and not self.is_valid():
            return None
        data = self.form.cleaned_data if self.is_bound else {}
        if any(
            data.get(name)
            for name in ("q", "facet", "review_kind", "year", "year_from", "year_to", "undated")
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
