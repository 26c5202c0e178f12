"""Admin for the action tracker: leads and memberships, action plans, actions, the read-only
timeline and calendar tokens. A finding's page also lists its action plans (FindingAdmin is
extended here, since findings sit below actions)."""

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin
from findings.admin import ChildInline, FindingAdmin, InheritReviewMixin, OptionalKeyForm
from findings.models import Finding

from .models import (
    Action,
    ActionPlan,
    CalendarFeedToken,
    Escalation,
    Lead,
    Membership,
    StatusUpdate,
    UpdateRequest,
)


class ActionPlanInline(ChildInline):
    """Plans under a finding; each plan's actions are on the plan's own page (change link)."""

    model = ActionPlan
    fields = ["order", "key", "title", "success_measure"]
    show_change_link = True


admin.site.unregister(Finding)


@admin.register(Finding)
class FindingWithPlansAdmin(FindingAdmin):
    inlines = [*FindingAdmin.inlines, ActionPlanInline]


# Status and the revised date move only through the tracker's update form, which appends to the
# timeline and bumps the version; an admin edit would bypass both.
TIMELINE_FIELDS = [
    "status",
    "revised_due_date",
    "revision_reason",
    "reaudit_date",
    "reaudit_reminded_on",
    "version",
    "last_update_at",
]


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
class StatusUpdateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the timeline is append-only and written by the update service."""

    list_display = ["action", "from_status", "to_status", "author_name", "created_at"]
    list_filter = ["to_status", "action__plan__review__board"]
    list_select_related = ["action"]
    search_fields = ["note", "evidence", "author_name", "action__description"]
    date_hierarchy = "created_at"


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


@admin.register(UpdateRequest)
class UpdateRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Update requests, read-only: made and answered on the action pages."""

    list_display = ["action", "requested_by_name", "requested_at", "due_date", "answered_at"]
    list_filter = ["action__plan__review__board"]
    list_select_related = ["action"]
    search_fields = ["action__description", "requested_by_name", "message"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Escalations to the board, read-only: made and closed on the action pages."""

    list_display = ["action", "escalated_by_name", "created_at", "resolved_at"]
    list_filter = ["action__plan__review__board"]
    list_select_related = ["action"]
    search_fields = ["action__description", "reason", "resolution"]
