"""A stored search vector on PostgreSQL: a generated tsvector column with a GIN index.

Ranking with `ts_rank` used to recompute `to_tsvector(label || title || text)` for every row it
ranked (the GIN expression index only served the match). The column is computed once per write
by PostgreSQL itself (GENERATED ALWAYS … STORED), so no code path can forget to maintain it, and
ranking reads the stored vector. The old expression index is dropped: the new one replaces it.

SQLite keeps its FTS5 table (0003), which already stores its index. The SQL is written out here,
not imported, so that this migration does the same thing for ever.
"""

from django.db import migrations

FORWARDS = [
    "ALTER TABLE findings_finding ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(label, '') || ' ' || "
    "COALESCE(title, '') || ' ' || COALESCE(text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS finding_search_vector_gin ON findings_finding "
    "USING GIN (search_vector)",
    "DROP INDEX IF EXISTS finding_search_gin",
]
BACKWARDS = [
    "CREATE INDEX IF NOT EXISTS finding_search_gin ON findings_finding USING GIN "
    "(to_tsvector('english'::regconfig, COALESCE(label, '') || ' ' || COALESCE(title, '') "
    "|| ' ' || COALESCE(text, '')))",
    "DROP INDEX IF EXISTS finding_search_vector_gin",
    "ALTER TABLE findings_finding DROP COLUMN IF EXISTS search_vector",
]


# Similar findings pick candidates by theme from this index alone (an index-only scan).
THEME_INDEX = (
    "CREATE INDEX IF NOT EXISTS finding_themes_theme_finding_idx "
    "ON findings_finding_themes (theme_id, finding_id)"
)
DROP_THEME_INDEX = "DROP INDEX IF EXISTS finding_themes_theme_finding_idx"


def forwards(apps, schema_editor):
    schema_editor.execute(THEME_INDEX)
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    schema_editor.execute(DROP_THEME_INDEX)
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("findings", "0004_remove_statusupdate_action_remove_actionplan_finding_and_more")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
