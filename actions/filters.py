"""The action tracker's FilterSet: board, lead, status, flag and a due-date range."""

import re

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q

from core.widgets import QuickSelect
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


class ListedChoices(django_filters.fields.ModelChoiceIterator):
    """A select's choices read by an ordinary query. Django reads them with .iterator(): on
    PostgreSQL a server-side cursor held past the transaction, planned for a fast first row and
    copied whole at DECLARE (20 ms for a board's 89 reviews, which a plain query reads in 3).
    With the field's `values` ((value, label) pairs from the queryset), no model is made."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        if self.field.values:
            yield from self.field.values(self.queryset.all())
            return
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedChoices

    def __init__(self, *args, values=None, **kwargs):
        self.values = values
        super().__init__(*args, **kwargs)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedModelChoiceField


def board_choices(boards):
    """Each board's slug and its label (str(board): the name)."""
    return boards.values_list("slug", "name")


def review_choices(reviews):
    """Each review's slug and its label (str(review): “name (board)”)."""
    return (
        (slug, f"{name} ({board})")
        for slug, name, board in reviews.values_list("slug", "name", "board__name")
    )


# The choices read only the columns their labels and values need.
def boards_with_actions(request):
    return Board.objects.filter(
        Exists(Action.objects.published().filter(plan__review__board=OuterRef("pk")))
    ).only("pk", "slug", "name")


def leads_with_actions(request):
    return (
        Lead.objects.filter(Exists(Action.objects.published().filter(lead=OuterRef("pk"))))
        .select_related("board")
        .only("pk", "name", "board__name")
    )


def reviews_with_actions(request):
    return (
        Review.objects.filter(
            Exists(Action.objects.published().filter(plan__review=OuterRef("pk")))
        )
        .select_related("board")
        .only("pk", "slug", "name", "board__name")
    )


# How many leads whose names match the typed text are offered as choices.
LEAD_CHOICES = 30


class TrackerForm(forms.Form):
    """The filter panel's form: finds the lead from the typed name (see TrackerFilter)."""

    lead_matches = ()  # the leads whose names contain the typed text, when more than one

    @property
    def lead_choices(self):
        return self.lead_matches[:LEAD_CHOICES]

    @property
    def more_lead_matches(self):
        return len(self.lead_matches) > LEAD_CHOICES

    def clean(self):
        data = super().clean()
        if "lead" in self.errors or "lead_name" in self.errors:
            if "lead" in self.errors:  # an unknown or out-of-scope lead id (an old link)
                del self.errors["lead"]
                self.add_error(
                    "lead_name",
                    "That lead has no published actions in the boards shown: type a lead’s name",
                )
            return data
        lead, name = data.get("lead"), " ".join(data.get("lead_name", "").split())
        self.lead_matches = []
        if lead and (
            "lead_name" not in self.data  # a link to one lead's actions
            or (name and name.casefold() in lead.name.casefold())  # a choice, or kept as shown
        ):
            data["lead_name"] = ""  # the chosen lead decides
        elif not name:
            data["lead"] = None  # the field was cleared
        else:
            leads = self.fields["lead"].queryset.filter(name__icontains=name)
            self.lead_matches = list(leads.order_by("name", "board__name")[: LEAD_CHOICES + 1])
            self.typed_lead_name = name
            # The rows are filtered by the leads' ids: a LIKE inside the rows' query looks
            # rare to PostgreSQL, which then reads every board's actions of those leads.
            self.lead_match_ids = (
                list(leads.values_list("pk", flat=True))
                if self.more_lead_matches
                else [lead.pk for lead in self.lead_matches]
            )
            data["lead"] = None
            if not self.lead_matches:
                self.add_error(
                    "lead_name",
                    f"No lead’s name contains “{name}”: check the spelling, or clear the "
                    "field to see every lead’s actions",
                )
            elif len(self.lead_matches) == 1:
                data["lead"], data["lead_name"] = self.lead_matches[0], ""
                self.lead_matches = []
            else:
                data["lead_name"] = name  # the actions of every matching lead, until one is chosen
        # The form shows (and the tracker's cache keys read) the lead as applied: its id and name.
        self.data = self.data.copy()
        if data.get("lead"):
            self.data["lead"], self.data["lead_name"] = str(data["lead"].pk), data["lead"].name
        else:
            self.data.pop("lead", None)
        return data


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
    the review.board_id index. Choosing a board (or a review) shows it whatever the scope.
    """

    scope = django_filters.ChoiceFilter(
        label="Show actions of",
        choices=[(YOURS, "Your boards"), (ALL, "All boards")],
        empty_label=None,
        method="filter_scope",
        widget=forms.RadioSelect,
    )

    board = ModelChoiceFilter(
        label="Board",
        field_name="plan__review__board",
        to_field_name="slug",
        queryset=boards_with_actions,
        values=board_choices,
        empty_label="All boards",
        widget=QuickSelect(attrs={"class": "select"}),
    )
    # A lead: typed (part of their name, any case) rather than chosen from a list of up to 1,500.
    # One match is applied; several show the actions of them all and are offered as choices
    # (`lead`, by id, as links from other pages also give it). The panel draws both fields.
    lead = django_filters.ModelChoiceFilter(queryset=leads_with_actions, widget=forms.HiddenInput)
    lead_name = django_filters.CharFilter(
        label="Lead",
        method="filter_lead_name",
        max_length=200,
        help_text="Type part of the lead’s name, for example “nurse”.",
        widget=forms.TextInput(attrs={"class": "input", "spellcheck": "false"}),
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
        widget=QuickSelect(attrs={"class": "select"}),
    )
    review = ModelChoiceFilter(
        label="Review",
        field_name="plan__review",
        to_field_name="slug",
        queryset=reviews_with_actions,
        values=review_choices,
        empty_label="All reviews",
        widget=QuickSelect(attrs={"class": "select"}),
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
        widget=QuickSelect(attrs={"class": "select"}),
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
        form = TrackerForm
        fields = [
            "scope",
            "board",
            "review",
            "lead",
            "lead_name",
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
            reviews = Q(board_id__in=self.your_board_ids)
            slug = data.get("review")
            if isinstance(slug, str) and SLUG.fullmatch(slug):
                reviews |= Q(slug=slug)  # a link to another board's review: it decides
            self.filters["review"].queryset = lambda request: reviews_with_actions(request).filter(
                reviews
            )
            self.reviews_listed = True
        board_slug = data.get("board") if data is not None else None
        if isinstance(board_slug, str) and SLUG.fullmatch(board_slug):
            # A chosen board (a well-formed slug: raw input never reaches the database
            # unvalidated) narrows the reviews and the leads to its own.
            self.filters["review"].queryset = lambda request: reviews_with_actions(request).filter(
                board__slug=board_slug
            )
            self.filters["lead"].queryset = lambda request: leads_with_actions(request).filter(
                board__slug=board_slug
            )
            self.reviews_listed = True
        if not self.reviews_listed:
            self.offer_only_the_chosen_review(data)

    # Whether the panel lists the reviews to choose from: only when a board, or the user's own
    # boards, bound them (tens of reviews a board; over all boards 15,000 at national scale).
    reviews_listed = False

    def offer_only_the_chosen_review(self, data):
        """Over all boards the Review choices are the review applied (a link from another page,
        or one chosen on a board before widening the scope), so it stays visible and removable,
        and nothing else: the panel asks for a board instead (filter_panel.html)."""
        slug = data.get("review") if data is not None else None
        if isinstance(slug, str) and SLUG.fullmatch(slug):
            self.filters["review"].queryset = lambda request: reviews_with_actions(request).filter(
                slug=slug
            )
            self.filters["review"].extra["help_text"] = (
                "Over all boards only the review applied is listed: choose a board to pick "
                "another of its reviews."
            )
        else:  # none chosen, or malformed (refused as an unknown choice)
            self.filters["review"].queryset = lambda request: Review.objects.none()

    def filter_scope(self, queryset, name, value):
        """Your boards' actions (unless a board or a review is chosen, which decides), or every
        board's."""
        chosen = self.form.cleaned_data
        if value == YOURS and not chosen.get("board") and not chosen.get("review"):
            return queryset.on_boards(self.your_board_ids)
        return queryset

    def filter_lead_name(self, queryset, name, value):
        """The actions of every lead whose name contains the text (TrackerForm found them)."""
        return queryset.filter(lead_id__in=self.form.lead_match_ids)

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
