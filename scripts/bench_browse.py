"""Benchmark the browse pages: time and queries per page, on the curated content and then with
generated boards added (tests/factories.py), to show the counts do not grow with rows.

    .venv/bin/python scripts/bench_browse.py [--extra-boards 0 50 200]
    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_browse.py   # on PostgreSQL (a
    throwaway test database is created and dropped)

Prints one line per page and size: median milliseconds of 5 requests, and the queries per request.
"""

import argparse
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = {
    "home": "/",
    "themes (matrix)": "/themes/",
    "theme": "/themes/neglect/",
    "7-minute briefing": "/themes/neglect/7-minute-briefing/",
    "reviews": "/reviews/",
    "reviews filtered": "/reviews/?kind=scr&year_from=2000&theme=neglect&sort=oldest",
    "review": "/reviews/wiltshire-family-m/",
    "findings": "/findings/",
    "findings filtered": "/findings/?theme=neglect&board=surrey-safeguarding-children-partnership",
    "findings words": "/findings/?q=neglected",
    "finding": None,  # the first Wiltshire finding, looked up below
    "boards": "/boards/",
    "board": "/boards/surrey-safeguarding-children-partnership/",
    "briefing": "/briefings/surrey-scr-briefing-2016-2020/",
    "search": "/search/?q=neglected+children",
    "findings CSV": "/findings/export.csv?theme=neglect",
    "reviews CSV": "/reviews/export.csv",
    "feed": "/feeds/reviews/",
}


def measure(client, url, runs=5):
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(queries.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra-boards", type=int, nargs="+", default=[0, 50, 200])
    args = parser.parse_args()

    setup_test_environment()
    from django.conf import settings
    from django.test.utils import get_runner

    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        from findings.models import Finding
        from tests.factories import build_corpus

        call_command("load_fixtures", stdout=StringIO())
        first = Finding.objects.filter(review__slug="wiltshire-family-m").order_by("order").first()
        pages = {name: url or first.get_absolute_url() for name, url in PAGES.items()}
        client = Client()
        print(f"database: {connection.vendor}")
        print(f"{'page':20} {'findings':>8} {'median ms':>10} {'queries':>8}")
        added = 0
        for extra in sorted(args.extra_boards):
            build_corpus(extra - added)
            added = extra
            findings = Finding.objects.published().count()
            for name, url in pages.items():
                ms, queries = measure(client, url)
                print(f"{name:20} {findings:8d} {ms:10.1f} {queries:8d}")
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
