from django.urls import path

from . import views
from .feeds import NewReviewsFeed

app_name = "reviews"
urlpatterns = [
    path("reviews/", views.ReviewListView.as_view(), name="review-list"),
    path("reviews/export.csv", views.ReviewExportView.as_view(), name="review-export"),
    path("reviews/<slug:slug>/", views.ReviewDetailView.as_view(), name="review-detail"),
    path("boards/", views.BoardListView.as_view(), name="board-list"),
    path("boards/<slug:slug>/", views.BoardDetailView.as_view(), name="board-detail"),
    path("briefings/<slug:slug>/", views.BriefingDetailView.as_view(), name="briefing-detail"),
    path("feeds/reviews/", NewReviewsFeed(), name="feed"),
]
