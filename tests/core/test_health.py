"""/health/: what the load balancer asks each app server (config/health.py)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

# A Redis that is not there: nothing listens on port 1, so connecting is refused at once.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_health_is_ok_when_database_and_cache_answer(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_health_query_count_is_one(client, db, django_assert_num_queries):
    """Guards against the check growing: one trivial query, no session, no user lookup."""
    with django_assert_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200


def test_health_needs_no_sign_in_even_for_a_signed_in_session(client, user):
    client.force_login(user)
    assert client.get("/health/").status_code == 200


def test_health_reports_an_unreachable_cache_as_503(client, db):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failed"}


def test_health_reports_a_cache_that_loses_what_it_was_given(client, db):
    with mock.patch("config.health.cache.get", return_value=None):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failed"}


def test_health_reports_an_unreachable_database_as_503_without_the_reason(client, db):
    with mock.patch(
        "config.health.connection.cursor", side_effect=OperationalError("password=hunter2")
    ):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "failed", "cache": "ok"}
    assert b"hunter2" not in response.content


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_health_only_answers_reads(client, db, method):
    assert getattr(client, method)("/health/").status_code == 405


def test_health_is_not_redirected_to_https(client, db, settings):
    """The balancer checks each server over plain HTTP inside the network."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    assert client.get("/health/").status_code == 200
    assert client.get("/themes/").status_code == 301
