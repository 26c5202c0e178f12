from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, ActionPlan, Finding, Recommendation, ReflectiveQuestion, StatusUpdate


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "review", "kind", "order"]
    list_filter = ["kind", "themes", "review__board"]
    search_fields = ["label", "title", "text", "review__name"]
    autocomplete_fields = ["review"]
    filter_horizontal = ["themes"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "review", "finding"]
    search_fields = ["text"]
    autocomplete_fields = ["review", "finding"]


@admin.register(ReflectiveQuestion)
class ReflectiveQuestionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "review", "finding"]
    search_fields = ["text"]
    autocomplete_fields = ["review", "finding"]


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    autocomplete_fields = ["lead"]
    readonly_fields = ["version", "last_update_at"]


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "review", "finding"]
    search_fields = ["title", "success_measure", "review__name"]
    autocomplete_fields = ["review", "finding"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "lead", "deadline_text", "due_date", "status"]
    list_filter = ["status", "plan__review__board"]
    search_fields = ["description", "lead__name"]
    autocomplete_fields = ["plan", "lead"]
    readonly_fields = ["version", "last_update_at"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    """Read-only: the timeline is append-only and written by the update service."""

    list_display = ["action", "from_status", "to_status", "author_name", "created_at"]
    list_filter = ["to_status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
