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

# SQLite: FTS5 tables (porter tokenizer) kept in sync by triggers, as findings' (0003); made
# again after every migrate (post_migrate), since a table rebuilt by a later migration loses its
# triggers. Going back, they go, so that the earlier migrations may alter the columns they name.
SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS reviews_board_fts USING fts5( name, abbreviation, area, content='reviews_board', content_rowid='id', tokenize='porter unicode61')",
    'CREATE TRIGGER IF NOT EXISTS reviews_board_fts_after_insert AFTER INSERT ON reviews_board BEGIN INSERT INTO reviews_board_fts(rowid, name, abbreviation, area) VALUES (new.id, new.name, new.abbreviation, new.area); END',
    "CREATE TRIGGER IF NOT EXISTS reviews_board_fts_after_delete AFTER DELETE ON reviews_board BEGIN INSERT INTO reviews_board_fts(reviews_board_fts, rowid, name, abbreviation, area) VALUES ('delete', old.id, old.name, old.abbreviation, old.area); END",
    "CREATE TRIGGER IF NOT EXISTS reviews_board_fts_after_update AFTER UPDATE ON reviews_board BEGIN INSERT INTO reviews_board_fts(reviews_board_fts, rowid, name, abbreviation, area) VALUES ('delete', old.id, old.name, old.abbreviation, old.area); INSERT INTO reviews_board_fts(rowid, name, abbreviation, area) VALUES (new.id, new.name, new.abbreviation, new.area); END",
    "INSERT INTO reviews_board_fts(reviews_board_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS reviews_review_fts USING fts5( name, practice_period, summary, key_messages, content='reviews_review', content_rowid='id', tokenize='porter unicode61')",
    'CREATE TRIGGER IF NOT EXISTS reviews_review_fts_after_insert AFTER INSERT ON reviews_review BEGIN INSERT INTO reviews_review_fts(rowid, name, practice_period, summary, key_messages) VALUES (new.id, new.name, new.practice_period, new.summary, new.key_messages); END',
    "CREATE TRIGGER IF NOT EXISTS reviews_review_fts_after_delete AFTER DELETE ON reviews_review BEGIN INSERT INTO reviews_review_fts(reviews_review_fts, rowid, name, practice_period, summary, key_messages) VALUES ('delete', old.id, old.name, old.practice_period, old.summary, old.key_messages); END",
    "CREATE TRIGGER IF NOT EXISTS reviews_review_fts_after_update AFTER UPDATE ON reviews_review BEGIN INSERT INTO reviews_review_fts(reviews_review_fts, rowid, name, practice_period, summary, key_messages) VALUES ('delete', old.id, old.name, old.practice_period, old.summary, old.key_messages); INSERT INTO reviews_review_fts(rowid, name, practice_period, summary, key_messages) VALUES (new.id, new.name, new.practice_period, new.summary, new.key_messages); END",
    "INSERT INTO reviews_review_fts(reviews_review_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS reviews_family_fts USING fts5( pseudonym, children, circumstances, content='reviews_family', content_rowid='id', tokenize='porter unicode61')",
    'CREATE TRIGGER IF NOT EXISTS reviews_family_fts_after_insert AFTER INSERT ON reviews_family BEGIN INSERT INTO reviews_family_fts(rowid, pseudonym, children, circumstances) VALUES (new.id, new.pseudonym, new.children, new.circumstances); END',
    "CREATE TRIGGER IF NOT EXISTS reviews_family_fts_after_delete AFTER DELETE ON reviews_family BEGIN INSERT INTO reviews_family_fts(reviews_family_fts, rowid, pseudonym, children, circumstances) VALUES ('delete', old.id, old.pseudonym, old.children, old.circumstances); END",
    "CREATE TRIGGER IF NOT EXISTS reviews_family_fts_after_update AFTER UPDATE ON reviews_family BEGIN INSERT INTO reviews_family_fts(reviews_family_fts, rowid, pseudonym, children, circumstances) VALUES ('delete', old.id, old.pseudonym, old.children, old.circumstances); INSERT INTO reviews_family_fts(rowid, pseudonym, children, circumstances) VALUES (new.id, new.pseudonym, new.children, new.circumstances); END",
    "INSERT INTO reviews_family_fts(reviews_family_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS reviews_board_fts_after_insert",
    "DROP TRIGGER IF EXISTS reviews_board_fts_after_delete",
    "DROP TRIGGER IF EXISTS reviews_board_fts_after_update",
    "DROP TRIGGER IF EXISTS reviews_review_fts_after_insert",
    "DROP TRIGGER IF EXISTS reviews_review_fts_after_delete",
    "DROP TRIGGER IF EXISTS reviews_review_fts_after_update",
    "DROP TRIGGER IF EXISTS reviews_family_fts_after_insert",
    "DROP TRIGGER IF EXISTS reviews_family_fts_after_delete",
    "DROP TRIGGER IF EXISTS reviews_family_fts_after_update",
    "DROP TABLE IF EXISTS reviews_board_fts",
    "DROP TABLE IF EXISTS reviews_review_fts",
    "DROP TABLE IF EXISTS reviews_family_fts",
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
    dependencies = [("reviews", "0006_review_key_messages")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
