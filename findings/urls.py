from django.urls import path

from . import views

app_name = "findings"
urlpatterns = [
    path("findings/", views.FindingListView.as_view(), name="list"),
    path("findings/export.csv", views.FindingExportView.as_view(), name="export"),
]
