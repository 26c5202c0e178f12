"""PostgreSQL: a stored, generated `search_vector` column (to_tsvector('english', label || title
|| text), migration 0005_stored_search_vector) with a GIN index, matched with
`websearch_to_tsquery`, ranked with `ts_rank` on the stored vector, highlighted with `ts_headline`.

Ranking is bounded: a common word matches tens of thousands of findings, and ranking reads every
vector it ranks. `ranked` ranks the newest RANK_LIMIT matches only (see findings/search/__init__).
"""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import FloatField
from django.db.models.expressions import RawSQL

from .common import RANK_LIMIT, SNIPPET_WORDS, START, STOP

CONFIG = "english"
POSTGRES_INDEX_NAME = "finding_search_vector_gin"


def stored_vector():
    """The stored column (not in the model: PostgreSQL computes it, SQLite has no such column)."""
    return RawSQL('"findings_finding"."search_vector"', [], output_field=SearchVectorField())


def matching(queryset, query):
    return queryset.annotate(search=stored_vector()).filter(
        search=SearchQuery(query, search_type="websearch", config=CONFIG)
    )


def ranked(queryset, query):
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    newest_matches = matching(queryset, query).order_by("-pk").values("pk")[:RANK_LIMIT]
    return (
        queryset.filter(pk__in=newest_matches)
        .annotate(
            rank=SearchRank(stored_vector(), search_query),
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


def ranked_candidates(queryset, candidate_pks, words, pair_words, text_limit):
    """(pk, rank) of `candidate_pks` and of up to `text_limit` findings holding two of
    `pair_words`, ranked against any of `words` on the stored vectors: one query, bounded by its
    candidates (never a rank per match of a common word).

    The words are letters only (similar.significant_words), so they are safe in to_tsquery.
    """
    pairs = [f"({a} & {b})" for i, a in enumerate(pair_words) for b in pair_words[i + 1 :]]
    pair_query = " | ".join(pairs) or pair_words[0]
    candidates = RawSQL(
        "SELECT unnest(%s::bigint[]) UNION (SELECT id FROM findings_finding "
        "WHERE search_vector @@ to_tsquery('english', %s) LIMIT %s)",
        [list(candidate_pks), pair_query, text_limit],
    )
    rank = RawSQL(
        'ts_rank("findings_finding"."search_vector", to_tsquery(\'english\', %s))',
        [" | ".join(words)],
        output_field=FloatField(),
    )
    return queryset.filter(pk__in=candidates).annotate(rank=rank).values_list("pk", "rank")
