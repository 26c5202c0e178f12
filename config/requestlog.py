"""One JSON line per request: id, method, path, status, duration, user.

The request id is the proxy's X-Request-ID when it sends a plausible one (so a line here matches
the load balancer's), else a new one; either way it goes back in the response's X-Request-ID.
Only the path is logged: never the query string (search terms, filters), never a body (progress
notes, evidence), never a header other than the request id.
"""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.utils.functional import empty

logger = logging.getLogger("crl.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and - _ . : only, at most 128 characters: an id a proxy made, not text to echo.
_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_MAX_PATH = 300


def request_id_for(request):
    """The proxy's request id when it is plausible, else a new random one."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    if _PLAUSIBLE_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def _user_id(request):
    """The signed-in user's id, "-" for anyone else.

    Only a user the request has already looked at: loading one here would cost a query on
    requests that never needed it (/health/, static files, the calendar feed).
    """
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return "-"
    return str(user.pk) if user.is_authenticated else "-"


class RequestLogMiddleware:
    """Time the request, log it as one line, and echo the request id in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        logger.info(
            "%s %s %s",
            request.method,
            request.path[:_MAX_PATH],
            response.status_code,
            extra={
                "request_line": {
                    "request_id": request.request_id,
                    "method": request.method,
                    "path": request.path[:_MAX_PATH],
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": _user_id(request),
                }
            },
        )
        return response


class JsonLineFormatter(logging.Formatter):
    """A record as one JSON object: time, level, logger, and the request's fields if any."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
        }
        request_line = getattr(record, "request_line", None)
        if request_line:
            line.update(request_line)
        else:
            line["message"] = record.getMessage()
        return json.dumps(line, ensure_ascii=False)
