"""The action tracker's FilterSet: board, lead, status, flag and a due-date range."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from reviews.models import Board

from .forms import DateInput
from .models import Action, Lead

FLAG_FIELDS = {
    "overdue": "is_overdue",
    "slipped": "is_slipped",
    "stale": "is_stale",
    "not-smart": "is_not_smart",
}


def boards_with_actions(request):
    return Board.objects.filter(
        Exists(Action.objects.published().filter(plan__review__board=OuterRef("pk")))
    )


def leads_with_actions(request):
    return Lead.objects.filter(
        Exists(Action.objects.published().filter(lead=OuterRef("pk")))
    ).select_related("board")


class TrackerFilter(django_filters.FilterSet):
    """Filters over Action.objects.for_tracker() (which annotates the flags and due date)."""

    board = django_filters.ModelChoiceFilter(
        label="Board",
        field_name="plan__review__board",
        to_field_name="slug",
        queryset=boards_with_actions,
        empty_label="All boards",
        widget=forms.Select(attrs={"class": "select"}),
    )
    lead = django_filters.ModelChoiceFilter(
        queryset=leads_with_actions,
        empty_label="All leads",
        widget=forms.Select(attrs={"class": "select"}),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Action.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    flag = django_filters.ChoiceFilter(
        label="Flag",
        choices=[
            ("overdue", "Overdue"),
            ("slipped", "Slipped (revised later than original)"),
            ("stale", "No update in 90 days"),
            ("not-smart", "Not SMART"),
        ],
        empty_label="Any",
        method="filter_flag",
        widget=forms.Select(attrs={"class": "select"}),
    )
    due_from = django_filters.DateFilter(
        label="Due from",
        field_name="effective_due_date",
        lookup_expr="gte",
        widget=DateInput(),
    )
    due_to = django_filters.DateFilter(
        label="Due by",
        field_name="effective_due_date",
        lookup_expr="lte",
        widget=DateInput(),
    )

    class Meta:
        model = Action
        fields = ["board", "lead", "status", "flag", "due_from", "due_to"]

    def filter_flag(self, queryset, name, value):
        """Keep the actions carrying the chosen flag (annotated by ActionQuerySet.with_flags)."""
        return queryset.filter(**{FLAG_FIELDS[value]: True})
