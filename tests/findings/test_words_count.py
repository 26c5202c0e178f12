"""The findings list's words filter counts its matches only up to a cap (findings/views.py):
past it the page says “more than N”, lists the newest N and the CSV link offers them all."""

import pytest
from django.urls import reverse

from findings import views
from findings.models import Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def matching(corpus):
    """Every published finding holds the word “transport”."""
    for finding in Finding.objects.published():
        finding.text += " Transport to school was missed."
        finding.save()
    return Finding.objects.published().count()


def test_under_the_cap_the_count_is_exact(client, matching):
    page = client.get(reverse("findings:list"), {"q": "transport"})
    text = page.content.decode()
    assert f"<strong>{matching}</strong> findings match" in text
    assert f"Download these {matching} findings as CSV" in text


def test_past_the_cap_the_page_says_more_than_and_lists_the_newest(client, matching, monkeypatch):
    monkeypatch.setattr(views, "WORDS_COUNT_CAP", matching - 2)
    page = client.get(reverse("findings:list"), {"q": "transport"})
    text = page.content.decode()
    assert f"<strong>More than {matching - 2}</strong> findings match" in text
    assert "Download all of them as CSV" in text
    assert page.context["paginator"].count == matching - 2
    newest = Finding.objects.published().order_by("-pk").first()
    assert page.context["page_obj"][0] == newest


def test_with_other_filters_the_cap_holds_too(client, matching, monkeypatch):
    monkeypatch.setattr(views, "WORDS_COUNT_CAP", 1)
    board = Finding.objects.published().first().review.board
    page = client.get(reverse("findings:list"), {"q": "transport", "board": board.slug})
    assert "More than 1</strong>" in page.content.decode()


def test_the_export_is_never_capped(client, matching, monkeypatch):
    monkeypatch.setattr(views, "WORDS_COUNT_CAP", 1)
    response = client.get(reverse("findings:export"), {"q": "transport"})
    rows = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(rows) - 1 == matching  # a header, then every match
