"""Admin for boards, briefings, reviews, families, leads and memberships.

The review's change page follows how a briefing reads (the review, its families, its findings);
each finding's own page holds its recommendations, questions and action plans. History of every
change is kept by django-simple-history and shown under “History”. Reviews are added from a
briefing through “Add a briefing” (reviews/intake/) and published from their page or in bulk.

The admin is where the apps meet: it links to findings from the review page, so it imports
findings.models (the models themselves still depend one way: themes <- reviews <- findings).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from findings.models import Finding

from .intake import views as intake_views
from .models import Board, Briefing, Family, Lead, Membership, Review
from .services import publish_review, unpublish_review

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


class FindingInline(admin.TabularInline):
    """The review's findings in order; each opens on its own page with what hangs under it."""

    model = Finding
    extra = 0
    fields = ["order", "label", "title", "kind", "key"]
    show_change_link = True
    ordering = ["order"]


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
    inlines = [FamilyInline, FindingInline]
    actions = ["publish_selected", "unpublish_selected"]
    date_hierarchy = "published_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(finding_count=Count("findings"))

    @admin.display(description="Findings", ordering="finding_count")
    def finding_count(self, review):
        return review.finding_count

    def get_urls(self):
        site = self.admin_site
        return [
            path("intake/", site.admin_view(self.intake_view), name="reviews_review_intake"),
            path(
                "intake/preview/",
                site.admin_view(self.intake_preview_view),
                name="reviews_review_intake_preview",
            ),
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

    def intake_view(self, request):
        """“Add a briefing”: upload or paste (reviews/intake/views.py)."""
        return intake_views.upload_view(request, self)

    def intake_preview_view(self, request):
        """The editable proposal, its updates and its saving as a draft."""
        return intake_views.preview_view(request, self)

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


@admin.register(Lead)
class LeadAdmin(SimpleHistoryAdmin):
    ordering = ["board__name", "name"]  # annotated lists lose Meta.ordering
    list_display = ["name", "board", "holder_count", "action_count"]
    list_filter = ["board"]
    list_select_related = ["board"]
    search_fields = ["name", "board__name", "board__abbreviation"]
    autocomplete_fields = ["board", "holders"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                holder_count=Count("holders", distinct=True),
                action_count=Count("actions", distinct=True),
            )
        )

    @admin.display(description="Holders", ordering="holder_count")
    def holder_count(self, lead):
        return lead.holder_count

    @admin.display(description="Actions", ordering="action_count")
    def action_count(self, lead):
        return lead.action_count


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "board", "role"]
    list_filter = ["role", "board"]
    list_select_related = ["user", "board"]
    search_fields = ["user__username", "user__email", "board__name"]
    autocomplete_fields = ["user", "board"]
