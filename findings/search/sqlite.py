"""SQLite: an FTS5 external-content table with the porter tokenizer, kept in sync by triggers,
ranked with bm25() and highlighted with snippet(); websearch syntax is translated by fts5_query."""

import json
import re

from django.db import connection
from django.db.models import F, FloatField, TextField, Value
from django.db.models.expressions import RawSQL

from .common import SNIPPET_WORDS, WORD

FTS_TABLE = "findings_finding_fts"

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


def ensure_index(using_connection):
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


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


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
        words = WORD.findall(phrase or "")
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


def matching(queryset, query):
    fts_query = fts5_query(query)
    if not fts_query:
        return queryset.none()
    return queryset.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts_query])
    )


def ranked(queryset, query):
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


def ranked_candidates(queryset, candidate_pks, words, pair_words, text_limit):
    """(pk, rank) of `candidate_pks` and of up to `text_limit` findings holding two of
    `pair_words`, ranked (bm25) against any of `words`; 0 for a candidate sharing none."""
    pairs = [f'("{a}" AND "{b}")' for i, a in enumerate(pair_words) for b in pair_words[i + 1 :]]
    pair_query = " OR ".join(pairs) or f'"{pair_words[0]}"'
    candidates = RawSQL(
        f"SELECT value FROM json_each(%s) UNION SELECT * FROM (SELECT rowid FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s LIMIT %s)",
        [json.dumps(list(candidate_pks)), pair_query, text_limit],
    )
    any_word = " OR ".join(f'"{word}"' for word in words)
    # One MATCH for every row, kept (MATERIALIZED) and joined: a correlated bm25() per candidate
    # ran the OR of twelve words once per candidate (0.5 ms each, 230 ms for a finding of a
    # common theme at 1,500 findings); the whole match is 7 ms.
    base_sql, base_params = (
        queryset.filter(pk__in=candidates)
        .annotate(fid=F("pk"))
        .values("fid")
        .query.sql_with_params()
    )
    sql = (
        f"WITH r AS MATERIALIZED (SELECT rowid AS id, -bm25({FTS_TABLE}) AS rank "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
        f"SELECT b.fid, COALESCE(r.rank, 0.0) FROM ({base_sql}) AS b LEFT JOIN r ON r.id = b.fid"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [any_word, *base_params])
        return cursor.fetchall()
