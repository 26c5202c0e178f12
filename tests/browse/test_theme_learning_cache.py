"""The theme page's recommendations, questions, actions and related themes, kept rendered under
the content version (browse/fragments.theme_learning_sections) for misses of the page."""

import pytest
from django.urls import reverse

from findings.models import Recommendation


@pytest.fixture
def page_cache(settings):
    """The page cache on, so cached_value keeps values (it builds them every time otherwise)."""
    settings.PAGE_CACHE_SECONDS = 600


def sections(response):
    """The four sections' HTML (the rest of a signed-in page holds a new CSRF token each time)."""
    html = response.content.decode()
    start = html.index('<section aria-labelledby="recommendations"')
    return html[start : html.index('<section aria-labelledby="learned-before"')]


def test_signed_in_reader_gets_the_sections_from_the_cache_and_a_new_recommendation_at_once(
    client,
    corpus,
    user,
    page_cache,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    """Signed in (no whole-page cache): the second read skips the sections' four queries and
    shows the same page; a saved recommendation bumps the version and shows at once."""
    client.force_login(user)
    url = reverse("browse:theme-detail", args=["neglect"])
    first = sections(client.get(url))
    with django_assert_max_num_queries(11 - 4 + 2):  # less the four; session and user
        assert sections(client.get(url)) == first
    finding = corpus[0].reviews.get(status="published").findings.first()
    with django_capture_on_commit_callbacks(execute=True):
        Recommendation.objects.create(
            review=finding.review, finding=finding, key="new", text="Ask the school first."
        )
    assert "Ask the school first." in client.get(url).content.decode()
