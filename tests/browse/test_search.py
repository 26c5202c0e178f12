"""Search over everything (/search/): every kind of learning is found by its own words, on
SQLite (FTS5) and PostgreSQL (stored tsvectors), grouped with counts, in a fixed number of
queries; a misspelt theme word gets a suggestion."""

import pytest
from django.urls import reverse

from actions.models import Action, ActionPlan, Lead
from browse import search
from findings.models import Recommendation, ReflectiveQuestion
from reviews.models import Family, Review
from tests import factories


def counts(query):
    return {result.group.key: result.count for result in search.overview(query)}


@pytest.fixture
def learning(db):
    """One published review of every searchable kind, with the issue's example words, and a
    draft review holding the same words (never to be found)."""
    hampshire = factories.board("Hampshire Safeguarding Children Partnership")
    hampshire.area = "Hampshire"
    hampshire.save()
    neglect = factories.theme("neglect", "Neglect")
    objects = {"board": hampshire}
    for status in (Review.Status.PUBLISHED, Review.Status.DRAFT):
        review = factories.review(hampshire, status=status, name="Child Z")
        Family.objects.create(review=review, pseudonym="Baby JW", children="A baby boy.")
        finding = factories.finding(review, "Neglect of the baby was not recognised.", neglect)
        Recommendation.objects.create(
            review=review, key="rec", text="Use the Graded Care Profile in every neglect case."
        )
        ReflectiveQuestion.objects.create(
            review=review, key="q", text="How well embedded is trauma informed supervision?"
        )
        plan = ActionPlan.objects.create(review=review, finding=finding, key="plan")
        lead = Lead.objects.create(board=hampshire, name=f"Lead {status}")
        Action.objects.create(
            plan=plan,
            key="a",
            lead=lead,
            description="Courageous Conversations workshops for every agency.",
        )
        if status == Review.Status.PUBLISHED:
            objects.update(review=review, finding=finding, plan=plan)
    return objects


EXAMPLES = [
    ("Child Z", "reviews"),
    ("Baby JW", "reviews"),
    ("Hampshire", "reviews"),
    ("Hampshire", "boards"),
    ("trauma informed", "questions"),
    ("Courageous Conversations", "actions"),
    ("Graded Care Profile", "recommendations"),
    ("neglected", "findings"),
]


@pytest.mark.parametrize(("query", "kind"), EXAMPLES)
def test_every_kind_of_learning_is_found_by_its_own_words_and_drafts_never(learning, query, kind):
    """Each example of the issue finds exactly the published one (the draft has the same words)."""
    assert counts(query)[kind] == 1


def test_search_page_groups_results_with_counts_and_links_to_more(client, learning):
    response = client.get(reverse("browse:search"), {"q": "neglect"})
    groups = {result.group.key: result for result in response.context["groups"]}
    assert groups["findings"].count == 1
    assert groups["recommendations"].count == 1
    assert groups["boards"].count == 0
    html = response.content.decode()
    assert 'id="results-recommendations"' in html
    assert "Graded Care Profile" in html
    assert "<mark>neglect</mark>" in html
    assert response.context["total"] == sum(result.count for result in groups.values())


def test_review_results_name_their_board_and_family(client, learning):
    html = client.get(reverse("browse:search"), {"q": "Baby JW"}).content.decode()
    assert learning["review"].get_absolute_url() in html
    assert "Hampshire Safeguarding Children Partnership" in html
    assert "Baby JW" in html


def test_one_kind_is_listed_a_page_at_a_time(client, learning):
    response = client.get(reverse("browse:search"), {"q": "courageous", "type": "actions"})
    assert response.context["group"].key == "actions"
    assert response.context["page_obj"].paginator.count == 1
    html = response.content.decode()
    assert "Courageous Conversations workshops" in html
    assert "Lead published" in html  # the action's lead
    assert reverse("browse:search") + "?q=courageous" in html  # back to every kind


def test_a_page_past_the_last_shows_the_last_page(client, learning):
    response = client.get(
        reverse("browse:search"), {"q": "courageous", "type": "actions", "page": 9}
    )
    assert response.context["page_obj"].number == 1
    assert "Courageous Conversations workshops" in response.content.decode()


def test_counts_stop_past_the_limit_and_the_newest_matches_are_ranked(learning, monkeypatch):
    """The overview counts and ranks a kind's newest OVERVIEW_RANKED matches, and says “more
    than” only when there are more; all of one kind counts and ranks the newest RANK_LIMIT: the
    older, better match is ranked there, not on the overview."""
    review = learning["review"]
    older_better = Recommendation.objects.create(
        review=review, key="r1", text="Neglect, neglect, neglect: chronic neglect."
    )
    newer = [
        Recommendation.objects.create(review=review, key=f"r{n}", text=f"Neglect {n}.")
        for n in (2, 3)
    ]  # four published recommendations match, with the fixture's
    monkeypatch.setattr(search, "RANK_LIMIT", 3)
    monkeypatch.setattr(search, "OVERVIEW_RANKED", 2)
    result = {r.group.key: r for r in search.overview("neglect")}["recommendations"]
    assert (result.count, result.capped) == (2, True)  # “more than 2”
    assert {row.pk for row in result.rows} == {row.pk for row in newer}
    group = search.GROUPS_BY_KEY["recommendations"]
    result, page = search.one_group(group, "neglect")
    assert (result.count, result.capped, page) == (3, True, 1)
    assert result.rows[0].pk == older_better.pk
    monkeypatch.setattr(search, "RANK_LIMIT", 4)
    monkeypatch.setattr(search, "OVERVIEW_RANKED", 4)
    result = {r.group.key: r for r in search.overview("neglect")}["recommendations"]
    assert (result.count, result.capped) == (4, False)  # exactly the limit: not “more than”
    assert search.one_group(group, "neglect")[0].count == 4


def test_the_overview_says_more_than_its_limit_and_links_to_the_rest(client, learning, monkeypatch):
    for n in range(3):
        Recommendation.objects.create(review=learning["review"], key=f"n{n}", text="Neglect.")
    monkeypatch.setattr(search, "OVERVIEW_RANKED", 2)
    html = client.get(reverse("browse:search"), {"q": "neglect"}).content.decode()
    assert "Recommendations (2+)" in html
    assert "(more than 2)" in html
    assert "See all recommendations for" in html
    page = client.get(reverse("browse:search"), {"q": "neglect", "type": "recommendations"})
    assert page.context["page_obj"].paginator.count == 4
    assert not page.context["capped"]


def test_unknown_kind_or_page_is_ignored_not_an_error(client, learning):
    response = client.get(reverse("browse:search"), {"q": "neglect", "type": "zebra", "page": "x"})
    assert response.status_code == 200
    assert response.context["group"] is None
    assert response.context["total"] > 0


def test_search_indexes_follow_edits_and_deletions(learning):
    action = Action.objects.get(plan=learning["plan"])
    action.description = "Relaunch the escalation protocol."
    action.save()
    assert counts("courageous")["actions"] == 0
    assert counts("escalation")["actions"] == 1
    learning["board"].area = "Solent"
    learning["board"].save()
    assert counts("Solent")["boards"] == 1
    Family.objects.filter(review=learning["review"]).delete()
    assert counts("Baby JW")["reviews"] == 0


def test_search_runs_a_fixed_number_of_queries(client, learning, django_assert_num_queries):
    """Guards against N+1: one query counts and ranks the matches of every kind of result (six
    statements in a UNION ALL), one more per kind with matches for its best rows, a prefetch
    for the reviews' families and one for the findings' themes, and one for the themes named
    like the query."""
    query = "neglect OR Hampshire OR trauma OR courageous"
    assert all(counts(query).values())
    with django_assert_num_queries(1 + 6 + 2 + 1):
        response = client.get(reverse("browse:search"), {"q": query})
    assert len(response.context["groups"]) == 6
    factories.review(learning["board"], name="Child Y")  # more rows: the same queries
    with django_assert_num_queries(1 + 6 + 2 + 1):
        client.get(reverse("browse:search"), {"q": query})


def test_a_misspelt_theme_word_gets_a_suggestion(client, learning):
    response = client.get(reverse("browse:search"), {"q": "negelct"})
    assert response.context["total"] == 0
    assert response.context["suggestion"] == "neglect"
    html = response.content.decode()
    assert "Did you mean" in html
    assert reverse("browse:search") + "?q=neglect" in html


def test_no_suggestion_for_known_words_or_nonsense(learning):
    assert search.suggestion("neglect") == ""
    assert search.suggestion("qwxzzy") == ""


def test_suggestion_reads_its_vocabulary_from_the_cache(
    client, learning, django_assert_num_queries
):
    """The vocabulary is built once (four queries), then read from the cache."""
    client.get(reverse("browse:search"), {"q": "negelct"})
    with django_assert_num_queries(1 + 1):  # every kind counted at once, themes named like it
        response = client.get(reverse("browse:search"), {"q": "negelct"})
    assert response.context["suggestion"] == "neglect"


CURATED_EXAMPLES = [
    ("Child Z", "reviews"),
    ("Family M", "reviews"),
    ("Baby JW", "reviews"),
    ("Hampshire", "reviews"),
    ("Hampshire", "boards"),
    ("trauma informed", "questions"),
    ("Courageous Conversations", "actions"),
    # "Graded Care Profile" is in none of the five curated briefings: the learning fixture above
    # has it in a recommendation.
]


def test_the_issues_examples_are_found_in_the_curated_content(curated_content):
    for query, kind in CURATED_EXAMPLES:
        assert counts(query)[kind] >= 1, (query, kind)
    assert search.suggestion("negelct") == "neglect"
