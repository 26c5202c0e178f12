"""/health/ for the load balancer: can this app server reach the database and the cache?

Cheap on purpose (one trivial query, one cache round trip), never cached, no sign-in. The answer
says only which dependency failed; the reason goes to the log, not to whoever asked.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_ok():
    """A trivial query on the default database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_ok():
    """Set a key only this request knows, read it back (it expires by itself in seconds)."""
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=5)
    return cache.get(key) == value


CHECKS = {"database": database_ok, "cache": cache_ok}


@never_cache
@require_safe
def health(request):
    """200 {"database": "ok", "cache": "ok"}, or 503 with "failed" beside what failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            passed = check()
        except Exception:  # any failure of a dependency is a failed check, never a 500
            logger.exception("Health check %r raised", name)
            passed = False
        results[name] = "ok" if passed else "failed"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
