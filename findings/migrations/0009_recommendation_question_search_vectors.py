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

# SQLite: FTS5 tables (porter tokenizer) kept in sync by triggers, as findings' (0003); made
# again after every migrate (post_migrate), since a table rebuilt by a later migration loses its
# triggers. Going back, they go, so that the earlier migrations may alter the columns they name.
SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS findings_recommendation_fts USING fts5( text, content='findings_recommendation', content_rowid='id', tokenize='porter unicode61')",
    'CREATE TRIGGER IF NOT EXISTS findings_recommendation_fts_after_insert AFTER INSERT ON findings_recommendation BEGIN INSERT INTO findings_recommendation_fts(rowid, text) VALUES (new.id, new.text); END',
    "CREATE TRIGGER IF NOT EXISTS findings_recommendation_fts_after_delete AFTER DELETE ON findings_recommendation BEGIN INSERT INTO findings_recommendation_fts(findings_recommendation_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS findings_recommendation_fts_after_update AFTER UPDATE ON findings_recommendation BEGIN INSERT INTO findings_recommendation_fts(findings_recommendation_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO findings_recommendation_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO findings_recommendation_fts(findings_recommendation_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS findings_reflectivequestion_fts USING fts5( text, content='findings_reflectivequestion', content_rowid='id', tokenize='porter unicode61')",
    'CREATE TRIGGER IF NOT EXISTS findings_reflectivequestion_fts_after_insert AFTER INSERT ON findings_reflectivequestion BEGIN INSERT INTO findings_reflectivequestion_fts(rowid, text) VALUES (new.id, new.text); END',
    "CREATE TRIGGER IF NOT EXISTS findings_reflectivequestion_fts_after_delete AFTER DELETE ON findings_reflectivequestion BEGIN INSERT INTO findings_reflectivequestion_fts(findings_reflectivequestion_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS findings_reflectivequestion_fts_after_update AFTER UPDATE ON findings_reflectivequestion BEGIN INSERT INTO findings_reflectivequestion_fts(findings_reflectivequestion_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO findings_reflectivequestion_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO findings_reflectivequestion_fts(findings_reflectivequestion_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS findings_recommendation_fts_after_insert",
    "DROP TRIGGER IF EXISTS findings_recommendation_fts_after_delete",
    "DROP TRIGGER IF EXISTS findings_recommendation_fts_after_update",
    "DROP TRIGGER IF EXISTS findings_reflectivequestion_fts_after_insert",
    "DROP TRIGGER IF EXISTS findings_reflectivequestion_fts_after_delete",
    "DROP TRIGGER IF EXISTS findings_reflectivequestion_fts_after_update",
    "DROP TABLE IF EXISTS findings_recommendation_fts",
    "DROP TABLE IF EXISTS findings_reflectivequestion_fts",
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
    dependencies = [("findings", "0008_recommendation_attribution")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
