"""Routes of the action tracker (mounted at /actions/)."""

from django.urls import path

from . import action_views

app_name = "actions"
urlpatterns = [
    path("", action_views.TrackerView.as_view(), name="tracker"),
    path("mine/", action_views.MyActionsView.as_view(), name="mine"),
    path("export.csv", action_views.tracker_csv, name="export-csv"),
    path("export.xlsx", action_views.tracker_xlsx, name="export-xlsx"),
    path("calendar/", action_views.CalendarView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", action_views.calendar_feed, name="calendar-feed"),
    path("<int:pk>/", action_views.ActionDetailView.as_view(), name="detail"),
]
