from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


def drop_search_triggers(sender, using, **kwargs):
    """Before every migrate, drop the actions' FTS5 triggers (SQLite), so that a migration may
    drop or rename a column they name; put back after it."""
    from django.db import connections

    from findings.search import tables

    tables.drop_sqlite_triggers(connections[using], [tables.ACTIONS])


def ensure_search_index(sender, using, **kwargs):
    """After every migrate, make sure SQLite's FTS5 table of actions and its triggers exist
    (findings/search/tables.py; PostgreSQL has a stored vector, migration 0004)."""
    from django.db import connections

    from findings.search import tables

    tables.ensure_sqlite_indexes(connections[using], [tables.ACTIONS])


class ActionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actions"

    def ready(self):
        pre_migrate.connect(drop_search_triggers, sender=self)
        post_migrate.connect(ensure_search_index, sender=self)
