"""Rendered fragments of the pages drawn from the counts (the matrix, a theme's regions), cached
under the counts version: `findings.services.refresh_counts` bumps it in the same transaction as
it recounts (on publishing, returning to draft, admin edits), so a fragment never outlives the
counts it shows, on any server (the version is read from the database, the fragment from the
shared cache). Rendering these is most of those pages' time at national scale.

The theme page's learning sections (`theme_learning_sections`) are kept under the content
version instead (core.pagecache.cached_value: any save of content bumps it), as they show
recommendations, questions and actions themselves, not counts.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.pagecache import cached_value
from core.pagination import peek_page
from findings.models import CountsVersion, Recommendation, ReflectiveQuestion

from . import queries

TIMEOUT = 24 * 60 * 60  # a new version leaves the old fragments to expire
LEARNING_PAGE = 10  # recommendations or questions a page on the theme page


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


def theme_learning_sections(theme, request, finding_count):
    """The theme page's recommendations and questions (a page of each, never counted), latest
    actions and related themes, rendered (browse/includes/theme_learning_sections.html) and kept
    under the content version and the query string (the pagers' links keep the others' pages):
    on a miss of the page with a shared cache (a signed-in reader, another page of questions),
    their four queries are skipped. Returns the HTML and the lists when they were built ({} on a
    hit); without a shared cache it is built every time."""
    built = {}

    def build():
        built.update(
            recommendations=peek_page(
                queries.learning_on_theme(Recommendation, theme),
                request,
                param="recommendations",
                size=LEARNING_PAGE,
            ),
            questions=peek_page(
                queries.learning_on_theme(ReflectiveQuestion, theme),
                request,
                param="questions",
                size=LEARNING_PAGE,
            ),
            actions=list(queries.actions_on_theme(theme, 6)),
            related=list(queries.co_occurring_themes(theme)[:6]),
            related_sample=queries.RELATED_SAMPLE,
        )
        context = {"theme": theme, "finding_count": finding_count, **built}
        return render_to_string("browse/includes/theme_learning_sections.html", context)

    html = cached_value("theme-learning", [theme.pk, request.GET.urlencode()], build)
    return mark_safe(html), built
