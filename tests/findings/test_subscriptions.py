"""Subscriptions (issue 14): Atom feeds per theme and per board, the digest's settings page, and
`send_learning_digest` (weekly, idempotent, with --dry-run)."""

import re
from datetime import timedelta
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from findings.digest import send_learning_digest
from findings.models import DigestSubscription
from findings.services import save_digest_subscription
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"


def published(board, *, days_ago, year=2024, status="published"):
    """A review of `board` published `days_ago` days ago."""
    return factories.review(
        board,
        year=year,
        status=status,
        published_at=timezone.now() - timedelta(days=days_ago) if status == "published" else None,
    )


@pytest.fixture
def learning(db):
    """Two boards' findings on neglect and on curiosity, a draft, published at different times."""
    neglect = factories.theme("neglect", "Neglect")
    curiosity = factories.theme("professional-curiosity", "Professional curiosity", "practice")
    north, south = factories.board("North Partnership"), factories.board("South Partnership")
    old = published(north, days_ago=30)
    new = published(south, days_ago=2)
    draft = published(north, days_ago=0, status="draft")
    return {
        "neglect": neglect,
        "curiosity": curiosity,
        "north": north,
        "south": south,
        "old": factories.finding(old, "Neglect was missed for years.", neglect),
        "new": factories.finding(new, "Home conditions were not seen as neglect.", neglect),
        "other": factories.finding(new, "Parents' accounts accepted.", curiosity, order=1),
        "draft": factories.finding(draft, "Draft neglect finding.", neglect),
    }


def parse(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def test_theme_feed_is_valid_atom_of_its_published_findings(
    client, learning, django_assert_num_queries
):
    """Guards against N+1: the theme feed (theme, findings, their themes) is well-formed Atom
    with the published findings on the theme, newest first, and never a draft."""
    with django_assert_num_queries(3):
        response = client.get(reverse("findings:theme-feed", args=["neglect"]))
    feed = parse(response)
    assert feed.tag == f"{ATOM}feed"
    assert "Neglect" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links == [
        f"http://testserver{learning[key].get_absolute_url()}" for key in ("new", "old")
    ]
    summary = entries[0].find(f"{ATOM}summary").text
    assert "Home conditions were not seen as neglect." in summary and "Themes: Neglect" in summary
    assert all(entry.find(f"{ATOM}updated") is not None for entry in entries)


def test_board_feed_lists_only_that_boards_findings(client, learning):
    """The board feed holds the board's published findings only."""
    feed = parse(client.get(reverse("findings:board-feed", args=[learning["south"].slug])))
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}author/{ATOM}name").text for entry in entries] == [
        "South Partnership",
        "South Partnership",
    ]
    texts = " ".join(entry.find(f"{ATOM}summary").text for entry in entries)
    assert "Parents' accounts accepted." in texts and "Neglect was missed" not in texts


def test_theme_and_board_pages_link_their_feeds(client, learning):
    """rel=alternate in <head> and a visible link, on the theme and board pages."""
    from findings.services import refresh_counts

    refresh_counts()
    theme_html = client.get(learning["neglect"].get_absolute_url()).content.decode()
    feed_url = reverse("findings:theme-feed", args=["neglect"])
    head = theme_html[: theme_html.index("</head>")]
    assert (
        f'rel="alternate" type="application/atom+xml" title="New findings: Neglect" href="{feed_url}"'
        in head
    )
    assert f'<a href="{feed_url}">Subscribe to this feed</a>' in theme_html
    board_html = client.get(learning["north"].get_absolute_url()).content.decode()
    board_feed = reverse("findings:board-feed", args=[learning["north"].slug])
    assert f'href="{board_feed}"' in board_html[: board_html.index("</head>")]
    assert f'<a href="{board_feed}">Subscribe to this feed</a>' in board_html


def test_subscriptions_page_needs_sign_in(client, db):
    response = client.get(reverse("findings:subscriptions"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_user_chooses_and_clears_digest_themes(client, user, learning, django_assert_num_queries):
    """Guards against N+1 on the settings page; ticking themes subscribes, none unsubscribes."""
    client.force_login(user)
    url = reverse("findings:subscriptions")
    with django_assert_num_queries(4):  # session, user, subscription, themes
        assert client.get(url).status_code == 200
    client.post(url, {"themes": ["neglect", "professional-curiosity"]})
    subscription = DigestSubscription.objects.get(user=user)
    assert {t.slug for t in subscription.themes.all()} == {"neglect", "professional-curiosity"}
    html = client.get(url).content.decode()
    assert re.search(r'<input type="checkbox" name="themes" value="neglect"[^>]*checked', html)
    client.post(url, {})
    assert not DigestSubscription.objects.filter(user=user).exists()


def test_unknown_theme_is_a_clear_error(client, user, learning):
    """A made-up theme gives a message, never a 500, and changes nothing."""
    client.force_login(user)
    response = client.post(reverse("findings:subscriptions"), {"themes": ["no-such-theme"]})
    assert response.status_code == 200
    assert "Choose themes from the list." in response.content.decode()
    assert not DigestSubscription.objects.exists()


@pytest.fixture
def subscriber(learning):
    """A user with an e-mail address, subscribed to neglect since 10 days ago."""
    user = get_user_model().objects.create_user(
        "practitioner", email="p@example.org", password="correct horse battery"
    )
    subscription = save_digest_subscription(user=user, themes=[learning["neglect"]])
    subscription.created_at = timezone.now() - timedelta(days=10)
    subscription.save()
    return subscription


def test_digest_sends_findings_published_since_subscribing_once(subscriber, learning):
    """The first digest holds the finding published 2 days ago on neglect (not the one of 30
    days ago, before subscribing; not curiosity; not the draft); a second run sends nothing."""
    digests = send_learning_digest(base_url="https://crl.example")
    assert len(digests) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["p@example.org"]
    assert message.subject == "1 new finding on your themes – Case Review Learning"
    assert "Home conditions were not seen as neglect." in message.body
    assert f"https://crl.example{learning['new'].get_absolute_url()}" in message.body
    assert "Neglect was missed" not in message.body
    assert "Parents' accounts" not in message.body
    assert "Draft" not in message.body
    assert "https://crl.example/subscriptions/" in message.body
    subscriber.refresh_from_db()
    assert subscriber.last_sent_at is not None
    assert send_learning_digest() == []
    assert len(mail.outbox) == 1


def test_digest_a_week_later_holds_only_what_is_new(subscriber, learning):
    """A week after the last digest, only findings published since then are sent."""
    send_learning_digest()
    later = timezone.now() + timedelta(days=7)
    review = published(learning["north"], days_ago=0)
    review.published_at = timezone.now() + timedelta(days=3)
    review.save()
    factories.finding(review, "A newer neglect finding.", learning["neglect"])
    send_learning_digest(now=later)
    assert len(mail.outbox) == 2
    assert "A newer neglect finding." in mail.outbox[1].body
    assert "Home conditions" not in mail.outbox[1].body


def test_digest_dry_run_sends_nothing_and_records_nothing(subscriber, learning):
    """--dry-run says who would hear, sends nothing and leaves the window open."""
    out = StringIO()
    call_command("send_learning_digest", "--dry-run", stdout=out)
    assert "Would email p@example.org: 1 new finding" in out.getvalue()
    assert mail.outbox == []
    subscriber.refresh_from_db()
    assert subscriber.last_sent_at is None
    call_command("send_learning_digest", stdout=out)
    assert len(mail.outbox) == 1


def test_digest_skips_users_without_email(subscriber, learning):
    """No address: no e-mail."""
    subscriber.user.email = ""
    subscriber.user.save()
    assert send_learning_digest() == []
    assert mail.outbox == []


def test_digest_skips_inactive_accounts(subscriber, learning):
    """A deactivated account gets no digest."""
    subscriber.user.is_active = False
    subscriber.user.save()
    assert send_learning_digest() == []
    assert mail.outbox == []


def test_digest_lists_at_most_fifty_and_links_to_the_rest(subscriber, learning):
    """More than MOST_PER_DIGEST new findings: fifty listed, the subject says “50+”, and the
    e-mail links to each theme's findings."""
    review = published(learning["north"], days_ago=1)
    for number in range(55):
        factories.finding(
            review, f"Bulk neglect finding {number}.", learning["neglect"], order=number
        )
    send_learning_digest(base_url="https://crl.example")
    body = mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("50+ new findings")
    assert body.count("https://crl.example/findings/") >= 50
    assert "https://crl.example/findings/?theme=neglect" in body
