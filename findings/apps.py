from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_search_index(sender, using, **kwargs):
    """After every migrate, make sure SQLite's FTS5 tables and triggers exist (see search/)."""
    from django.db import connections

    from . import search
    from .search import tables

    search.ensure_sqlite_index(connections[using])
    tables.ensure_sqlite_indexes(
        connections[using],
        [tables.BOARDS, tables.REVIEWS, tables.FAMILIES, tables.RECOMMENDATIONS, tables.QUESTIONS],
    )


def recount(sender, board_ids, **kwargs):
    """Keep the pre-aggregated counts right when the reviews app says they may have changed."""
    from .services import refresh_counts

    refresh_counts(board_ids=board_ids)


class FindingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "findings"

    def ready(self):
        from reviews.signals import counts_changed

        post_migrate.connect(ensure_search_index, sender=self)
        counts_changed.connect(recount, dispatch_uid="findings-recount")
