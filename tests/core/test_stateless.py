"""App servers are stateless: any one of several behind a load balancer can serve anyone.

Sessions live in the database, the cache is shared (Redis, from DJANGO_CACHE_URL; on one machine
without it, files every worker process reads), and no model
keeps files on the server's disk; static files are collected once at deploy time.
"""

import subprocess
import sys

from django.apps import apps
from django.conf import settings
from django.db import models

PRINT_CACHE = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.base';"
    "from django.conf import settings as s; c = s.CACHES['default'];"
    "print(c['BACKEND'], c.get('LOCATION', '-'), s.PAGE_CACHE_SECONDS)"
)


def cache_settings(**env):
    completed = subprocess.run(
        [sys.executable, "-c", PRINT_CACHE],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.split()


def test_django_cache_url_selects_the_shared_redis_cache():
    assert cache_settings(DJANGO_CACHE_URL="redis://10.0.0.5:6379/2") == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://10.0.0.5:6379/2",
        "600",  # the page cache on
    ]


def test_without_django_cache_url_the_embedded_default_shares_a_file_cache(tmp_path):
    """One machine's worker processes share the files: cached pages stay right whichever
    worker answers, so the page cache is on for the embedded default too."""
    env = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x", "DJANGO_CACHE_DIR": str(tmp_path)}
    assert cache_settings(**env) == [
        "django.core.cache.backends.filebased.FileBasedCache",
        str(tmp_path),
        "600",
    ]


def test_in_development_each_process_caches_in_its_own_memory_and_pages_are_not_cached():
    assert cache_settings() == ["django.core.cache.backends.locmem.LocMemCache", "-", "0"]


def test_sessions_and_messages_are_kept_where_every_server_sees_them():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    storage = getattr(settings, "MESSAGE_STORAGE", "")
    assert storage in ("", "django.contrib.messages.storage.fallback.FallbackStorage")


def test_no_model_keeps_files_on_the_app_servers_disk():
    """Uploaded briefings are read and kept as text in the database, never as files."""
    file_fields = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert file_fields == []
