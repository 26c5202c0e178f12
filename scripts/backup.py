"""Back up the database to one file, and restore such a file into an empty database.

    .venv/bin/python scripts/backup.py backup [--output FILE]     # default var/backups/<time>.*
    .venv/bin/python scripts/backup.py restore FILE [--database-url URL]

The database is the one the settings use (DATABASE_URL, or the embedded SQLite file). PostgreSQL
is dumped with `pg_dump -Fc` (a consistent snapshot while the site runs) and restored with
`pg_restore` in one transaction; SQLite is copied with its online backup API (consistent while
the site runs, unlike copying the file). A restore only ever goes into an EMPTY database — a new
one you then point DATABASE_URL at — so it can never overwrite live data by mistake.
Backups hold personal data: files are written with mode 600, to a temporary name then renamed.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


def vendor_of(database):
    engine = database["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups of {engine} are not supported (PostgreSQL or SQLite only).")


def _pg_environment(database):
    """libpq's variables: the password never appears on a command line (visible in `ps`)."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(command, env):
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")
    return completed.stdout


def _sqlite_connect(name):
    """A connection to an SQLite database by file name or `file:` URI (an in-memory test DB)."""
    return sqlite3.connect(str(name), uri=str(name).startswith("file:"))


def _write_privately(path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)
    return partial


def backup(database, path):
    """Write a backup of `database` (a Django DATABASES entry) to `path`; returns its size."""
    vendor = vendor_of(database)
    path = Path(path)
    partial = _write_privately(path)
    try:
        if vendor == "postgresql":
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={partial}"],
                _pg_environment(database),
            )
        else:
            source, target = _sqlite_connect(database["NAME"]), sqlite3.connect(partial)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def _postgres_is_empty(database):
    count = _run(
        [
            "psql",
            "--no-psqlrc",
            "--tuples-only",
            "--no-align",
            "--command",
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            " AND c.relkind IN ('r', 'v', 'm', 'S', 'p')",
        ],
        _pg_environment(database),
    )
    return int(count.strip()) == 0


def restore(database, path):
    """Restore the backup at `path` into `database`, which must be empty."""
    vendor = vendor_of(database)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    if vendor == "postgresql":
        if not _postgres_is_empty(database):
            raise BackupError(
                f"Database {database['NAME']} is not empty: restore into a new, empty one."
            )
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={database['NAME']}",
                str(path),
            ],
            _pg_environment(database),
        )
        return
    target = _sqlite_connect(database["NAME"])
    try:
        if target.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise BackupError(f"{database['NAME']} is not empty: restore into a new file.")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(target)
        finally:
            source.close()
    finally:
        target.close()


def default_output(database):
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = ".dump" if vendor_of(database) == "postgresql" else ".sqlite3"
    return ROOT / "var" / "backups" / f"crl-{stamp}{suffix}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="back up the settings' database to a file")
    make.add_argument("--output", type=Path, help="the file to write (default var/backups/)")
    back = commands.add_parser("restore", help="restore a backup file into an empty database")
    back.add_argument("file", type=Path)
    back.add_argument(
        "--database-url", help="the empty database to restore into (default: DATABASE_URL)"
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.conf import settings

    database = settings.DATABASES["default"]
    needed = "pg_dump" if args.command == "backup" else "pg_restore"
    if vendor_of(database) == "postgresql" and not shutil.which(needed):
        raise SystemExit(f"{needed} is not installed (apt-get install postgresql-client).")
    try:
        if args.command == "backup":
            output = args.output or default_output(database)
            size = backup(database, output)
            print(f"Backed up {database['NAME']} to {output} ({size:,} bytes).")
        else:
            if args.database_url:
                import dj_database_url

                database = dj_database_url.parse(args.database_url)
            restore(database, args.file)
            print(f"Restored {args.file} into {database['NAME']}.")
    except BackupError as error:
        raise SystemExit(f"error: {error}") from None


if __name__ == "__main__":
    main()
