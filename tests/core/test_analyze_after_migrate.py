"""After a migrate that applied something, PostgreSQL's planner statistics are refreshed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.apps import analyze_after_migrate

pytestmark = pytest.mark.django_db


def analyzes(plan):
    with CaptureQueriesContext(connection) as ctx:
        analyze_after_migrate(sender=None, using="default", plan=plan)
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("ANALYZE")]


def test_nothing_applied_runs_nothing():
    assert analyzes([]) == []
    assert analyzes(None) == []


def test_a_backwards_plan_runs_nothing():
    assert analyzes([(object(), True)]) == []


def test_an_applied_migration_analyzes_on_postgresql_only():
    expected = ["ANALYZE"] if connection.vendor == "postgresql" else []
    assert analyzes([(object(), False)]) == expected
