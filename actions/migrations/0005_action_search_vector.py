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

# SQLite: FTS5 tables (porter tokenizer) kept in sync by triggers, as findings' (0003); made
# again after every migrate (post_migrate), since a table rebuilt by a later migration loses its
# triggers. Going back, they go, so that the earlier migrations may alter the columns they name.
SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS actions_action_fts USING fts5( description, content='actions_action', content_rowid='id', tokenize='porter unicode61')",
    'CREATE TRIGGER IF NOT EXISTS actions_action_fts_after_insert AFTER INSERT ON actions_action BEGIN INSERT INTO actions_action_fts(rowid, description) VALUES (new.id, new.description); END',
    "CREATE TRIGGER IF NOT EXISTS actions_action_fts_after_delete AFTER DELETE ON actions_action BEGIN INSERT INTO actions_action_fts(actions_action_fts, rowid, description) VALUES ('delete', old.id, old.description); END",
    "CREATE TRIGGER IF NOT EXISTS actions_action_fts_after_update AFTER UPDATE ON actions_action BEGIN INSERT INTO actions_action_fts(actions_action_fts, rowid, description) VALUES ('delete', old.id, old.description); INSERT INTO actions_action_fts(rowid, description) VALUES (new.id, new.description); END",
    "INSERT INTO actions_action_fts(actions_action_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS actions_action_fts_after_insert",
    "DROP TRIGGER IF EXISTS actions_action_fts_after_delete",
    "DROP TRIGGER IF EXISTS actions_action_fts_after_update",
    "DROP TABLE IF EXISTS actions_action_fts",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_update_requests_escalation_assurance")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
