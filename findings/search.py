"""Full-text search over findings, on PostgreSQL and on SQLite, behind one small interface.

PostgreSQL: `to_tsvector('english', label || title || text)` (English stemming), matched with
`websearch_to_tsquery` (quoted phrases, `or`, `-word`), ranked with `ts_rank` and highlighted with
`ts_headline`. A GIN expression index on exactly that vector (migration
0002_full_text_search) keeps it fast.

SQLite: an FTS5 external-content table `findings_finding_fts` with the porter tokenizer (so
“neglected” finds “neglect”), kept in sync by triggers, ranked with `bm25()` and highlighted with
`snippet()`. The websearch syntax is translated to an FTS5 query by `fts5_query`.

Snippets are built with control-character sentinels around the matches, then HTML-escaped, the
sentinels turned into <mark>, and the result passed through nh3 allowing <mark> only: briefing
text is never rendered as HTML.
"""

import re
from collections import Counter

import nh3
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, FloatField, TextField, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "english"
FTS_TABLE = "findings_finding_fts"
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 30

# Words too common in this corpus to say anything about how alike two findings are.
_STOPWORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    more most my no nor not now of off on once only or other our out over own same she should so
    some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    child children family families professional professionals practitioners practice agencies
    agency case review reviews work working within need needs there they were been made make
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def is_postgresql():
    return connection.vendor == "postgresql"


# --- SQLite: the FTS5 table and the triggers that keep it in sync -----------------------------

SQLITE_FTS_SQL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        label, title, text,
        content='findings_finding', content_rowid='id', tokenize='porter unicode61'
    )""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_insert AFTER INSERT ON findings_finding
    BEGIN
        INSERT INTO {FTS_TABLE}(rowid, label, title, text)
        VALUES (new.id, new.label, new.title, new.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_delete AFTER DELETE ON findings_finding
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, label, title, text)
        VALUES ('delete', old.id, old.label, old.title, old.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_update AFTER UPDATE ON findings_finding
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, label, title, text)
        VALUES ('delete', old.id, old.label, old.title, old.text);
        INSERT INTO {FTS_TABLE}(rowid, label, title, text)
        VALUES (new.id, new.label, new.title, new.text);
    END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]

SQLITE_DROP_SQL = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def ensure_sqlite_index(using_connection):
    """Create the FTS5 table and triggers if missing, and rebuild the index from the findings.

    Called by the migration and again after every `migrate` (post_migrate): when a later
    migration alters findings_finding, SQLite rebuilds the table and its triggers are dropped
    with the old one; this puts them back and re-indexes.
    """
    if using_connection.vendor != "sqlite":
        return
    with using_connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'findings_finding'"
        )
        if cursor.fetchone() is None:
            return
        for statement in SQLITE_FTS_SQL:
            cursor.execute(statement)


# --- PostgreSQL: the vector the GIN index is built on -----------------------------------------

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


# --- The websearch syntax on SQLite ------------------------------------------------------------

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_query(query):
    """Translate websearch syntax (“quoted phrase”, or, -word) into an FTS5 MATCH expression.

    Every term becomes a quoted FTS5 string (so no user input is read as FTS5 syntax); the porter
    tokenizer stems inside quoted strings too. Returns "" when nothing positive is left to match.
    """
    positives, negatives, pending_or = [], [], False
    for match in _TOKEN.finditer(query):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare.lower() == "or":
                pending_or = bool(positives)
                continue
            negated, phrase = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
        words = _WORD.findall(phrase or "")
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if negated:
            negatives.append(term)
        elif pending_or:
            positives[-1] = f"{positives[-1]} OR {term}"
            pending_or = False
        else:
            positives.append(term)
    if not positives:
        return ""
    expression = " AND ".join(f"({term})" for term in positives)
    for term in negatives:
        expression = f"{expression} NOT {term}"
    return expression


def _sqlite_subquery(select, fts_query):
    return RawSQL(
        f"SELECT {select} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
        f'AND {FTS_TABLE}.rowid = "findings_finding"."id"',
        [fts_query],
    )


# --- The interface the views and filters use ---------------------------------------------------


def matching(queryset, query):
    """Findings of `queryset` that match `query` (websearch syntax, stemmed), unordered."""
    query = (query or "").strip()
    if not query:
        return queryset
    if is_postgresql():
        return queryset.annotate(search=search_vector()).filter(
            search=SearchQuery(query, search_type="websearch", config=CONFIG)
        )
    fts_query = fts5_query(query)
    if not fts_query:
        return queryset.none()
    return queryset.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts_query])
    )


def ranked(queryset, query):
    """Findings of `queryset` matching `query`, best first, each with `rank` and `snippet`.

    `rank` is larger for better matches on both databases; `snippet` holds sentinels around the
    matched words (turn it into HTML with `highlight`).
    """
    query = (query or "").strip()
    if is_postgresql():
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
    fts_query = fts5_query(query)
    if not fts_query:
        return queryset.none().annotate(
            rank=Value(0.0, output_field=FloatField()), snippet=Value("", output_field=TextField())
        )
    return (
        matching(queryset, query)
        .annotate(
            # bm25() is lower for better matches: negate it so that larger is better everywhere.
            rank=_sqlite_subquery(f"-bm25({FTS_TABLE})", fts_query),
            snippet=_sqlite_subquery(
                f"snippet({FTS_TABLE}, -1, char(2), char(3), ' … ', {SNIPPET_WORDS})", fts_query
            ),
        )
        .order_by("-rank", "pk")
    )


def highlight(snippet):
    """Safe HTML for a snippet: the text escaped, only the matches wrapped in <mark>."""
    html = escape(snippet or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(nh3.clean(html, tags={"mark"}, attributes={}))  # noqa: S308 (sanitised)


# --- Text similarity, for “similar findings” ---------------------------------------------------


def significant_words(text, limit=12):
    """The words of `text` that say most about it: not stopwords, longest and commonest first."""
    words = [word.lower() for word in _WORD.findall(text) if len(word) > 3 and word.isalpha()]
    counts = Counter(word for word in words if word not in STOPWORDS)
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], -len(item[0])))][
        :limit
    ]


def text_neighbours(queryset, text, limit=20):
    """Up to `limit` findings of `queryset` whose text is most like `text`: {pk: rank}, best first.

    An OR of the text's significant words, ranked by the full-text engine (ts_rank or bm25), so
    the stemming and the rarity of words count. One query.
    """
    words = significant_words(text)
    if not words:
        return {}
    if is_postgresql():
        search_query = SearchQuery(words[0], config=CONFIG)
        for word in words[1:]:
            search_query |= SearchQuery(word, config=CONFIG)
        rows = (
            queryset.annotate(search=search_vector())
            .filter(search=search_query)
            .annotate(rank=SearchRank(F("search"), search_query))
            .order_by("-rank", "pk")
            .values_list("pk", "rank")[:limit]
        )
    else:
        fts_query = " OR ".join(f'"{word}"' for word in words)
        rows = (
            queryset.filter(
                pk__in=RawSQL(
                    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts_query]
                )
            )
            .annotate(rank=_sqlite_subquery(f"-bm25({FTS_TABLE})", fts_query))
            .order_by("-rank", "pk")
            .values_list("pk", "rank")[:limit]
        )
    return dict(rows)
