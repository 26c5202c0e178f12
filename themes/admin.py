from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import Theme


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    """The taxonomy: keywords (one per line) drive search synonyms and intake suggestions."""

    list_display = ["name", "facet", "order", "finding_count", "keyword_count"]
    ordering = ["facet", "order", "name"]  # annotated lists lose Meta.ordering
    list_editable = ["order"]
    list_filter = ["facet"]
    search_fields = ["name", "slug", "description", "keywords"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(finding_count=Count("findings"))

    @admin.display(description="Findings", ordering="finding_count")
    def finding_count(self, theme):
        return theme.finding_count

    @admin.display(description="Keywords")
    def keyword_count(self, theme):
        return len(theme.keyword_list)
