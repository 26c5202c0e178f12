"""The action tracker's FilterSet: board, lead, status, flag and a due-date range."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from reviews.models import Board

from .forms import DateInput
from .models import Action, Lead
from .querysets import responsibilities

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


YOURS, ALL = "yours", "all"


class TrackerFilter(django_filters.FilterSet):
    """Filters over Action.objects.for_tracker() (which annotates the flags and due date).

    A lead or board manager sees their boards' actions unless they ask for all boards (`scope`):
    at national scale all boards are 300,000 actions, their boards a few thousand read through
    the review.board_id index. Choosing a board shows that board whatever the scope.
    """

    scope = django_filters.ChoiceFilter(
        label="Show actions of",
        choices=[(YOURS, "Your boards"), (ALL, "All boards")],
        empty_label=None,
        method="filter_scope",
        widget=forms.RadioSelect,
    )

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
        fields = ["scope", "board", "lead", "status", "flag", "due_from", "due_to"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        user = getattr(request, "user", None)
        self.your_board_ids = (
            responsibilities(user).board_ids if user and user.is_authenticated else frozenset()
        )
        if data is not None and self.your_board_ids and data.get("scope") not in (YOURS, ALL):
            data = data.copy()
            data["scope"] = YOURS
        super().__init__(data, *args, request=request, **kwargs)
        if not self.your_board_ids:
            del self.filters["scope"]  # nothing to narrow to: everyone else sees all boards
        elif data is not None and data.get("scope") == YOURS and not data.get("board"):
            self.filters["lead"].queryset = lambda request: leads_with_actions(request).filter(
                board_id__in=self.your_board_ids
            )

    def filter_scope(self, queryset, name, value):
        """Your boards' actions (unless a board is chosen, which decides), or every board's."""
        if value == YOURS and not self.form.cleaned_data.get("board"):
            return queryset.on_boards(self.your_board_ids)
        return queryset

    def filter_flag(self, queryset, name, value):
        """Keep the actions carrying the chosen flag (annotated by ActionQuerySet.with_flags)."""
        return queryset.filter(**{FLAG_FIELDS[value]: True})
