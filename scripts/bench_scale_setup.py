"""For bench_scale.py: sessions for a lead and an admin, and the ids its page addresses need.

Run with the benchmark database's environment; prints key=value lines.
"""

import os
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from actions.models import Lead  # noqa: E402
from findings.models import Finding, ThemeBoardCount  # noqa: E402
from themes.models import Theme  # noqa: E402


def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


User = get_user_model()
admin, _ = User.objects.get_or_create(
    username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
)
lead = Lead.objects.filter(holders__isnull=False).order_by("pk").first().holders.first()
neglect = Theme.objects.get(slug="neglect")
row = ThemeBoardCount.objects.filter(theme=neglect).select_related("board").order_by("-findings")
row = row[len(row) // 2]  # a board of middling size on the theme
finding = Finding.objects.published().order_by("pk")
finding = finding[finding.count() // 3]
print(f"lead_session={session_for(lead)}")
print(f"admin_session={session_for(admin)}")
print(f"neglect_id={neglect.pk}")
print(f"board_id={row.board_id}")
print(f"board_slug={row.board.slug}")
print(f"finding_id={finding.pk}")
print(f"review_slug={finding.review.slug}")

# The "many different pages" rows: as many distinct addresses as the benchmark sends requests to
# one row (VARIED), so each is asked for about once and a page cache cannot hide what a miss
# costs — the usual case for 150,000 finding pages, searches people type and filter combinations.
VARIED = 240
rng = random.Random(10)
ids = list(Finding.objects.published().order_by("pk").values_list("pk", flat=True))
print("varied_findings=" + ",".join(str(pk) for pk in rng.sample(ids, VARIED)))
words = sorted(
    {
        w.lower()
        for name, keywords in Theme.objects.values_list("name", "keywords")
        for w in re.findall(r"[A-Za-z]{4,}", f"{name} {keywords}")
    }
)
queries = set()
while len(queries) < VARIED:  # one word, or two (about half each)
    queries.add("+".join(sorted(rng.sample(words, rng.choice((1, 2))))))
print("varied_searches=" + ",".join(sorted(queries)))
pairs = list(
    ThemeBoardCount.objects.filter(findings__gt=0).values_list("theme__slug", "board__slug")
)
print("varied_filters=" + ",".join(f"theme={t}&board={b}" for t, b in rng.sample(pairs, VARIED)))
