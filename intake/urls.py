"""Routes of the intake outside the admin (mounted at /intake/): the action-plan import."""

from django.urls import path

from . import plan_views

app_name = "intake"
urlpatterns = [
    path("plans/", plan_views.plan_upload, name="plan-import"),
    path("plans/confirm/", plan_views.plan_confirm, name="plan-import-confirm"),
    path("plans/<int:pk>/", plan_views.plan_import_detail, name="plan-import-detail"),
]
