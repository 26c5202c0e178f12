"""Admin for boards, briefings, reviews and families.

History of every change is kept by django-simple-history and shown under “History”. Reviews are
published from their page or in bulk. The review admin registered here is extended by the intake
(intake/admin.py), which adds the review's findings and “Add a briefing”: apps above extend the
admin of the apps below, never the other way round.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from .models import Board, Briefing, Family, Review
from .services import publish_review, unpublish_review
from .signals import counts_changed

# Addresses typed without a scheme are taken as https (Django 6's default, opted into now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    ordering = ["name"]  # annotated lists lose Meta.ordering
    list_display = ["name", "abbreviation", "area", "nation", "review_count"]
    list_filter = ["nation"]
    search_fields = ["name", "abbreviation", "area", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(review_count=Count("reviews"))

    @admin.display(description="Reviews", ordering="review_count")
    def review_count(self, board):
        return board.review_count


@admin.register(Briefing)
class BriefingAdmin(SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "publisher", "file_name", "published_on", "created_at"]
    list_filter = ["publisher", "created_at"]
    list_select_related = ["publisher"]
    search_fields = ["title", "file_name", "sha256", "publisher__name"]
    autocomplete_fields = ["publisher"]
    prepopulated_fields = {"slug": ["title"]}
    # The text is kept whole for ever: it is read here, never edited.
    readonly_fields = ["sha256", "full_text", "created_at"]
    date_hierarchy = "created_at"


class FamilyInline(admin.StackedInline):
    model = Family
    extra = 0


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    ordering = ["-year", "name"]  # annotated lists lose Meta.ordering
    list_display = ["name", "board", "kind", "year", "status", "published_at", "finding_count"]
    list_filter = ["status", "kind", "board", "year"]
    list_select_related = ["board"]
    search_fields = ["name", "summary", "board__name", "families__pseudonym", "slug"]
    autocomplete_fields = ["board", "briefing", "covers"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    inlines = [FamilyInline]
    actions = ["publish_selected", "unpublish_selected"]
    date_hierarchy = "published_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(finding_count=Count("findings"))

    def save_model(self, request, obj, form, change):
        # A review moved to another board changes both boards' counts.
        obj._previous_board_id = form.initial.get("board") if change else None
        # So do the boards of the reviews it covered before this edit.
        obj._previously_covered_boards = (
            Review.objects.boards_covered_by([obj.pk]) if change and obj.pk else set()
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        review = form.instance
        boards = {review.board_id, getattr(review, "_previous_board_id", None)} - {None}
        boards |= Review.objects.boards_covered_by([review.pk])  # covered or no longer covered
        boards |= getattr(review, "_previously_covered_boards", set())
        counts_changed.send(sender=Review, board_ids=sorted(boards))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        counts_changed.send(sender=Review, board_ids=[obj.board_id])

    def delete_queryset(self, request, queryset):
        boards = set(queryset.values_list("board_id", flat=True))
        super().delete_queryset(request, queryset)
        counts_changed.send(sender=Review, board_ids=sorted(boards))

    @admin.display(description="Findings", ordering="finding_count")
    def finding_count(self, review):
        return review.finding_count

    def get_urls(self):
        site = self.admin_site
        return [
            path(
                "<path:object_id>/publish/",
                site.admin_view(require_POST(self.publish_view)),
                name="reviews_review_publish",
            ),
            path(
                "<path:object_id>/unpublish/",
                site.admin_view(require_POST(self.unpublish_view)),
                name="reviews_review_unpublish",
            ),
            *super().get_urls(),
        ]

    def _change_or_403(self, request, object_id):
        review = get_object_or_404(Review, pk=object_id)
        if not self.has_change_permission(request, review):
            raise PermissionDenied
        return review

    def publish_view(self, request, object_id):
        """The “Publish” button on a review's page: makes it visible to the public."""
        review = publish_review(review=self._change_or_403(request, object_id))
        self.message_user(request, f"Published “{review.name}”: the public can now see it.")
        return redirect(reverse("admin:reviews_review_change", args=[review.pk]))

    def unpublish_view(self, request, object_id):
        """The “Return to draft” button: hides a published review again."""
        review = unpublish_review(review=self._change_or_403(request, object_id))
        self.message_user(
            request, f"“{review.name}” is a draft again: the public can no longer see it."
        )
        return redirect(reverse("admin:reviews_review_change", args=[review.pk]))

    @admin.action(description="Publish the selected reviews", permissions=["change"])
    def publish_selected(self, request, queryset):
        count = 0
        for review in queryset.drafts():
            publish_review(review=review)
            count += 1
        self.message_user(request, f"Published {count} review(s).", messages.SUCCESS)

    @admin.action(description="Return the selected reviews to draft", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = 0
        for review in queryset.published():
            unpublish_review(review=review)
            count += 1
        self.message_user(request, f"Returned {count} review(s) to draft.", messages.SUCCESS)


@admin.register(Family)
class FamilyAdmin(SimpleHistoryAdmin):
    list_display = ["pseudonym", "review", "board"]
    list_filter = ["review__board"]
    list_select_related = ["review__board"]
    search_fields = ["pseudonym", "children", "review__name"]
    autocomplete_fields = ["review"]

    @admin.display(description="Board", ordering="review__board__name")
    def board(self, family):
        return family.review.board
