"""Rendered fragments of the pages drawn from the counts (the matrix, a theme's regions), cached
under the counts version: `findings.services.refresh_counts` bumps it in the same transaction as
it recounts (on publishing, returning to draft, admin edits), so a fragment never outlives the
counts it shows, on any server (the version is read from the database, the fragment from the
shared cache). Rendering these is most of those pages' time at national scale."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from findings.models import CountsVersion

TIMEOUT = 24 * 60 * 60  # a new version leaves the old fragments to expire


def cached_fragment(name, parts, template, build):
    """The HTML of `template` rendered with `build()` (called only on a miss), and that context
    (None on a hit: the caller's queries were not needed)."""
    key = ":".join(["fragment", name, str(CountsVersion.current()), *map(str, parts)])
    html = cache.get(key)
    if html is not None:
        return mark_safe(html), None
    context = build()
    html = render_to_string(template, context)
    cache.set(key, html, TIMEOUT)
    return mark_safe(html), context
