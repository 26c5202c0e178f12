"""PostgreSQL: a stored, generated `search_vector` column (to_tsvector('english', label || title
|| text), migration 0005_stored_search_vector) with a GIN index, matched with
`websearch_to_tsquery`, ranked with `ts_rank` on the stored vector, highlighted with `ts_headline`.

Ranking is bounded: a common word matches tens of thousands of findings, and ranking reads every
vector it ranks. The caller (findings/search/__init__) hands `ranked` the newest RANK_LIMIT matches.
"""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import Expression, FloatField
from django.db.models.expressions import RawSQL

from .common import SNIPPET_WORDS, START, STOP

CONFIG = "english"
POSTGRES_INDEX_NAME = "finding_search_vector_gin"


class StoredVector(Expression):
    """The stored `search_vector` column of the query's findings table, under whatever alias the
    table has (U0 in a subquery). Not a model field: PostgreSQL computes it, SQLite has none."""

    output_field = SearchVectorField()

    def __init__(self, alias=None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        clone = self.copy()
        clone.alias = query.get_initial_alias()
        return clone

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        return f'{compiler.quote_name_unless_alias(self.alias)}."search_vector"', []


def stored_vector():
    return StoredVector()


def matching(queryset, query):
    return queryset.alias(search=stored_vector()).filter(
        search=SearchQuery(query, search_type="websearch", config=CONFIG)
    )


def ranked(queryset, query):
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    return queryset.annotate(
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
    ).order_by("-rank", "pk")


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
