"""The lists' board and theme checkboxes: built without the fields' subwidgets (the same HTML),
and kept rendered under the content version, keyed by what is ticked (core/checkboxes.py)."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from core.checkboxes import model_options
from findings.filters import FindingFilter
from reviews.models import Board


@pytest.fixture
def page_cache(settings):
    """The page cache on, so cached_value keeps values (it builds them every time otherwise)."""
    settings.PAGE_CACHE_SECONDS = 600


def test_model_options_render_as_the_fields_own_subwidgets(corpus):
    """Same names, values, ids, ticks and labels as Django's own checkboxes."""
    form = FindingFilter({"board": [corpus[1].slug], "theme": ["neglect"]}).form
    for name in ("board", "theme"):
        field = form[name]
        light = render_to_string(
            "includes/checkboxes.html", {"field": field, "options": model_options(field)}
        )
        own = render_to_string("includes/checkboxes.html", {"field": field})
        assert light == own
        assert " checked>" in light


def test_cached_board_checkboxes_follow_the_ticks_and_a_renamed_board(
    client, corpus, user, page_cache, django_capture_on_commit_callbacks
):
    """Signed in (no whole-page cache): the panel comes from the cache, per set of ticks (a
    rename behind the ORM's back does not show), and a board's saved new name shows at once (a
    save bumps the content version)."""
    client.force_login(user)
    board = corpus[0]
    ticked = re.compile(rf'value="{board.slug}" id="id_board_\d+" checked>')
    url, reviews_url = reverse("findings:list"), reverse("reviews:review-list")

    def pages():
        return [
            client.get(address, params).content.decode()
            for address in (url, reviews_url)
            for params in ({"board": board.slug}, {})
        ]

    def labelled(name):
        return [f'class="checkboxes__label">{name}</label>' in html for html in pages()]

    assert [bool(ticked.search(html)) for html in pages()] == [True, False, True, False]
    Board.objects.filter(pk=board.pk).update(name="Renamed partnership")  # no signal: no bump
    assert labelled(board.name) == [True] * 4  # the panels come from the cache
    with django_capture_on_commit_callbacks(execute=True):
        Board.objects.get(pk=board.pk).save()  # an admin edit: post_save bumps the version
    assert labelled("Renamed partnership") == [True] * 4
