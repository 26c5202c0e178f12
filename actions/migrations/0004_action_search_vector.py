"""Stored search vectors on PostgreSQL for actions: a generated tsvector column with a GIN
index each, so that /search/ finds an action by its description (“Courageous Conversations”).

SQLite indexes the same columns in FTS5 tables kept in sync by triggers, created after every
migrate (findings/search/tables.py). The SQL is written out here, not imported, so that this
migration does the same thing for ever.
"""

from django.db import migrations

FORWARDS = [
    "ALTER TABLE actions_action ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(description, ''))) STORED",
    'CREATE INDEX IF NOT EXISTS actions_action_search_gin ON actions_action USING GIN (search_vector)',
]
BACKWARDS = [
    'DROP INDEX IF EXISTS actions_action_search_gin',
    'ALTER TABLE actions_action DROP COLUMN IF EXISTS search_vector',
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
    dependencies = [("actions", "0003_assured_status_historic_plans_qa_role")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
