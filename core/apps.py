from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"

    def ready(self):
        from .pagecache import connect_content_signals

        connect_content_signals()  # cached public pages follow every content change
