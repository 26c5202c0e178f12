"""Routes of the action tracker (mounted at /actions/)."""

from django.urls import path

from . import action_views

app_name = "actions"
urlpatterns = [
    path("", action_views.TrackerView.as_view(), name="tracker"),
    path("<int:pk>/", action_views.ActionDetailView.as_view(), name="detail"),
]
