"""Full-text search over findings, on PostgreSQL and on SQLite, behind one small interface.

PostgreSQL: `to_tsvector('english', label || title || text)` (English stemming), matched with
`websearch_to_tsquery` (quoted phrases, `or`, `-word`), ranked with `ts_rank` and highlighted with
`ts_headline`. A GIN expression index on exactly that vector (migration
0003_full_text_search) keeps it fast.

SQLite: an FTS5 external-content table `findings_finding_fts` with the porter tokenizer (so
“neglected” finds “neglect”), kept in sync by triggers, ranked with `bm25()` and highlighted with
`snippet()`. The websearch syntax is translated to an FTS5 query by `fts5_query`.

Snippets are built with control-character sentinels around the matches, then HTML-escaped, the
sentinels turned into <mark>, and the result passed through nh3 allowing <mark> only: briefing
text is never rendered as HTML.
"""

from django.db import connection

from . import postgres, sqlite
from .common import clean_query, highlight

__all__ = ["highlight", "matching", "ranked", "ensure_sqlite_index"]

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
    matched words (turn it into HTML with `highlight`).
    """
    return _engine().ranked(queryset, clean_query(query))
