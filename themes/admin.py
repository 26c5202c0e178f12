from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Theme


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "facet", "order"]
    list_filter = ["facet"]
    search_fields = ["name", "description", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
