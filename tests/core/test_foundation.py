"""The skeleton: settings, migrations, home page, the two commands' management commands."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from actions.models import Lead
from reviews.models import Board
from tests.html import html_errors, java_available


def test_home_page_renders_with_skip_link(client, published_review, theme):
    response = client.get(reverse("browse:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert published_review.name in html
    assert "Neglect" in html


def test_home_page_hides_draft_reviews(client, published_review):
    published_review.status = published_review.Status.DRAFT
    published_review.save()
    response = client.get(reverse("browse:home"))
    assert published_review.name not in response.content.decode()


def test_home_page_query_count_is_constant(
    client, published_review, theme, django_assert_num_queries
):
    """Guards against N+1: themes, recent reviews and the count are three queries however many rows."""
    with django_assert_num_queries(3):
        client.get(reverse("browse:home"))


def test_pages_send_a_content_security_policy_without_unsafe_inline(client, db):
    response = client.get(reverse("browse:home"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.skipif(not java_available(), reason="java is needed for the HTML checker")
def test_home_page_is_valid_html(client, published_review, theme):
    errors = html_errors({"home": client.get(reverse("browse:home")).content.decode()})
    assert errors == []


def test_settings_refuse_to_start_without_a_secret_when_debug_is_off():
    code = "import config.settings.base"
    completed = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in completed.stderr


def test_board_abbreviation_is_not_unique(db):
    Board.objects.create(
        name="Wiltshire Safeguarding Children Board", slug="w1", abbreviation="WSCB"
    )
    Board.objects.create(
        name="Wolverhampton Safeguarding Children Board", slug="w2", abbreviation="WSCB"
    )
    assert Board.objects.filter(abbreviation="WSCB").count() == 2


def test_demo_accounts_are_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(Exception, match="only created when DJANGO_DEBUG is on"):
        call_command("create_demo_accounts")


def test_demo_accounts_give_demo_lead_the_wiltshire_qa_lead(
    db, settings, tmp_path, monkeypatch, board
):
    from actions.management.commands import create_demo_accounts

    monkeypatch.setattr(create_demo_accounts, "PASSWORD_FILE", tmp_path / "pw.txt")
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # idempotent
    lead = Lead.objects.get(board=board, name="WSCB QA Lead")
    assert list(lead.holders.values_list("username", flat=True)) == ["demo-lead"]
    password = (tmp_path / "pw.txt").read_text().strip()
    from django.contrib.auth import authenticate

    assert authenticate(
        RequestFactory().post("/accounts/login/"), username="demo-admin", password=password
    ).is_superuser
