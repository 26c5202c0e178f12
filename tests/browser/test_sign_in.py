"""Two-factor set-up in a real browser, as a board manager meets it: sign in, scan (here: read
the key), enter the code, keep the recovery codes. axe on each page; a screenshot to look at."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_superuser_sets_up_two_factor_sign_in(page, settings):
    settings.TWO_FACTOR_ENABLED = True
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "correct horse 1")
    page.goto("/accounts/login/?next=/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "correct horse 1")
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/**")
    assert page.locator(".qr-code svg").is_visible()
    screenshot(page, "two-factor-setup")
    assert_no_axe_violations(page)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Two-factor sign-in is on")
    assert page.locator(".recovery-codes li").count() == 10
    screenshot(page, "two-factor-recovery-codes")
    assert_no_axe_violations(page)
    page.click('main a:has-text("Continue")')
    page.wait_for_url("**/admin/")
