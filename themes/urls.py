from django.urls import path

from . import views

app_name = "themes"
urlpatterns = [
    path("", views.ThemeListView.as_view(), name="index"),
    path("<slug:slug>/", views.ThemeDetailView.as_view(), name="detail"),
    path(
        "<slug:slug>/7-minute-briefing/",
        views.SevenMinuteBriefingView.as_view(),
        name="seven-minute-briefing",
    ),
]
