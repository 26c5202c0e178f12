"""Signing in safely: throttled passwords and reset requests, two-factor sign-in for those who
can change a whole board, and sessions that end when left idle."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.middleware import SEEN_KEY
from tests.html import html_errors, java_available

PASSWORD = "correct horse battery"
LOGIN = "/accounts/login/"


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def two_factor(settings):
    """Two-factor sign-in as in production (the test settings leave it off)."""
    settings.TWO_FACTOR_ENABLED = True


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)


# --- Throttling --------------------------------------------------------------------------------


def test_thirty_wrong_passwords_lock_the_account_so_the_right_one_then_fails(client, lead_user):
    """Issue 12: 30 wrong passwords in 20 s, then the right one, used to sign in."""
    statuses = {sign_in(client, "wiltshire-lead", "wrong").status_code for _ in range(30)}
    assert 429 in statuses
    response = sign_in(client, "wiltshire-lead")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_that_user_from_that_address_only(client, lead_user):
    for _ in range(5):
        sign_in(client, "wiltshire-lead", "wrong", ip="10.0.0.1")
    assert sign_in(client, "wiltshire-lead", ip="10.0.0.2").status_code == 302


def test_an_administrator_can_lift_a_lockout(client, lead_user):
    from axes.utils import reset

    for _ in range(5):
        sign_in(client, "wiltshire-lead", "wrong")
    assert sign_in(client, "wiltshire-lead").status_code == 429
    reset(username="wiltshire-lead")
    assert sign_in(client, "wiltshire-lead").status_code == 302


def test_password_reset_requests_are_limited_per_address(client, lead_user):
    cache.clear()
    url = reverse("password_reset")
    codes = [
        client.post(url, {"email": "qa@wiltshire.example"}, REMOTE_ADDR="10.0.0.9").status_code
        for _ in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    response = client.post(url, {"email": "qa@wiltshire.example"})
    assert "Too many reset requests" in response.content.decode()


# --- Two-factor sign-in ------------------------------------------------------------------------


def test_a_superuser_must_set_up_two_factor_before_anything_else(client, superuser, two_factor):
    assert sign_in(client, "admin").status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two-factor"))
    page = client.get(reverse("accounts:two-factor"))
    assert b"<svg" in page.content and b"Key:" in page.content


def test_setting_up_an_app_gives_recovery_codes_and_opens_the_site(client, superuser, two_factor):
    sign_in(client, "admin")
    client.get(reverse("accounts:two-factor"))
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    wrong = client.post(reverse("accounts:two-factor"), {"code": "000000", "next": "/admin/"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code delays the next try (django-otp's throttling)
    response = client.post(reverse("accounts:two-factor"), {"code": code_for(device)})
    assert response.status_code == 200
    assert StaticToken.objects.filter(device__user=superuser).count() == 10
    assert all(token.token in response.content.decode() for token in StaticToken.objects.all())
    assert client.get("/admin/").status_code == 200


def test_a_user_with_an_app_is_asked_for_a_code_at_every_sign_in(client, superuser, two_factor):
    device = TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    sign_in(client, "admin")
    response = client.get("/admin/")
    assert response.url.startswith(reverse("accounts:two-factor-verify"))
    wrong = client.post(reverse("accounts:two-factor-verify"), {"code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code delays the next try (django-otp's throttling)
    ok = client.post(
        reverse("accounts:two-factor-verify"), {"code": code_for(device), "next": "/admin/"}
    )
    assert ok.status_code == 302 and ok.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once(client, superuser, two_factor):
    from django_otp.plugins.otp_static.models import StaticDevice

    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    recovery = StaticDevice.objects.create(user=superuser, name="Recovery codes")
    recovery.token_set.create(token="recover1")
    sign_in(client, "admin")
    response = client.post(reverse("accounts:two-factor-verify"), {"code": "recover1"})
    assert response.status_code == 302
    assert not recovery.token_set.exists()


def test_a_board_manager_must_use_two_factor_but_a_lead_need_not(
    client, board_manager, lead_user, two_factor
):
    sign_in(client, "wiltshire-manager")
    assert client.get("/actions/mine/").status_code == 302
    client.logout()
    sign_in(client, "wiltshire-lead", ip="10.0.0.3")
    assert client.get("/actions/mine/").status_code == 200


def test_an_open_redirect_through_next_is_refused(client, superuser, two_factor):
    device = TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    sign_in(client, "admin")
    response = client.post(
        reverse("accounts:two-factor-verify"),
        {"code": code_for(device), "next": "https://evil.example/"},
    )
    assert response.url == "/"


# --- Idle sessions -----------------------------------------------------------------------------


def test_a_session_left_idle_too_long_is_signed_out(client, lead_user, settings):
    sign_in(client, "wiltshire-lead")
    assert client.get("/actions/mine/").status_code == 200
    session = client.session
    session[SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 60
    session.save()
    response = client.get("/actions/mine/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_makes_the_next_try_wait(client, superuser, two_factor):
    """django-otp throttles guessing: right after a wrong code even the right one is refused."""
    device = TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    sign_in(client, "admin")
    client.post(reverse("accounts:two-factor-verify"), {"code": "123456"})
    response = client.post(reverse("accounts:two-factor-verify"), {"code": code_for(device)})
    assert response.status_code == 200 and "That code is not right" in response.content.decode()


@pytest.mark.skipif(not java_available(), reason="the Nu Html Checker needs Java")
def test_the_sign_in_pages_are_valid_html(client, superuser, two_factor):
    pages = {}
    for _ in range(5):
        sign_in(client, "nobody", "wrong", ip="10.0.0.7")
    pages["locked-out"] = sign_in(client, "nobody", "wrong", ip="10.0.0.7").content.decode()
    sign_in(client, "admin")
    pages["setup"] = client.get(reverse("accounts:two-factor")).content.decode()
    device = TOTPDevice.objects.get(user=superuser)
    pages["setup-error"] = client.post(
        reverse("accounts:two-factor"), {"code": "x"}
    ).content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    pages["recovery-codes"] = client.post(
        reverse("accounts:two-factor"), {"code": code_for(device)}
    ).content.decode()
    client.logout()
    sign_in(client, "admin", ip="10.0.0.8")
    pages["verify"] = client.get(reverse("accounts:two-factor-verify")).content.decode()
    errors = html_errors(pages)
    assert errors == [], "\n".join(errors)


def test_two_factor_pages_query_counts_are_constant(
    client, superuser, two_factor, django_assert_num_queries
):
    """Guards against N+1 on the verify and set-up pages (session, user, devices)."""
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    sign_in(client, "admin")
    client.get(reverse("accounts:two-factor-verify"))
    with django_assert_num_queries(2):
        client.get(reverse("accounts:two-factor-verify"))
    client.get(reverse("accounts:two-factor"))
    with django_assert_num_queries(5):
        client.get(reverse("accounts:two-factor"))
