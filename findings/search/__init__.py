"""Full-text search over findings, on PostgreSQL and on SQLite, behind one small interface.

PostgreSQL: a stored generated column `search_vector` = `to_tsvector('english', label || title ||
text)` (English stemming) with a GIN index (migration 0005_stored_search_vector), matched with
`websearch_to_tsquery` (quoted phrases, `or`, `-word`), ranked with `ts_rank` on the stored
vector and highlighted with `ts_headline` (on the page's rows only).

Ranking is bounded on both engines' callers' behalf: `ranked` ranks the newest RANK_LIMIT matches
of a query (a common word such as “neglect” matches a tenth of the corpus); the search page says
so when a query reaches the limit.

SQLite: an FTS5 external-content table `findings_finding_fts` with the porter tokenizer (so
“neglected” finds “neglect”), kept in sync by triggers, ranked with `bm25()` and highlighted with
`snippet()`. The websearch syntax is translated to an FTS5 query by `fts5_query`.

Snippets are built with control-character sentinels around the matches, then HTML-escaped, the
sentinels turned into <mark>, and the result passed through nh3 allowing <mark> only: briefing
text is never rendered as HTML.
"""

from django.db import connection

from . import postgres, sqlite
from .common import RANK_LIMIT, clean_query, highlight

__all__ = [
    "RANK_LIMIT",
    "clean_query",
    "count_and_rank_all",
    "count_and_rank_sql",
    "ensure_sqlite_index",
    "highlight",
    "matching",
    "ranked",
    "ranked_bounded",
]

ensure_sqlite_index = sqlite.ensure_index


def _engine():
    return postgres if connection.vendor == "postgresql" else sqlite


def matching(queryset, query):
    """Findings of `queryset` that match `query` (websearch syntax, stemmed), unordered."""
    query = clean_query(query)
    if not query:
        return queryset
    return _engine().matching(queryset, query)


def ranked(queryset, query):
    """Findings of `queryset` matching `query`, best first, each with `rank` and `snippet`.

    `rank` is larger for better matches on both databases; `snippet` holds sentinels around the
    matched words (turn it into HTML with `highlight`). Only the newest RANK_LIMIT matches are
    ranked (one query reads their ids first); `match_count` on the result says how many.
    """
    query = clean_query(query)
    engine = _engine()
    newest = engine.matching(queryset, query).order_by("-pk").values_list("pk", flat=True)
    ids = list(newest[:RANK_LIMIT]) if query else []
    results = engine.ranked(queryset.filter(pk__in=ids), query)
    results.match_count = len(ids)  # read it before slicing (a clone does not keep it)
    return results


def ranked_bounded(queryset, query):
    """Findings of `queryset`, which the caller has already bounded (e.g. to the newest
    RANK_LIMIT matches' ids), matching `query`, best first, with `rank` and `snippet`."""
    return _engine().ranked(queryset, clean_query(query))


def count_and_rank_sql(hits_sql, hits_params, index, query, *, among, limit, offset=0, ties="DESC"):
    """(SQL, params) of one statement on either database that gives (n, pk, rank) rows: `n`
    the number of rows `hits_sql` gives on every row, then the best `limit` pks from `offset`
    with their ranks (a single row with a NULL pk when there are none).

    `hits_sql` selects the matching rows' primary keys, newest first and bounded (the newest
    RANK_LIMIT matches, whatever the caller's test of what is published); `index` is the
    tables.TextIndex of its table. The statement reads the matches once, counts them, ranks the
    newest `among` of them against `query` (equal ranks: pk `ties`). Never a second lookup of
    1,000 ids sent back as an IN list.
    """
    if ties not in ("ASC", "DESC"):
        raise ValueError(ties)
    rank = index.rank(clean_query(query))
    table = index.table
    statement = (
        f"WITH hits(pk) AS ({hits_sql}), "
        f"newest(pk) AS (SELECT pk FROM hits ORDER BY pk DESC LIMIT %s) "
        f"SELECT counted.n, top.id, top.rank FROM (SELECT COUNT(*) AS n FROM hits) counted "
        f'LEFT JOIN (SELECT "{table}"."id" AS id, {rank.sql} AS rank FROM "{table}" '
        f'WHERE "{table}"."id" IN (SELECT pk FROM newest) '
        f'ORDER BY rank DESC, "{table}"."id" {ties} LIMIT %s OFFSET %s'
        f") top ON 1 = 1"
    )
    return statement, [*hits_params, among, *rank.params, limit, offset]


def count_and_rank_all(statements):
    """[(number of matches, [pk best first])] for each of `statements`, a list of
    (count_and_rank_sql(...), ties): all in one query (a UNION ALL), one round trip."""
    if not statements:
        return []
    parts, params = [], []
    for number, ((sql, statement_params), _) in enumerate(statements):
        parts.append(f"SELECT {number} AS part, k.n, k.id, k.rank FROM ({sql}) k")
        params += statement_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    results = [[0, []] for _ in statements]
    for part, count, pk, rank in rows:
        results[part][0] = count
        if pk is not None:
            results[part][1].append((rank, pk))
    ordered = []
    for (count, ranked), (_, ties) in zip(results, statements, strict=True):
        newest_first = ties == "DESC"
        ranked.sort(key=lambda item: (-item[0], -item[1] if newest_first else item[1]))
        ordered.append((count, [pk for _, pk in ranked]))
    return ordered
