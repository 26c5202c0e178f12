"""Backups restore: scripts/backup.py on SQLite always, on PostgreSQL when the suite runs there.

The database is filled (reviews, actions, status updates), backed up while the site could be
running, restored into an EMPTY database, and every review, action and status update is found
there as it was.
"""

import importlib.util
import stat
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from actions.models import Action, StatusUpdate
from actions.services import record_status_update
from reviews.models import Review
from tests.factories import build_corpus

spec = importlib.util.spec_from_file_location(
    "backup_script", Path(settings.BASE_DIR) / "scripts" / "backup.py"
)
backup_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(backup_script)

TABLES = {
    Review: ["id", "slug", "status"],
    Action: ["id", "description", "status", "version"],
    StatusUpdate: ["id", "action_id", "to_status", "note", "action_version"],
}


def snapshot_sql():
    return {
        model: f"SELECT {', '.join(columns)} FROM {model._meta.db_table} ORDER BY id"
        for model, columns in TABLES.items()
    }


@pytest.fixture
def filled_database(transactional_db, django_user_model):
    """Committed content (pg_dump reads from another connection): 3 boards' reviews, their
    actions and two status updates on each action."""
    build_corpus(3)
    lead = django_user_model.objects.create_user("backup-lead", password="x")
    for action in Action.objects.all():
        for number, status in enumerate(
            [Action.Status.IN_PROGRESS, Action.Status.COMPLETE], start=1
        ):
            record_status_update(
                action=action,
                user=lead,
                status=status,
                note=f"Update {number} of {action.key}",
                evidence="An audit found it done" if status == Action.Status.COMPLETE else "",
                expected_version=action.version,
            )
    assert StatusUpdate.objects.count() == 2 * Action.objects.count() > 0
    with connection.cursor() as cursor:
        source = {}
        for model, sql in snapshot_sql().items():
            cursor.execute(sql)
            source[model] = [tuple(row) for row in cursor.fetchall()]
    return source


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the suite's kind: a new SQLite file, or a new PostgreSQL database
    named after the test database + "_restore" (created here, dropped afterwards)."""
    database = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        database["NAME"] = str(tmp_path / "restored.sqlite3")
        yield database
        return
    database["NAME"] = f"{connection.settings_dict['NAME']}_restore"
    admin = {k: database[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if database.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **_libpq(admin)) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{database["NAME"]}"')
    yield database
    with psycopg.connect(dbname="postgres", autocommit=True, **_libpq(admin)) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')


def _libpq(database):
    names = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password"}
    return {names[key]: str(value) for key, value in database.items() if key in names}


def read_restored(database):
    if connection.vendor == "sqlite":
        restored = backup_script._sqlite_connect(database["NAME"])
    else:
        restored = psycopg.connect(dbname=database["NAME"], **_libpq(database))
    try:
        return {
            model: [tuple(row) for row in restored.execute(sql).fetchall()]
            for model, sql in snapshot_sql().items()
        }
    finally:
        restored.close()


def test_a_backup_restores_every_review_action_and_status_update(
    filled_database, empty_target, tmp_path
):
    archive = tmp_path / "backups" / "crl.backup"
    size = backup_script.backup(connection.settings_dict, archive)
    assert size > 0
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # backups hold personal data

    backup_script.restore(empty_target, archive)

    restored = read_restored(empty_target)
    for model, rows in filled_database.items():
        assert restored[model] == rows, model.__name__
    assert len(restored[StatusUpdate]) == StatusUpdate.objects.count()


def test_a_restore_refuses_a_database_that_is_not_empty(filled_database, empty_target, tmp_path):
    archive = tmp_path / "crl.backup"
    backup_script.backup(connection.settings_dict, archive)
    backup_script.restore(empty_target, archive)
    with pytest.raises(backup_script.BackupError, match="not empty"):
        backup_script.restore(empty_target, archive)
    assert read_restored(empty_target) == filled_database  # untouched by the refusal


def test_restoring_a_missing_file_says_so(empty_target, tmp_path):
    with pytest.raises(backup_script.BackupError, match="No backup"):
        backup_script.restore(empty_target, tmp_path / "nothing.backup")
