from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.TwoFactorSetupView.as_view(), name="two-factor"),
    path("two-factor/verify/", views.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
]
