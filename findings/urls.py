from django.urls import path

from . import views

app_name = "findings"
urlpatterns = [
    path("findings/", views.FindingListView.as_view(), name="list"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="detail"),
    path("search/", views.search, name="search"),
    path("actions/", views.TrackerView.as_view(), name="tracker"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action-detail"),
]
