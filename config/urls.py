from django.contrib import admin
from django.urls import include, path

from accounts.views import ThrottledPasswordResetView
from config.health import health

urlpatterns = [
    path("health/", health, name="health"),
    # reviews/ before browse/: "reviews/export.csv" must not be read as a review's slug.
    path("", include("reviews.urls")),
    path("", include("browse.urls")),
    path("", include("findings.urls")),
    path("actions/", include("actions.urls")),
    path("intake/", include("intake.urls")),
    path(
        "accounts/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
