from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Board, Briefing, Family, Lead, Membership, Review


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "area", "nation"]
    list_filter = ["nation"]
    search_fields = ["name", "abbreviation", "area"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Briefing)
class BriefingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "file_name", "published_on"]
    list_filter = ["publisher"]
    search_fields = ["title", "file_name", "sha256"]
    autocomplete_fields = ["publisher"]
    readonly_fields = ["sha256", "created_at"]


class FamilyInline(admin.StackedInline):
    model = Family
    extra = 0


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["name", "board", "kind", "year", "status"]
    list_filter = ["status", "kind", "board"]
    search_fields = ["name", "summary", "board__name"]
    autocomplete_fields = ["board", "briefing", "covers"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FamilyInline]


@admin.register(Family)
class FamilyAdmin(SimpleHistoryAdmin):
    list_display = ["pseudonym", "review"]
    search_fields = ["pseudonym", "review__name"]
    autocomplete_fields = ["review"]


@admin.register(Lead)
class LeadAdmin(SimpleHistoryAdmin):
    list_display = ["name", "board"]
    list_filter = ["board"]
    search_fields = ["name", "board__name"]
    autocomplete_fields = ["board"]
    filter_horizontal = ["holders"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "board", "role"]
    list_filter = ["role", "board"]
    search_fields = ["user__username", "board__name"]
    autocomplete_fields = ["board"]
