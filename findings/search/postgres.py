"""PostgreSQL: `to_tsvector('english', label || title || text)` (English stemming), matched with
`websearch_to_tsquery`, ranked with `ts_rank`, highlighted with `ts_headline`, on a GIN
expression index built on exactly that vector (migration 0003_full_text_search)."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F

from .common import SNIPPET_WORDS, START, STOP

CONFIG = "english"
POSTGRES_INDEX_NAME = "finding_search_gin"
# Must be exactly the expression Django compiles `search_vector()` to, or the index is not used
# (tests/test_search.py checks the plan on PostgreSQL).
POSTGRES_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX_NAME} ON findings_finding USING GIN "
    "(to_tsvector('english'::regconfig, COALESCE(label, '') || ' ' || COALESCE(title, '') "
    "|| ' ' || COALESCE(text, '')))"
)


def search_vector():
    return SearchVector("label", "title", "text", config=CONFIG)


def matching(queryset, query):
    return queryset.annotate(search=search_vector()).filter(
        search=SearchQuery(query, search_type="websearch", config=CONFIG)
    )


def ranked(queryset, query):
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    return (
        matching(queryset, query)
        .annotate(
            rank=SearchRank(F("search"), search_query),
            snippet=SearchHeadline(
                "text",
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=15,
                short_word=3,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "pk")
    )


def neighbours(queryset, words, limit):
    """(pk, rank) of the findings matching any of `words`, best first."""
    search_query = SearchQuery(words[0], config=CONFIG)
    for word in words[1:]:
        search_query |= SearchQuery(word, config=CONFIG)
    return (
        queryset.annotate(search=search_vector())
        .filter(search=search_query)
        .annotate(rank=SearchRank(F("search"), search_query))
        .order_by("-rank", "pk")
        .values_list("pk", "rank")[:limit]
    )
