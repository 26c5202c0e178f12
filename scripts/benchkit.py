"""What the benchmark scripts share: Django set up on the test settings, a throwaway database,
and one page measured as the median of a few requests with its query count.

Import it first in a script: `from benchkit import measure, throwaway_database`.
"""

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    get_runner,
    setup_test_environment,
)


@contextmanager
def throwaway_database():
    """Create the test database (SQLite in memory, or test_<name> on PostgreSQL), then drop it."""
    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        print(f"database: {connection.vendor}")
        yield
    finally:
        runner.teardown_databases(old_config)


def measure(client, url, runs=5):
    """Median milliseconds of `runs` GETs of `url`, and the queries one request makes."""
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(queries.captured_queries)
