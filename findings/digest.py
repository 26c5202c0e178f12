"""The learning digest: each subscriber hears, in one e-mail a week, about the findings published
since their last digest on the themes they chose. `manage.py send_learning_digest` runs it (daily
is fine: a subscriber is only due once a week); it is idempotent, because each subscription
records up to when it was covered, in the same transaction as its e-mail is sent."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from themes.models import Theme

from .models import DigestSubscription, Finding

# Weekly, with an hour's slack so a daily timer that fires a little early still sends.
INTERVAL = {DigestSubscription.Frequency.WEEKLY: timedelta(days=7) - timedelta(hours=1)}
MOST_PER_DIGEST = 50  # the rest are behind the “see all” links


@dataclass
class Digest:
    """One e-mail: a subscription and the new findings on its themes (newest first)."""

    subscription: DigestSubscription
    findings: list
    more: bool  # there are more than the MOST_PER_DIGEST listed

    @property
    def subject(self):
        count = len(self.findings)
        plural = "s" if count != 1 or self.more else ""
        more = "+" if self.more else ""
        return f"{count}{more} new finding{plural} on your themes – Case Review Learning"


def due_subscriptions(*, now):
    """Subscriptions of active users with an e-mail address whose interval has passed."""
    subscriptions = (
        DigestSubscription.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("pk")
    )
    return [
        sub
        for sub in subscriptions
        if sub.last_sent_at is None or now - sub.last_sent_at >= INTERVAL[sub.frequency]
    ]


def new_findings(subscription, *, now):
    """Published findings on the subscription's themes whose review was published after it was
    last covered and by `now`, newest first (at most MOST_PER_DIGEST + 1, to know there are more)."""
    theme_ids = [theme.pk for theme in subscription.themes.all()]
    on_themes = Finding.themes.through.objects.filter(theme_id__in=theme_ids).values("finding_id")
    return list(
        Finding.objects.published()
        .filter(
            pk__in=on_themes,
            review__published_at__gt=subscription.covered_since,
            review__published_at__lte=now,
        )
        .with_context()
        .order_by("-review__published_at", "-pk")[: MOST_PER_DIGEST + 1]
    )


def send_learning_digest(*, dry_run=False, base_url=None, now=None):
    """Send (or with `dry_run`, only list) the digests due; returns them. A subscriber with
    nothing new gets no e-mail, and their window stays open until there is something."""
    now = now or timezone.now()
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    digests = []
    for subscription in due_subscriptions(now=now):
        findings = new_findings(subscription, now=now)
        if not findings:
            continue
        digest = Digest(subscription, findings[:MOST_PER_DIGEST], len(findings) > MOST_PER_DIGEST)
        if dry_run:
            digests.append(digest)
            continue
        with transaction.atomic():
            # Claim the window first: a second run at the same time finds it covered.
            claimed = DigestSubscription.objects.filter(
                pk=subscription.pk, last_sent_at=subscription.last_sent_at
            ).update(last_sent_at=now)
            if not claimed:
                continue
            send_mail(
                digest.subject,
                render_to_string(
                    "findings/email/learning_digest.txt",
                    {
                        "user": subscription.user,
                        "themes": subscription.themes.all(),
                        "findings": digest.findings,
                        "more": digest.more,
                        "since": subscription.covered_since,
                        "base_url": base_url,
                    },
                ),
                settings.DEFAULT_FROM_EMAIL,
                [subscription.user.email],
            )
        digests.append(digest)
    return digests
