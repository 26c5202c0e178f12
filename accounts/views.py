"""Two-factor set-up and verification, and throttled password-reset requests."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm
from .middleware import SESSION_KEY

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"


def _next_url(request, default="/"):
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _qr_svg(url):
    """The set-up address as an inline SVG QR code (markup only: no script, no style)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="QR code" ', 1))  # noqa: S308


class TwoFactorSetupView(LoginRequiredMixin, View):
    """Add an authenticator app: scan the code (or type the key), then confirm with a code."""

    template_name = "accounts/two_factor_setup.html"

    def device(self, request):
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=request.user, name=APP_DEVICE_NAME, confirmed=False
        )

    def render_page(self, request, device, form):
        key = b32encode(device.bin_key).decode()
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "qr_svg": _qr_svg(device.config_url),
                "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
                "next": _next_url(request),
                "has_device": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
            },
        )

    def get(self, request):
        device = self.device(request)
        return self.render_page(request, device, CodeForm(user=request.user, device=device))

    def post(self, request):
        device = self.device(request)
        form = CodeForm(request.POST, user=request.user, device=device)
        if not form.is_valid():
            return self.render_page(request, device, form)
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            recovery, _ = StaticDevice.objects.get_or_create(
                user=request.user, name="Recovery codes"
            )
            recovery.token_set.all().delete()
            codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
            recovery.token_set.bulk_create(
                [StaticToken(device=recovery, token=code) for code in codes]
            )
        otp_login(request, device)
        request.session.pop(SESSION_KEY, None)
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": _next_url(request)},
        )


class TwoFactorVerifyView(LoginRequiredMixin, View):
    """The second step of signing in: a code from the app, or a recovery code."""

    template_name = "accounts/two_factor_verify.html"

    def get(self, request):
        return render(
            request,
            self.template_name,
            {"form": CodeForm(user=request.user), "next": _next_url(request)},
        )

    def post(self, request):
        form = CodeForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "next": _next_url(request)})
        otp_login(request, form.device)
        request.session.pop(SESSION_KEY, None)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(
                request, f"You used a recovery code: {left} left. Set up a new app if you lost it."
            )
        return redirect(_next_url(request))


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, refusing more than a few requests an hour per address and per IP."""

    PER_HOUR = {"ip": 10, "email": 3}

    def form_valid(self, form):
        ip = self.request.META.get("REMOTE_ADDR", "")
        email = form.cleaned_data["email"].strip().lower()
        keys = {"ip": f"reset:ip:{ip}", "email": f"reset:email:{email}"}
        for kind, key in keys.items():
            cache.add(key, 0, timeout=3600)
            if cache.incr(key) > self.PER_HOUR[kind]:
                form.add_error(
                    "email",
                    "Too many reset requests: wait an hour, or ask your board's administrator",
                )
                return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
