"""Sign in, sign out, password change and reset (console email locally, locmem in tests)."""

import re

import pytest
from django.core import mail
from django.urls import reverse


def test_sign_in_and_out(client, user):
    response = client.post(
        reverse("login"), {"username": "reader", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert "My actions" in client.get(reverse("browse:home")).content.decode()
    assert client.post(reverse("logout")).status_code == 302
    assert "Sign in" in client.get(reverse("browse:home")).content.decode()


def test_sign_in_with_a_wrong_password_gets_a_clear_message(client, user):
    response = client.post(reverse("login"), {"username": "reader", "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_password_change_with_bad_input_shows_each_error_and_keeps_the_password(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "a", "new_password2": "b"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_old_password"' in html
    user.refresh_from_db()
    assert user.check_password("correct horse battery")


def test_password_change(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "a much longer passphrase",
            "new_password2": "a much longer passphrase",
        },
        follow=True,
    )
    assert "Your password has been changed" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("a much longer passphrase")


def test_password_reset_sends_a_working_link(client, lead_user):
    response = client.post(reverse("password_reset"), {"email": "qa@wiltshire.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Case Review Learning password"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a new passphrase here", "new_password2": "a new passphrase here"},
        follow=True,
    )
    assert "Your password has been reset" in response.content.decode()
    lead_user.refresh_from_db()
    assert lead_user.check_password("a new passphrase here")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_an_old_reset_link_explains_it_has_expired(client, db):
    response = client.get("/accounts/reset/MQ/set-password/", follow=True)
    assert "This link has expired" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "signed_in", "queries"),
    [
        ("login", False, 0),
        ("password_reset", False, 0),
        ("password_reset_done", False, 0),
        ("password_change", True, 2),
        ("password_change_done", True, 2),
    ],
)
def test_account_pages_query_counts(
    client, user, django_assert_num_queries, name, signed_in, queries
):
    """Guards against N+1: account pages read the session and user at most."""
    if signed_in:
        client.force_login(user)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
