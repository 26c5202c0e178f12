from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_search_index(sender, using, **kwargs):
    """After every migrate, make sure SQLite's FTS5 table and triggers exist (see search.py)."""
    from django.db import connections

    from . import search

    search.ensure_sqlite_index(connections[using])


class FindingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "findings"

    def ready(self):
        post_migrate.connect(ensure_search_index, sender=self)
