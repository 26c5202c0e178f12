"""Stored search vectors on PostgreSQL for boards, reviews and families: a generated tsvector column with a GIN
index each, so that /search/ finds a review by its name, summary or family (“Child Z”, “Baby JW”) and a board by its name or area (“Hampshire”).

SQLite indexes the same columns in FTS5 tables kept in sync by triggers, created after every
migrate (findings/search/tables.py). The SQL is written out here, not imported, so that this
migration does the same thing for ever.
"""

from django.db import migrations

FORWARDS = [
    "ALTER TABLE reviews_board ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(name, '') || ' ' || COALESCE(abbreviation, '') || ' ' || COALESCE(area, ''))) STORED",
    'CREATE INDEX IF NOT EXISTS reviews_board_search_gin ON reviews_board USING GIN (search_vector)',
    "ALTER TABLE reviews_review ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(name, '') || ' ' || COALESCE(practice_period, '') || ' ' || COALESCE(summary, '') || ' ' || COALESCE(key_messages, ''))) STORED",
    'CREATE INDEX IF NOT EXISTS reviews_review_search_gin ON reviews_review USING GIN (search_vector)',
    "ALTER TABLE reviews_family ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(pseudonym, '') || ' ' || COALESCE(children, '') || ' ' || COALESCE(circumstances, ''))) STORED",
    'CREATE INDEX IF NOT EXISTS reviews_family_search_gin ON reviews_family USING GIN (search_vector)',
]
BACKWARDS = [
    'DROP INDEX IF EXISTS reviews_board_search_gin',
    'ALTER TABLE reviews_board DROP COLUMN IF EXISTS search_vector',
    'DROP INDEX IF EXISTS reviews_review_search_gin',
    'ALTER TABLE reviews_review DROP COLUMN IF EXISTS search_vector',
    'DROP INDEX IF EXISTS reviews_family_search_gin',
    'ALTER TABLE reviews_family DROP COLUMN IF EXISTS search_vector',
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0006_review_key_messages")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
