"""Benchmark the browse pages: time and queries per page, on the curated content and then with
generated boards added (tests/factories.py), to show the counts do not grow with rows.

    .venv/bin/python scripts/bench_browse.py [--extra-boards 0 50 200]
    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_browse.py   # on PostgreSQL (a
    throwaway test database is created and dropped)

Prints one line per page and size: median milliseconds of 5 requests, and the queries per request.
"""

import argparse
from io import StringIO

from benchkit import measure, throwaway_database
from django.core.management import call_command
from django.test import Client

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra-boards", type=int, nargs="+", default=[0, 50, 200])
    args = parser.parse_args()

    with throwaway_database():
        from findings.models import Finding
        from tests.factories import build_corpus

        call_command("load_fixtures", stdout=StringIO())
        first = Finding.objects.filter(review__slug="wiltshire-family-m").order_by("order").first()
        pages = {name: url or first.get_absolute_url() for name, url in PAGES.items()}
        client = Client()
        print(f"{'page':20} {'findings':>8} {'median ms':>10} {'queries':>8}")
        added = 0
        for extra in sorted(args.extra_boards):
            build_corpus(extra - added)
            added = extra
            findings = Finding.objects.published().count()
            for name, url in pages.items():
                ms, queries = measure(client, url)
                print(f"{name:20} {findings:8d} {ms:10.1f} {queries:8d}")


if __name__ == "__main__":
    main()
