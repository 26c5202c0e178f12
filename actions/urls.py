"""Routes of the action tracker (mounted at /actions/)."""

from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("", views.TrackerView.as_view(), name="tracker"),
    path("mine/", views.MyActionsView.as_view(), name="mine"),
    path("export.csv", views.tracker_csv, name="export-csv"),
    path("export.xlsx", views.tracker_xlsx, name="export-xlsx"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("<int:pk>/", views.ActionDetailView.as_view(), name="detail"),
]
