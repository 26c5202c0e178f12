"""Admin helpers shared by the apps (Django only; none of our apps)."""


class ReadOnlyAdminMixin:
    """Rows written only by the application's services: an admin may look, never add or edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
