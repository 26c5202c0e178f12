"""Stored search vectors on PostgreSQL for recommendations and reflective questions: a generated tsvector column with a GIN
index each, so that /search/ finds them by their words (“trauma informed”).

SQLite indexes the same columns in FTS5 tables kept in sync by triggers, created after every
migrate (findings/search/tables.py). The SQL is written out here, not imported, so that this
migration does the same thing for ever.
"""

from django.db import migrations

FORWARDS = [
    "ALTER TABLE findings_recommendation ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(text, ''))) STORED",
    'CREATE INDEX IF NOT EXISTS findings_recommendation_search_gin ON findings_recommendation USING GIN (search_vector)',
    "ALTER TABLE findings_reflectivequestion ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(text, ''))) STORED",
    'CREATE INDEX IF NOT EXISTS findings_reflectivequestion_search_gin ON findings_reflectivequestion USING GIN (search_vector)',
]
BACKWARDS = [
    'DROP INDEX IF EXISTS findings_recommendation_search_gin',
    'ALTER TABLE findings_recommendation DROP COLUMN IF EXISTS search_vector',
    'DROP INDEX IF EXISTS findings_reflectivequestion_search_gin',
    'ALTER TABLE findings_reflectivequestion DROP COLUMN IF EXISTS search_vector',
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
    dependencies = [("findings", "0007_counts_version")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
