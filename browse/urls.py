"""The browse pages, at the URLs they have always had."""

from django.urls import path

from . import search_views, views

app_name = "browse"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("boards/", views.BoardListView.as_view(), name="board-list"),
    path("themes/", views.ThemeListView.as_view(), name="theme-index"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path(
        "themes/<slug:slug>/7-minute-briefing/",
        views.SevenMinuteBriefingView.as_view(),
        name="seven-minute-briefing",
    ),
    path(
        "themes/<slug:slug>/recurrence/",
        views.ThemeRecurrenceView.as_view(),
        name="theme-recurrence",
    ),
    path(
        "boards/<slug:slug>/recurrence/",
        views.BoardRecurrenceView.as_view(),
        name="board-recurrence",
    ),
    path("reviews/<slug:slug>/", views.ReviewDetailView.as_view(), name="review-detail"),
    path("boards/<slug:slug>/", views.BoardDetailView.as_view(), name="board-detail"),
    path("findings/<int:pk>/", search_views.FindingDetailView.as_view(), name="finding-detail"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("briefings/<slug:slug>/", views.BriefingDetailView.as_view(), name="briefing-detail"),
]
