"""Full-text search over findings: a GIN expression index on PostgreSQL, FTS5 on SQLite.

PostgreSQL: a GIN index on to_tsvector('english', label || title || text), the very expression
findings.search.postgres.search_vector() compiles to. SQLite: an FTS5 external-content table with
the porter tokenizer, kept in sync by insert/update/delete triggers (and re-created after later
migrations by a post_migrate handler, since SQLite drops triggers when it rebuilds a table).

The SQL is written out here, not imported from findings.search: an applied migration must do
the same thing for ever, whatever later edits to the app's code do.
"""

from django.db import migrations

POSTGRES_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS finding_search_gin ON findings_finding USING GIN "
    "(to_tsvector('english'::regconfig, COALESCE(label, '') || ' ' || COALESCE(title, '') "
    "|| ' ' || COALESCE(text, '')))"
)
POSTGRES_DROP_SQL = "DROP INDEX IF EXISTS finding_search_gin"

SQLITE_SQL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS findings_finding_fts USING fts5(
        label, title, text,
        content='findings_finding', content_rowid='id', tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER IF NOT EXISTS findings_finding_fts_after_insert AFTER INSERT ON findings_finding
    BEGIN
        INSERT INTO findings_finding_fts(rowid, label, title, text)
        VALUES (new.id, new.label, new.title, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS findings_finding_fts_after_delete AFTER DELETE ON findings_finding
    BEGIN
        INSERT INTO findings_finding_fts(findings_finding_fts, rowid, label, title, text)
        VALUES ('delete', old.id, old.label, old.title, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS findings_finding_fts_after_update AFTER UPDATE ON findings_finding
    BEGIN
        INSERT INTO findings_finding_fts(findings_finding_fts, rowid, label, title, text)
        VALUES ('delete', old.id, old.label, old.title, old.text);
        INSERT INTO findings_finding_fts(rowid, label, title, text)
        VALUES (new.id, new.label, new.title, new.text);
    END""",
    "INSERT INTO findings_finding_fts(findings_finding_fts) VALUES ('rebuild')",
]
SQLITE_DROP_SQL = [
    "DROP TRIGGER IF EXISTS findings_finding_fts_after_insert",
    "DROP TRIGGER IF EXISTS findings_finding_fts_after_delete",
    "DROP TRIGGER IF EXISTS findings_finding_fts_after_update",
    "DROP TABLE IF EXISTS findings_finding_fts",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": [POSTGRES_INDEX_SQL], "sqlite": SQLITE_SQL}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": [POSTGRES_DROP_SQL], "sqlite": SQLITE_DROP_SQL}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("findings", "0002_action_tracker_version_and_calendar_token")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
