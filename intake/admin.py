"""The review admin with the intake on it: the review's findings, and “Add a briefing”.

Extends reviews' ReviewAdmin (intake sits above reviews and findings, so it may show both).
"""

from django.contrib import admin
from django.urls import path

from findings.admin import FindingInline
from reviews.admin import FamilyInline, ReviewAdmin
from reviews.models import Review

from . import views as intake_views

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
