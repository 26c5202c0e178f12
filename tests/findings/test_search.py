"""Full-text search: stemmed, websearch syntax, ranked, highlighted safely, index kept in sync."""

import pytest
from django.db import connection
from django.urls import reverse

from findings import search
from findings.models import Finding
from findings.search import common, postgres, sqlite
from reviews.models import Review
from tests import factories


@pytest.fixture
def texts(db):
    """Three published findings of one board with known words, and one draft finding."""
    board = factories.board()
    review = factories.review(board)
    draft = factories.review(board, status=Review.Status.DRAFT)
    return {
        "neglect": factories.finding(
            review, "The children were neglected: neglect of their health and neglect at home."
        ),
        "curiosity": factories.finding(
            review, "Practitioners showed little professional curiosity about the home.", order=1
        ),
        "escalation": factories.finding(
            review, "Concerns were not escalated when the school raised them.", order=2
        ),
        "draft": factories.finding(draft, "A neglected draft finding."),
    }


def results(query):
    return list(search.ranked(Finding.objects.published(), query))


def test_search_stems_english_words(texts):
    assert [f.pk for f in results("neglecting")] == [texts["neglect"].pk]
    assert [f.pk for f in results("escalate")] == [texts["escalation"].pk]


def test_search_never_finds_drafts(client, texts):
    response = client.get(reverse("browse:search") + "?q=draft")
    assert response.context["total"] == 0
    response = client.get(reverse("browse:search") + "?q=draft&type=findings")
    assert response.context["page_obj"].paginator.count == 0


def test_search_understands_websearch_syntax(texts):
    assert {f.pk for f in results("neglect or escalation")} == {
        texts["neglect"].pk,
        texts["escalation"].pk,
    }
    assert [f.pk for f in results('"professional curiosity"')] == [texts["curiosity"].pk]
    assert results('"curiosity professional"') == []
    assert [f.pk for f in results("home -neglect")] == [texts["curiosity"].pk]


def test_search_ranks_better_matches_first(texts):
    factories.finding(texts["neglect"].review, "One mention of neglect here.", order=5)
    found = results("neglect")
    assert found[0] == texts["neglect"]
    assert found[0].rank > found[1].rank


@pytest.mark.parametrize("query", ['"', "or", "-", "- -x", "AND", "NEAR(", "*", "'; DROP", "()"])
def test_search_survives_odd_input(client, texts, query):
    response = client.get(reverse("browse:search"), {"q": query})
    assert response.status_code == 200


def test_search_highlights_matches_and_escapes_everything_else(client, texts):
    finding = texts["curiosity"]
    finding.text = "<b>Bold</b> claims & professional curiosity <script>x()</script>"
    finding.save()
    response = client.get(reverse("browse:search") + "?q=curious+OR+curiosity")
    html = response.content.decode()
    assert "<mark>curiosity</mark>" in html
    # SQLite's snippet keeps the tags, escaped; PostgreSQL's ts_headline drops them.
    assert "Bold" in html
    assert "<b>Bold" not in html
    assert "<script>x()" not in html


def test_highlight_allows_only_mark():
    html = search.highlight(f'<i onclick="x">a</i> {common.START}word{common.STOP}')
    assert html == '&lt;i onclick="x"&gt;a&lt;/i&gt; <mark>word</mark>'


def test_search_index_follows_edits_and_deletions(texts):
    finding = texts["escalation"]
    finding.text = "Nobody asked about the father."
    finding.save()
    assert results("escalated") == []
    assert [f.pk for f in results("fathers")] == [finding.pk]
    finding.delete()
    assert results("fathers") == []


def test_search_page_offers_matching_themes_and_the_filtered_list(client, texts, theme):
    html = client.get(reverse("browse:search") + "?q=neglect").content.decode()
    assert theme.get_absolute_url() in html
    assert "/findings/?q=neglect" in html


def test_empty_search_shows_the_box_and_no_results(client, texts):
    response = client.get(reverse("browse:search") + "?q=")
    assert response.status_code == 200
    assert response.context["page_obj"] is None


def test_fts5_query_quotes_every_term():
    assert sqlite.fts5_query('neglect "home conditions" -school or health') == (
        '("neglect") AND ("home conditions" OR "health") NOT "school"'
    )
    assert sqlite.fts5_query("-only") == ""
    assert sqlite.fts5_query('NEAR( "x') == '("NEAR") AND ("x")'


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_search_uses_the_gin_index(texts):
    query = search.matching(Finding.objects.order_by(), "neglect").values("pk")
    with connection.cursor() as cursor:
        # With a handful of rows the planner would rather scan; make it show what it can use.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert postgres.POSTGRES_INDEX_NAME in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_index_is_rebuilt_if_a_later_migration_drops_its_triggers(texts):
    with connection.cursor() as cursor:
        for statement in sqlite.SQLITE_DROP_SQL:
            cursor.execute(statement)
    search.ensure_sqlite_index(connection)
    assert [f.pk for f in results("neglect")] == [texts["neglect"].pk]
    factories.finding(texts["neglect"].review, "Another neglect finding.", order=9)
    assert len(results("neglect")) == 2


@pytest.mark.parametrize(
    "query", ["-" * 33, "-" * 40 + "neglect", "a" + "-" * 33 + "b", "- " * 40, "neglect -" * 40]
)
def test_runs_of_hyphens_do_not_overflow_the_query_parser(client, published_review, query):
    """Regression (issue 12): 33 or more hyphens made PostgreSQL raise “tsquery stack too small”."""
    for url in ("/search/", "/findings/", "/findings/export.csv"):
        assert client.get(url, {"q": query}).status_code == 200


def test_theme_candidates_count_shared_themes_within_a_bounded_window(db, monkeypatch):
    """Similar findings' theme candidates: the findings sharing most themes, newest first among
    equals, counted exactly over the newest rows of the finding's themes, never the whole theme."""
    from findings.search import similar

    neglect, curiosity, other = (
        factories.theme(slug) for slug in ("neglect", "curiosity", "other")
    )
    review = factories.review(factories.board())
    old_both = factories.finding(review, "Old.", neglect, curiosity)
    one = factories.finding(review, "One.", neglect, order=1)
    both = factories.finding(review, "Both.", neglect, curiosity, other, order=2)
    unrelated = factories.finding(review, "Unrelated.", other, order=3)
    finding = factories.finding(review, "Me.", neglect, curiosity, order=4)
    through = Finding.themes.through
    themes = {neglect.pk, curiosity.pk}

    found = similar.theme_candidates(through, finding.pk, themes, limit=10)
    assert found == {both.pk: 2, old_both.pk: 2, one.pk: 1}
    assert list(found) == [both.pk, old_both.pk, one.pk] and unrelated.pk not in found
    assert list(similar.theme_candidates(through, finding.pk, themes, limit=1)) == [both.pk]
    assert similar.theme_candidates(through, finding.pk, set(), limit=10) == {}

    # The window holds the newest theme rows only (the finding's own included): the oldest
    # finding falls out of it rather than the query reading every row of a common theme.
    monkeypatch.setattr(similar, "THEME_WINDOW", 5)
    assert similar.theme_candidates(through, finding.pk, themes, limit=10) == {
        both.pk: 2,
        one.pk: 1,
    }
