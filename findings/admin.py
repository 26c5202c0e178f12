"""Admin for findings and what hangs under them, in the order a briefing reads.

A finding's page holds its recommendations and reflective questions (actions/admin.py adds its
action plans). Child rows added inline take their review from the finding (or plan) and get a
key when none is typed, so an admin never has to invent one. `FindingInline` is the review
page's list of findings (the review admin that shows it is the intake's, which sits above).
"""

from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.utils.text import slugify
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin
from reviews.models import Review
from themes.models import Theme

from .models import (
    CountsVersion,
    DigestSubscription,
    Dissemination,
    Finding,
    Recommendation,
    ReflectiveQuestion,
    ThemeBoardCount,
)
from .services import refresh_counts


def _free_key(model, review, base, taken):
    """A key for a new child row, unique within its review."""
    # Actions belong to their review through their plan; everything else directly.
    field_names = {field.name for field in model._meta.fields}
    lookup = "review" if "review" in field_names else "plan__review"
    existing = set(model.objects.filter(**{lookup: review}).values_list("key", flat=True))
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
    fields = ["order", "key", "text", "attribution", "themes"]
    autocomplete_fields = ["themes"]


class ReflectiveQuestionInline(ChildInline):
    model = ReflectiveQuestion
    fields = ["order", "key", "text", "themes"]
    autocomplete_fields = ["themes"]


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
    inlines = [RecommendationInline, ReflectiveQuestionInline]
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

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("review") if change else None
        obj._previous_board_id = (
            Review.objects.filter(pk=previous).values_list("board_id", flat=True).first()
            if previous and previous != obj.review_id
            else None
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Themes are saved here: recount the board's (and a former board's) counts after."""
        super().save_related(request, form, formsets, change)
        finding = form.instance
        boards = {finding.review.board_id, getattr(finding, "_previous_board_id", None)}
        refresh_counts(board_ids=sorted(boards - {None}))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_counts(board_ids=[obj.review.board_id])

    def delete_queryset(self, request, queryset):
        boards = set(queryset.values_list("review__board_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_counts(board_ids=sorted(boards))

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


class FindingInline(admin.TabularInline):
    """A review's findings in order; each opens on its own page with what hangs under it."""

    model = Finding
    extra = 0
    fields = ["order", "label", "title", "kind", "key"]
    show_change_link = True
    ordering = ["order"]


@admin.register(ThemeBoardCount)
class ThemeBoardCountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: derived from the published findings by services.refresh_counts."""

    list_display = ["board", "theme", "findings", "reviews", "first_year", "last_year"]
    list_select_related = ["board", "theme"]
    list_filter = ["theme"]
    search_fields = ["board__name", "theme__name"]


@admin.register(CountsVersion)
class CountsVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: bumped by services.refresh_counts; the pages' cached fragments are keyed by it."""

    list_display = ["pk", "version"]
    search_fields = ["=version"]


@admin.register(Dissemination)
class DisseminationAdmin(admin.ModelAdmin):
    """Teams' records of using learning in practice (made on the site by signed-in users)."""

    list_display = ["used_on", "team", "agency", "board", "resource", "theme", "review", "people"]
    list_filter = ["resource", "board", "theme"]
    search_fields = ["team", "agency", "changes", "user__username"]
    date_hierarchy = "used_on"
    autocomplete_fields = ["review"]
    raw_id_fields = ["user"]
    list_select_related = ["board", "theme", "review"]


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    """Users' weekly e-mail digests of new findings on their themes."""

    list_display = ["user", "frequency", "created_at", "last_sent_at"]
    filter_horizontal = ["themes"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "themes__name"]
