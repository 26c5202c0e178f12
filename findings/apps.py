from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate

SEARCHED_HERE = ("BOARDS", "REVIEWS", "FAMILIES", "RECOMMENDATIONS", "QUESTIONS")


def drop_search_triggers(sender, using, **kwargs):
    """Before every migrate, drop the FTS5 triggers of the tables searched by search/tables.py,
    so that a migration may drop or rename their columns on SQLite (put back after it)."""
    from django.db import connections

    from .search import tables

    tables.drop_sqlite_triggers(connections[using], [getattr(tables, n) for n in SEARCHED_HERE])


def ensure_search_index(sender, using, **kwargs):
    """After every migrate, make sure SQLite's FTS5 tables and triggers exist (see search/)."""
    from django.db import connections

    from . import search
    from .search import tables

    search.ensure_sqlite_index(connections[using])
    tables.ensure_sqlite_indexes(connections[using], [getattr(tables, n) for n in SEARCHED_HERE])


def recount(sender, board_ids, **kwargs):
    """Keep the pre-aggregated counts right when the reviews app says they may have changed."""
    from .services import refresh_counts

    refresh_counts(board_ids=board_ids)


class FindingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "findings"

    def ready(self):
        from reviews.signals import counts_changed

        pre_migrate.connect(drop_search_triggers, sender=self)
        post_migrate.connect(ensure_search_index, sender=self)
        counts_changed.connect(recount, dispatch_uid="findings-recount")
