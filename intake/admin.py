"""The review admin with the intake on it: the review's findings, and “Add a briefing”.

Extends reviews' ReviewAdmin (intake sits above reviews and findings, so it may show both).
"""

from django.contrib import admin
from django.urls import path

from findings.admin import FindingInline
from reviews.admin import FamilyInline, ReviewAdmin
from reviews.models import Review

from . import views as intake_views
from .models import ImportedRow, PlanImport

admin.site.unregister(Review)


@admin.register(Review)
class ReviewWithIntakeAdmin(ReviewAdmin):
    inlines = [FamilyInline, FindingInline]

    def get_urls(self):
        site = self.admin_site
        return [
            path("intake/", site.admin_view(self.intake_view), name="reviews_review_intake"),
            path(
                "intake/preview/",
                site.admin_view(self.intake_preview_view),
                name="reviews_review_intake_preview",
            ),
            *super().get_urls(),
        ]

    def intake_view(self, request):
        """“Add a briefing”: upload or paste (intake/views.py)."""
        return intake_views.upload_view(request, self)

    def intake_preview_view(self, request):
        """The editable proposal, its updates and its saving as a draft."""
        return intake_views.preview_view(request, self)


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "review", "imported_at", "imported_by", "created_count"]
    list_select_related = ["review__board", "imported_by"]
    readonly_fields = [field.name for field in PlanImport._meta.fields]


@admin.register(ImportedRow)
class ImportedRowAdmin(admin.ModelAdmin):
    """Each imported action's source: file, sheet and row."""

    list_display = ["__str__", "action", "review", "plan_import"]
    list_select_related = ["action", "review", "plan_import"]
    search_fields = ["file_name", "action__description"]
    readonly_fields = [field.name for field in ImportedRow._meta.fields]
