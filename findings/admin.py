"""Admin for findings and what hangs under them, in the order a briefing reads.

A finding's page holds its recommendations, reflective questions and action plans; an action
plan's page holds its actions. Child rows added inline take their review from the finding (or
plan) and get a key when none is typed, so an admin never has to invent one.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Prefetch
from django.utils.text import slugify
from simple_history.admin import SimpleHistoryAdmin

from themes.models import Theme

from .models import (
    Action,
    ActionPlan,
    CalendarFeedToken,
    Finding,
    Recommendation,
    ReflectiveQuestion,
    StatusUpdate,
)


def _free_key(model, review, base, taken):
    """A key for a new child row, unique within its review."""
    existing = (
        set(model.objects.filter(plan__review=review).values_list("key", flat=True))
        if model is Action
        else set(model.objects.filter(review=review).values_list("key", flat=True))
    )
    number = 1
    while f"{base}-{number}" in existing | taken:
        number += 1
    key = f"{base}-{number}"
    taken.add(key)
    return key


class OptionalKeyForm(forms.ModelForm):
    """Inline rows may leave the key blank; one is made on save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:
            self.fields["key"].required = False
            self.fields["key"].help_text = "Left blank, one is made from the finding's key."


class ChildInline(admin.StackedInline):
    form = OptionalKeyForm
    extra = 0
    exclude = ["review"]
    classes = ["collapse"]


class RecommendationInline(ChildInline):
    model = Recommendation
    fields = ["order", "key", "text", "themes"]
    autocomplete_fields = ["themes"]


class ReflectiveQuestionInline(ChildInline):
    model = ReflectiveQuestion
    fields = ["order", "key", "text", "themes"]
    autocomplete_fields = ["themes"]


class ActionPlanInline(ChildInline):
    """Plans under a finding; each plan's actions are on the plan's own page (change link)."""

    model = ActionPlan
    fields = ["order", "key", "title", "success_measure"]
    show_change_link = True


class InheritReviewMixin:
    """Child rows saved inline take the parent's review and, if blank, a generated key."""

    def save_formset(self, request, form, formset, change):
        parent = form.instance
        review = parent.review
        base = parent.key if hasattr(parent, "key") else "item"
        taken = set()
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if hasattr(instance, "review_id") and not instance.review_id:
                instance.review = review
            if not instance.key:
                kind = slugify(instance._meta.verbose_name)
                instance.key = _free_key(type(instance), review, f"{base}-{kind}", taken)
            instance.save()
        formset.save_m2m()


@admin.register(Finding)
class FindingAdmin(InheritReviewMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "review", "board", "kind", "theme_names", "order"]
    list_filter = ["kind", "review__status", "themes", "review__board"]
    list_select_related = ["review__board"]
    search_fields = ["label", "title", "text", "review__name", "key"]
    autocomplete_fields = ["review", "themes"]
    inlines = [RecommendationInline, ReflectiveQuestionInline, ActionPlanInline]
    fieldsets = [
        (None, {"fields": ["review", "key", "label", "title", "kind", "order", "text", "themes"]}),
        (
            "Where it sits in the briefing",
            {"fields": ["source_section", "source_line_start", "source_line_end"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("name")))
        )

    @admin.display(description="Board", ordering="review__board__name")
    def board(self, finding):
        return finding.review.board

    @admin.display(description="Themes")
    def theme_names(self, finding):
        return ", ".join(theme.name for theme in finding.themes.all())


class LearningItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "review", "finding"]
    list_filter = ["review__board", "review__status"]
    list_select_related = ["review", "finding"]
    search_fields = ["text", "key", "review__name"]
    autocomplete_fields = ["review", "finding", "themes"]


@admin.register(Recommendation)
class RecommendationAdmin(LearningItemAdmin):
    pass


@admin.register(ReflectiveQuestion)
class ReflectiveQuestionAdmin(LearningItemAdmin):
    pass


# Status and the revised date move only through the tracker's update form, which appends to the
# timeline and bumps the version; an admin edit would bypass both.
TIMELINE_FIELDS = ["status", "revised_due_date", "revision_reason", "version", "last_update_at"]


class ActionInline(admin.StackedInline):
    model = Action
    form = OptionalKeyForm
    extra = 0
    fields = [
        "order",
        "key",
        "description",
        "lead",
        "deadline_text",
        "due_date",
        "revised_due_date",
        "revision_reason",
        "status",
        "version",
        "last_update_at",
    ]
    autocomplete_fields = ["lead"]
    readonly_fields = TIMELINE_FIELDS


@admin.register(ActionPlan)
class ActionPlanAdmin(InheritReviewMixin, SimpleHistoryAdmin):
    ordering = ["review", "order"]  # annotated lists lose Meta.ordering
    list_display = ["__str__", "review", "finding", "action_count"]
    list_filter = ["review__board", "review__status"]
    list_select_related = ["review__board", "finding"]
    search_fields = ["title", "success_measure", "key", "review__name"]
    autocomplete_fields = ["review", "finding"]
    inlines = [ActionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_count=Count("actions"))

    @admin.display(description="Actions", ordering="action_count")
    def action_count(self, plan):
        return plan.action_count


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "review", "lead", "deadline_text", "due_date", "status"]
    list_filter = ["status", "plan__review__board", "plan__review__status", "due_date"]
    list_select_related = ["plan__review", "lead__board"]
    search_fields = ["description", "key", "lead__name", "deadline_text", "plan__review__name"]
    autocomplete_fields = ["plan", "lead"]
    readonly_fields = TIMELINE_FIELDS

    @admin.display(description="Review", ordering="plan__review__name")
    def review(self, action):
        return action.plan.review


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    """Read-only: the timeline is append-only and written by the update service."""

    list_display = ["action", "from_status", "to_status", "author_name", "created_at"]
    list_filter = ["to_status", "action__plan__review__board"]
    list_select_related = ["action"]
    search_fields = ["note", "evidence", "author_name", "action__description"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    """Tokens are made by the tracker; an admin may only revoke one (delete) if it leaked."""

    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
