"""The findings list's year range (with findings of undated reviews handled on request) and
themes matched all together or any of them."""

import pytest
from django.urls import reverse

from findings.services import refresh_counts
from tests import factories


@pytest.fixture
def dated(db):
    """Findings of reviews from 2011, 2015 and 2018 and of an undated review, on two themes."""
    neglect = factories.theme("neglect", "Neglect")
    challenge = factories.theme("professional-challenge", "Professional challenge")
    board = factories.board()
    found = {}
    for year in (2011, 2015, 2018, None):
        review = factories.review(board, year=year)
        themes = (neglect, challenge) if year in (2015, None) else (neglect,)
        found[year] = factories.finding(review, f"Finding of {year}.", *themes)
    refresh_counts()  # as publishing does: the plain list's count is the pre-aggregated one
    return found


def listed(client, **params):
    response = client.get(reverse("findings:list"), params)
    assert response.status_code == 200
    return response, {f.review.year for f in response.context["object_list"]}


def test_year_range(client, dated):
    _, years = listed(client, year_from=2012, year_to=2018)
    assert years == {2015, 2018}
    _, years = listed(client, year_from=2015)
    assert years == {2015, 2018}
    _, years = listed(client, year_to=2011)
    assert years == {2011}


def test_undated_findings_can_be_included_or_shown_alone(client, dated):
    _, years = listed(client, year_from=2012, undated="include")
    assert years == {2015, 2018, None}
    _, years = listed(client, undated="only")
    assert years == {None}
    _, years = listed(client)
    assert years == {2011, 2015, 2018, None}


def test_a_backwards_year_range_is_a_clear_error(client, dated):
    response, years = listed(client, year_from=2018, year_to=2011)
    assert years == set()
    assert "Enter a year that is 2018 or later" in response.content.decode()


def test_the_single_year_link_still_works(client, dated):
    _, years = listed(client, year=2015)
    assert years == {2015}


def test_themes_match_any_by_default_and_all_on_request(client, dated):
    both = {"theme": ["neglect", "professional-challenge"]}
    _, years = listed(client, **both)
    assert years == {2011, 2015, 2018, None}
    _, years = listed(client, **both, theme_match="all")
    assert years == {2015, None}


def test_bad_filter_values_are_messages_not_errors(client, dated):
    response, _ = listed(client, year_from="abc", undated="sometimes", theme_match="most")
    html = response.content.decode()
    assert "Enter a number" in html
    assert "Select a valid choice" in html


def test_filtered_list_runs_a_fixed_number_of_queries(client, dated, django_assert_num_queries):
    """Guards against N+1: six queries however many findings (the ticked themes read, the
    count, the page, its themes' prefetch, the theme and board options)."""
    params = {
        "theme": ["neglect", "professional-challenge"],
        "theme_match": "all",
        "year_from": 2000,
        "year_to": 2020,
        "undated": "include",
    }
    with django_assert_num_queries(6):
        listed(client, **params)
    factories.finding(factories.review(factories.board(), year=2016), "More.", *[])
    with django_assert_num_queries(6):
        listed(client, **params)
