"""Whole public pages served from a shared cache to every reader, under a content version.

At national scale a public page costs 50–250 ms of queries and rendering; a cached one about a
millisecond. A page is cached only when nothing in it can belong to one person:

- the request is a GET with no messages waiting (no messages cookie, none in the session) to a
  view in one of PAGE_CACHE_NAMESPACES (the public knowledge base, never the tracker, accounts
  or the admin);
- the response is a 200, not streamed, sets no cookie, used no CSRF token (but in the header's
  account links, below) and is not marked private or no-store.

Signed-in readers share the same pages. The only part of a public page that is theirs is the
header's account links (their name, the sign-out form's CSRF token), which header.html marks
(ACCOUNT_START … ACCOUNT_END, includes/header_account.html). A page rendered for a signed-in
reader is stored with that part as an anonymous reader sees it, and a cached page is served to a
signed-in reader with that part rendered for them. Public templates hold nothing else per user:
tests/core/test_pagecache.py renders every public page both ways and compares them.

The key holds the content version, the day (actions become overdue at midnight), the scheme,
host and full path (feeds build absolute links). Every save or delete of a model in
PAGE_CACHE_APPS, every change of their many-to-many relations, and `findings.services.refresh_counts` (bulk loads) bump the version
once the transaction commits (`transaction.on_commit`: a page read before the commit cannot be
cached under the new version), so a published or edited review shows at once on every server.
The version lives in the same cache as the pages, so the page cache is on only when that cache
is shared by every process (`DJANGO_CACHE_URL`, Redis; or the files of the embedded default,
var/cache, on its one machine): with each process's own memory a bump in one worker would not
reach the others. PAGE_CACHE_SECONDS (0 = off) also bounds how long a page
can outlive a change made behind the ORM's back (SQL by hand, `QuerySet.update`).
"""

import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.timezone import localdate

VERSION_KEY = "page-cache:version"
ACCOUNT_START, ACCOUNT_END = b"<!--account-->", b"<!--/account-->"
ACCOUNT_TEMPLATE = "includes/header_account.html"
CSRF_FIELD = b"csrfmiddlewaretoken"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")
# Models whose rows no public page shows (the counts are bumped through refresh_counts).
IGNORED = {"findings.themeboardcount", "findings.countsversion"}


def enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def version():
    """The current content version (a new one if the cache lost it: old pages become unreachable)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        current = cache.get(VERSION_KEY)
    return current


def bump():
    """Make every cached page unreachable (call after the change is committed).

    A new value, never an increment: the file cache's `incr` is a read and a write, and two
    processes bumping at once would both write the same next number — a page rendered between
    the two commits would then outlive the second change.
    """
    cache.set(VERSION_KEY, time.time_ns(), None)


def cached_value(name, parts, build, timeout=None):
    """`build()`, kept in the shared cache under the content version and the day: for derived
    values that are costly to compute and change only with the content (the tracker's status
    counts over all boards). Built every time when the page cache is off (no shared cache)."""
    if not enabled():
        return build()
    try:
        text = ":".join(map(str, parts))
    except EmptyResultSet:  # a query that cannot match anything has no SQL to key on
        return build()
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    key = f"value:{name}:{version()}:{localdate().isoformat()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS)
    return value


def cached_only(name, parts):
    """What `cached_value(name, parts, …)` kept, or None (not kept, or the page cache is off):
    for a page that can skip building what it would render from only when every part is kept."""
    if not enabled():
        return None
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    return cache.get(f"value:{name}:{version()}:{localdate().isoformat()}:{digest}")


def bump_on_commit(**kwargs):
    """Receiver for content models' saves, deletes and many-to-many changes."""
    if enabled():
        transaction.on_commit(bump, using=kwargs.get("using"))


def connect_content_signals():
    """Connect bump_on_commit to every model of PAGE_CACHE_APPS (called from CoreConfig.ready).

    Connected model by model, not globally, so that deletes of other models keep Django's fast
    path (a post_delete receiver makes the collector fetch each row before deleting it).
    """
    labels = set(getattr(settings, "PAGE_CACHE_APPS", ()))
    for model in apps.get_models():
        if model._meta.app_label in labels and model._meta.label_lower not in IGNORED:
            uid = f"page-cache:{model._meta.label_lower}"
            post_save.connect(bump_on_commit, sender=model, dispatch_uid=uid + ":save")
            post_delete.connect(bump_on_commit, sender=model, dispatch_uid=uid + ":delete")
    m2m_changed.connect(content_m2m_changed, dispatch_uid="page-cache:m2m")


def content_m2m_changed(sender, action, **kwargs):
    if action.startswith("post_") and sender._meta.app_label in getattr(
        settings, "PAGE_CACHE_APPS", ()
    ):
        bump_on_commit(**kwargs)


class PageCacheMiddleware:
    """Serve and store public pages for anonymous readers (see the module's docstring). Sits last
    in MIDDLEWARE, so a cached page still passes through the security, CSP and frame headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and not getattr(request, "_page_cache_hit", False):
            content = shareable_content(request, response)
            if content is not None:
                cache.set(
                    key,
                    (response.status_code, content, headers_of(response)),
                    settings.PAGE_CACHE_SECONDS,
                )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not enabled() or not cacheable_request(request):
            return None
        path = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
        request._page_cache_key = f"page:{version()}:{localdate().isoformat()}:{digest}"
        cached = cache.get(request._page_cache_key)
        if cached is None:
            return None
        status, content, headers = cached
        if signed_in(request):
            content = with_account(content, render_to_string(ACCOUNT_TEMPLATE, request=request))
            if content is None:
                return None
        request._page_cache_hit = True
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


def cacheable_request(request):
    match = request.resolver_match
    return (
        request.method == "GET"
        and match is not None
        and match.namespace in settings.PAGE_CACHE_NAMESPACES
        and match.url_name not in settings.PAGE_CACHE_EXCLUDED_VIEWS
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in request.COOKIES
        and not (settings.SESSION_COOKIE_NAME in request.COOKIES and session_messages(request))
        and not for_signed_in_only(request)
    )


def session_messages(request):
    """Whether messages wait in the session (the page would show them, and consume them)."""
    session = getattr(request, "session", None)
    return session is not None and bool(session.get("_messages"))


def signed_in(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def for_signed_in_only(request):
    """Whether the view is one that only signed-in users may see (their own records, their
    subscriptions): never cached for anyone, whatever headers it sets."""
    view_class = getattr(request.resolver_match.func, "view_class", None)
    return view_class is not None and issubclass(view_class, AccessMixin)


def with_account(content, account):
    """`content` with its marked account links replaced by `account` (None if not marked)."""
    start = content.find(ACCOUNT_START)
    end = content.find(ACCOUNT_END, start)
    if start < 0 or end < 0:
        return None
    return content[: start + len(ACCOUNT_START)] + account.encode() + content[end:]


def shareable_content(request, response):
    """The response's content as every reader may be served it, or None if it may not be
    stored: a signed-in reader's page gets the anonymous account links, and must have used its
    CSRF token nowhere else."""
    if not storable(request, response, csrf_allowed=signed_in(request)):
        return None
    if not signed_in(request):
        return response.content
    content = with_account(
        response.content, render_to_string(ACCOUNT_TEMPLATE, {"user": AnonymousUser()})
    )
    if content is None or CSRF_FIELD in content:
        return None
    return content


def storable(request, response, csrf_allowed=False):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and (csrf_allowed or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        and (csrf_allowed or not request.META.get("CSRF_COOKIE_USED"))
        and "private" not in cache_control
        and "no-store" not in cache_control
        and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
    )


def headers_of(response):
    return [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
