from django.apps import AppConfig
from django.db.models.signals import post_migrate


def analyze_after_migrate(sender, using="default", plan=None, **kwargs):
    """On PostgreSQL, refresh the planner's statistics after a migrate that applied anything.

    A column added to a full table (the stored search vectors) has no statistics until the
    next ANALYZE, and autovacuum does not count a table rewrite as changes: until then the
    planner guesses each full-text match at 0.1 % of rows and picks nested loops that made
    a common-word search 2–4× slower at 150,000 findings (docs/performance.md).
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql" or not plan or any(backwards for _, backwards in plan):
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"

    def ready(self):
        from .pagecache import connect_content_signals

        connect_content_signals()  # cached public pages follow every content change
        post_migrate.connect(analyze_after_migrate, sender=self)
