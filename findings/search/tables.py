"""Full-text indexes of the other searchable tables (reviews, boards, families, recommendations,
reflective questions, actions), on both databases, behind one small description: a table and
the text columns it is searched on.

PostgreSQL: a stored generated `search_vector` column (to_tsvector('english', the columns joined))
with a GIN index, added by each owning app's migration (the SQL written out there, for ever).
SQLite: an FTS5 external-content table `<table>_fts` (porter tokenizer) kept in sync by triggers,
created (and rebuilt) after every `migrate` by `ensure_sqlite_indexes`, as for findings.

Matching is a semi-join on the index (`pk IN (SELECT …)`); ranking and snippets are computed only
for the rows a caller has already bounded (see browse/search.py, which ranks the newest
RANK_LIMIT matches of each group and reads a handful).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, FloatField, TextField, Value
from django.db.models.expressions import RawSQL

from .common import SNIPPET_WORDS, START, STOP
from .sqlite import fts5_query

CONFIG = "english"


@dataclass(frozen=True)
class TextIndex:
    """A table searched on some of its text columns (its primary key is `id`)."""

    table: str
    columns: tuple

    @property
    def fts_table(self):
        return f"{self.table}_fts"

    @property
    def document(self):
        """The columns joined, as SQL (the generated column's expression on PostgreSQL)."""
        return " || ' ' || ".join(f"COALESCE({column}, '')" for column in self.columns)

    def postgres_forwards(self):
        """The statements a migration runs on PostgreSQL (written out there as literals)."""
        return [
            f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {self.document})) STORED",
            f"CREATE INDEX IF NOT EXISTS {self.table}_search_gin ON {self.table} "
            "USING GIN (search_vector)",
        ]

    def sqlite_statements(self):
        cols = ", ".join(self.columns)
        new = ", ".join(f"new.{column}" for column in self.columns)
        old = ", ".join(f"old.{column}" for column in self.columns)
        fts = self.fts_table
        return [
            f"""CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(
                {cols}, content='{self.table}', content_rowid='id',
                tokenize='porter unicode61')""",
            f"""CREATE TRIGGER IF NOT EXISTS {fts}_after_insert AFTER INSERT ON {self.table}
            BEGIN INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END""",
            f"""CREATE TRIGGER IF NOT EXISTS {fts}_after_delete AFTER DELETE ON {self.table}
            BEGIN INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END""",
            f"""CREATE TRIGGER IF NOT EXISTS {fts}_after_update AFTER UPDATE ON {self.table}
            BEGIN
                INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
                INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});
            END""",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]

    def sqlite_trigger_drops(self):
        fts = self.fts_table
        return [
            f"DROP TRIGGER IF EXISTS {fts}_{event}"
            for event in ("after_insert", "after_delete", "after_update")
        ]

    # Reads -------------------------------------------------------------------------------

    def matching_ids(self, query):
        """A subquery of the ids of rows matching `query` (websearch syntax), or None when
        nothing positive is left to match."""
        if connection.vendor == "postgresql":
            return RawSQL(
                f"SELECT id FROM {self.table} "
                f"WHERE search_vector @@ websearch_to_tsquery('{CONFIG}', %s)",
                [query],
            )
        fts_query = fts5_query(query)
        if not fts_query:
            return None
        fts = self.fts_table
        return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [fts_query])

    def condition(self, query):
        """A WHERE condition on the table's own rows (not aliased): the row matches `query`.
        A direct test on PostgreSQL (a self-join `id IN (SELECT id …)` merge-joined the whole
        primary key at 150,000 findings); the FTS5 table's rowids on SQLite. None when nothing
        positive is left to match."""
        if connection.vendor == "postgresql":
            return RawSQL(
                f'"{self.table}"."search_vector" @@ websearch_to_tsquery(\'{CONFIG}\', %s)',
                [query],
                output_field=BooleanField(),
            )
        ids = self.matching_ids(query)
        if ids is None:
            return None
        return RawSQL(
            f'"{self.table}"."id" IN ({ids.sql})', ids.params, output_field=BooleanField()
        )

    def rank(self, query):
        """The row's rank against `query`, larger is better (0 for a row that does not match)."""
        if connection.vendor == "postgresql":
            return RawSQL(
                f'ts_rank("{self.table}"."search_vector", websearch_to_tsquery(\'{CONFIG}\', %s))',
                [query],
                output_field=FloatField(),
            )
        fts_query = fts5_query(query)
        if not fts_query:
            return Value(0.0, output_field=FloatField())
        fts = self.fts_table
        return RawSQL(
            f"COALESCE((SELECT -bm25({fts}) FROM {fts} WHERE {fts} MATCH %s "
            f'AND {fts}.rowid = "{self.table}"."id"), 0)',
            [fts_query],
            output_field=FloatField(),
        )

    def snippet(self, query):
        """The matched words in context, with sentinels around them (common.highlight)."""
        if connection.vendor == "postgresql":
            options = (
                f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=15, "
                'ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "'
            )
            document = " || ' ' || ".join(
                f'COALESCE("{self.table}"."{column}", \'\')' for column in self.columns
            )
            return RawSQL(
                f"ts_headline('{CONFIG}', {document}, websearch_to_tsquery('{CONFIG}', %s), %s)",
                [query, options],
                output_field=TextField(),
            )
        fts_query = fts5_query(query)
        if not fts_query:
            return Value("", output_field=TextField())
        fts = self.fts_table
        return RawSQL(
            f"COALESCE((SELECT snippet({fts}, -1, char(2), char(3), ' … ', {SNIPPET_WORDS}) "
            f'FROM {fts} WHERE {fts} MATCH %s AND {fts}.rowid = "{self.table}"."id"), \'\')',
            [fts_query],
            output_field=TextField(),
        )


BOARDS = TextIndex("reviews_board", ("name", "abbreviation", "area"))
REVIEWS = TextIndex("reviews_review", ("name", "practice_period", "summary", "key_messages"))
FAMILIES = TextIndex("reviews_family", ("pseudonym", "children", "circumstances"))
RECOMMENDATIONS = TextIndex("findings_recommendation", ("text",))
QUESTIONS = TextIndex("findings_reflectivequestion", ("text",))
ACTIONS = TextIndex("actions_action", ("description",))
# Read only (rank and match): findings' own migrations and search/sqlite.py make its index.
FINDINGS = TextIndex("findings_finding", ("label", "title", "text"))


def drop_sqlite_triggers(using_connection, indexes):
    """Drop the FTS5 triggers of `indexes` before a migrate (SQLite only): a trigger naming a
    column stops SQLite from dropping or renaming it; `ensure_sqlite_indexes` puts them back
    afterwards and rebuilds the index."""
    if using_connection.vendor != "sqlite":
        return
    with using_connection.cursor() as cursor:
        for index in indexes:
            for statement in index.sqlite_trigger_drops():
                cursor.execute(statement)


def ensure_sqlite_indexes(using_connection, indexes):
    """Create the FTS5 tables and triggers of `indexes` if missing and rebuild them (SQLite
    only; after every migrate, since altering a table on SQLite drops its triggers)."""
    if using_connection.vendor != "sqlite":
        return
    with using_connection.cursor() as cursor:
        for index in indexes:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [index.table]
            )
            if cursor.fetchone() is None:
                continue
            for statement in index.sqlite_statements():
                cursor.execute(statement)
