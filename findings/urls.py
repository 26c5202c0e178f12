from django.urls import path

from . import views

app_name = "findings"
urlpatterns = [
    path("findings/", views.FindingListView.as_view(), name="list"),
    path("findings/export.csv", views.FindingExportView.as_view(), name="export"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="detail"),
    path("search/", views.SearchView.as_view(), name="search"),
]
