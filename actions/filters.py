"""The action tracker's FilterSet: board, lead, status, flag and a due-date range."""

import re

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef

from reviews.models import Board, Review

from .forms import DateInput
from .models import Action, Lead
from .querysets import RAG_LABELS, RAG_ORDER, responsibilities

FLAG_FIELDS = {
    "overdue": "is_overdue",
    "slipped": "is_slipped",
    "stale": "is_stale",
    "not-smart": "is_not_smart",
    "due-soon": "is_due_soon",
    "historic": "plan__historic",
}


def boards_with_actions(request):
    return Board.objects.filter(
        Exists(Action.objects.published().filter(plan__review__board=OuterRef("pk")))
    )


def leads_with_actions(request):
    return Lead.objects.filter(
        Exists(Action.objects.published().filter(lead=OuterRef("pk")))
    ).select_related("board")


def reviews_with_actions(request):
    return Review.objects.filter(
        Exists(Action.objects.published().filter(plan__review=OuterRef("pk")))
    ).select_related("board")


YOURS, ALL = "yours", "all"

# The tracker's sortable columns: the sort key in the URL -> the fields it orders by. A "-" before
# the key sorts descending; every order ends on the tracker's own order, so pages never overlap.
SORTS = {
    "reference": ("plan__review__board__name", "plan__review__name", "plan__order", "order"),
    "review": ("plan__review__name", "plan__order", "order"),
    "finding": ("plan__finding__order", "plan__order", "order"),
    "action": ("description",),
    "lead": ("lead__name",),
    "due": ("due_date",),
    "revised": ("effective_due_date",),
    "status": ("status",),
    "rag": ("rag_order",),
    "updated": ("last_update_at",),
}
TIEBREAK = ("plan__review__board__name", "plan__review__name", "plan__order", "order", "pk")


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


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
            ("due-soon", "Due in the next 30 days"),
            ("historic", "Historic plan"),
        ],
        empty_label="Any",
        method="filter_flag",
        widget=forms.Select(attrs={"class": "select"}),
    )
    review = django_filters.ModelChoiceFilter(
        label="Review",
        field_name="plan__review",
        to_field_name="slug",
        queryset=reviews_with_actions,
        empty_label="All reviews",
        widget=forms.Select(attrs={"class": "select"}),
    )
    rag = django_filters.MultipleChoiceFilter(
        label="RAG",
        choices=[(value, RAG_LABELS[value]) for value in RAG_ORDER],
        widget=forms.CheckboxSelectMultiple,
    )
    assured = django_filters.ChoiceFilter(
        label="Assurance",
        choices=[
            ("assured", "Assured (impact verified)"),
            ("awaiting", "Complete, awaiting assurance"),
            ("not-assured", "Not assured"),
        ],
        empty_label="Any",
        method="filter_assured",
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
        fields = [
            "scope",
            "board",
            "review",
            "lead",
            "status",
            "rag",
            "assured",
            "flag",
            "due_from",
            "due_to",
            "sort",
        ]

    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[
            (f"{direction}{key}", f"{key} {'descending' if direction else 'ascending'}")
            for key in SORTS
            for direction in ("", "-")
        ],
        empty_label=None,
        method="filter_sort",
        widget=forms.HiddenInput,
    )

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
            self.filters["review"].queryset = lambda request: reviews_with_actions(request).filter(
                board_id__in=self.your_board_ids
            )
        board_slug = data.get("board") if data is not None else None
        if isinstance(board_slug, str) and SLUG.fullmatch(board_slug):
            # A chosen board (a well-formed slug: raw input never reaches the database
            # unvalidated) narrows the review list to its own reviews.
            self.filters["review"].queryset = lambda request: reviews_with_actions(request).filter(
                board__slug=board_slug
            )

    def filter_scope(self, queryset, name, value):
        """Your boards' actions (unless a board is chosen, which decides), or every board's."""
        if value == YOURS and not self.form.cleaned_data.get("board"):
            return queryset.on_boards(self.your_board_ids)
        return queryset

    def filter_flag(self, queryset, name, value):
        """Keep the actions carrying the chosen flag (annotated by ActionQuerySet.with_flags)."""
        return queryset.filter(**{FLAG_FIELDS[value]: True})

    def filter_assured(self, queryset, name, value):
        """Assured actions, complete ones awaiting assurance, or every action not assured."""
        if value == "assured":
            return queryset.filter(status=Action.Status.ASSURED)
        if value == "awaiting":
            return queryset.filter(status=Action.Status.COMPLETE)
        return queryset.exclude(status=Action.Status.ASSURED)

    def filter_sort(self, queryset, name, value):
        """Order by a tracker column (SORTS), ascending or descending, empty values last."""
        descending = value.startswith("-")
        fields = SORTS[value.lstrip("-")]
        order = [
            F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
            for field in fields
        ]
        return queryset.order_by(*order, *TIEBREAK)
