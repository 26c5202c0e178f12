from django.urls import path

from . import views
from .feeds import NewReviewsFeed

app_name = "reviews"
urlpatterns = [
    path("reviews/", views.ReviewListView.as_view(), name="review-list"),
    path("reviews/export.csv", views.ReviewExportView.as_view(), name="review-export"),
    path("feeds/reviews/", NewReviewsFeed(), name="feed"),
]
