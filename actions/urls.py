"""Routes of the action tracker (mounted at /actions/)."""

from django.urls import path

from . import board_views, exports, oversight_views, tracker_views, views

app_name = "actions"
urlpatterns = [
    path("", tracker_views.TrackerView.as_view(), name="tracker"),
    path("mine/", views.MyActionsView.as_view(), name="mine"),
    path("export.csv", exports.tracker_csv, name="export-csv"),
    path("export.xlsx", exports.tracker_xlsx, name="export-xlsx"),
    path("boards/<slug:slug>/dashboard/", board_views.board_dashboard, name="dashboard"),
    path(
        "boards/<slug:slug>/annual-report/", board_views.board_annual_report, name="annual-report"
    ),
    path(
        "boards/<slug:slug>/annual-report.docx",
        board_views.board_annual_report_docx,
        name="annual-report-docx",
    ),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("<int:pk>/", views.ActionDetailView.as_view(), name="detail"),
    path("<int:pk>/assure/", oversight_views.AssureView.as_view(), name="assure"),
    path(
        "<int:pk>/request-update/",
        oversight_views.RequestUpdateView.as_view(),
        name="request-update",
    ),
    path("<int:pk>/escalate/", oversight_views.EscalateView.as_view(), name="escalate"),
    path("<int:pk>/de-escalate/", oversight_views.DeEscalateView.as_view(), name="de-escalate"),
    path("<int:pk>/historic/", oversight_views.HistoricPlanView.as_view(), name="historic"),
    path(
        "boards/<slug:slug>/leads/",
        oversight_views.UnheldLeadsView.as_view(),
        name="board-leads",
    ),
    path(
        "boards/<slug:slug>/leads/<int:lead_pk>/",
        oversight_views.AttachHoldersView.as_view(),
        name="board-leads-attach",
    ),
    path(
        "boards/<slug:slug>/escalations/",
        oversight_views.EscalationListView.as_view(),
        name="board-escalations",
    ),
]
