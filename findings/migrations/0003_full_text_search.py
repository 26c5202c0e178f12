"""Full-text search over findings: a GIN expression index on PostgreSQL, FTS5 on SQLite.

PostgreSQL: a GIN index on to_tsvector('english', label || title || text), the very expression
findings.search.search_vector() compiles to. SQLite: an FTS5 external-content table with the porter
tokenizer, kept in sync by insert/update/delete triggers (and re-created after later migrations
by a post_migrate handler, since SQLite drops triggers when it rebuilds a table).
"""

from django.db import migrations

from findings import search


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(search.POSTGRES_INDEX_SQL)
    elif connection.vendor == "sqlite":
        search.ensure_sqlite_index(connection)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {search.POSTGRES_INDEX_NAME}")
    elif connection.vendor == "sqlite":
        for statement in search.SQLITE_DROP_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("findings", "0002_action_tracker_version_and_calendar_token")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
