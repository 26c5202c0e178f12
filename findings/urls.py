from django.urls import path

from . import views

app_name = "findings"
urlpatterns = [
    path("findings/", views.FindingListView.as_view(), name="list"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="detail"),
    path("search/", views.search, name="search"),
]
