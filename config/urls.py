from django.contrib import admin
from django.urls import include, path

from themes.views import home

urlpatterns = [
    path("", home, name="home"),
    path("themes/", include("themes.urls")),
    path("", include("reviews.urls")),
    path("", include("findings.urls")),
    path("actions/", include("findings.action_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
