"""Benchmark the public pages: response times and query counts, printed as a table.

Usage: .venv/bin/python scripts/benchmark.py [--scale N] [--repeat R]

Loads the curated fixtures into a throwaway SQLite database (or the DATABASE_URL you give, which
must be a disposable one: the script creates and fills its tables), optionally multiplies the
content N times with synthetic boards and reviews built from the real findings, then requests each
page R times with Django's test client and prints median and 95th-percentile times and the number
of queries. Figures, not assertions: the test suite never times anything.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    "/",
    "/themes/",
    "/themes/neglect/",
    "/themes/professional-challenge/",
    "/findings/",
    "/findings/?theme=neglect",
    "/findings/?q=escalation",
    "/reviews/",
    "/boards/",
    "/search/?q=neglected+children",
    "/feeds/reviews/",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20, help="copies of the content (default 20)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="crl-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("load_fixtures", verbosity=0)
    scale_content(args.scale)

    from findings.models import Finding
    from reviews.models import Review

    print(
        f"database: {connection.vendor}; {Review.objects.count()} reviews, "
        f"{Finding.objects.count()} findings (scale {args.scale}); {args.repeat} requests a page"
    )
    print(f"{'page':45} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    client = Client()
    for url in PAGES:
        client.get(url)  # warm caches and templates
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            reset_queries()
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{url:45} {response.status_code:>6} {len(queries):>7} "
            f"{statistics.median(timings):>10.1f} {p95:>8.1f}"
        )


def scale_content(copies):
    """Add `copies - 1` synthetic boards, each with copies of every real review and its findings."""
    from django.db import transaction

    from findings.models import Finding
    from reviews.models import Board, Review

    if copies <= 1:
        return
    originals = list(Review.objects.prefetch_related("findings__themes").select_related("board"))
    with transaction.atomic():
        for n in range(1, copies):
            board = Board.objects.create(name=f"Synthetic board {n}", slug=f"synthetic-{n}")
            for review in originals:
                copy = Review.objects.create(
                    name=review.name,
                    slug=f"{review.slug}-s{n}",
                    board=board,
                    briefing=review.briefing,
                    kind=review.kind,
                    year=review.year,
                    summary=review.summary,
                    status=review.status,
                    published_at=review.published_at,
                )
                for finding in review.findings.all():
                    themes = list(finding.themes.all())
                    clone = Finding.objects.create(
                        review=copy,
                        key=finding.key,
                        label=finding.label,
                        title=finding.title,
                        text=finding.text,
                        kind=finding.kind,
                        order=finding.order,
                    )
                    clone.themes.set(themes)


if __name__ == "__main__":
    main()
