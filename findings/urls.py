from django.urls import path

from . import feeds, practice_views, views

app_name = "findings"
urlpatterns = [
    path("findings/", views.FindingListView.as_view(), name="list"),
    path("findings/export.csv", views.FindingExportView.as_view(), name="export"),
    path("feeds/themes/<slug:slug>/", feeds.ThemeFindingsFeed(), name="theme-feed"),
    path("feeds/boards/<slug:slug>/", feeds.BoardFindingsFeed(), name="board-feed"),
    path(
        "themes/<slug:slug>/record-use/",
        practice_views.RecordThemeUseView.as_view(),
        name="record-theme-use",
    ),
    path(
        "reviews/<slug:slug>/record-use/",
        practice_views.RecordReviewUseView.as_view(),
        name="record-review-use",
    ),
    path("learning-used/", practice_views.MyRecordsView.as_view(), name="dissemination-mine"),
    path(
        "learning-used/<int:pk>/",
        practice_views.EditRecordView.as_view(),
        name="dissemination-edit",
    ),
    path("subscriptions/", practice_views.SubscriptionsView.as_view(), name="subscriptions"),
]
