"""Bulk inserts with ids chosen up front: COPY on PostgreSQL, executemany on SQLite.

Choosing ids here (after the table's current largest) lets rows refer to each other without
reading anything back; the sequences are moved past them at the end (`finish`).
"""

import time

from django.db import connection


class Writer:
    """Inserts rows of models' tables, counting and timing them for the progress output."""

    def __init__(self, out):
        self.out = out
        self.tables = []
        self.next_ids = {}

    def ids(self, model, count):
        """`count` fresh ids of `model`'s table, in order."""
        table = model._meta.db_table
        if table not in self.next_ids:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
                self.next_ids[table] = cursor.fetchone()[0] + 1
        start = self.next_ids[table]
        self.next_ids[table] += count
        return range(start, start + count)

    def insert(self, model, rows):
        """Insert `rows` (dicts by field name or attname) into `model`'s table; missing fields take
        their defaults. Returns how many rows were written."""
        fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        defaults = {field.attname: field.get_default() for field in fields}
        columns = [field.column for field in fields]
        names = [field.attname for field in fields]

        def values(row):
            return tuple(row[n] if n in row else defaults[n] for n in names)

        return self.write(model._meta.db_table, columns, (values(row) for row in rows))

    def write(self, table, columns, tuples):
        started = time.perf_counter()
        count = 0
        column_list = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
                with raw.copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
                    for row in tuples:
                        copy.write_row(row)
                        count += 1
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                sql = f'INSERT INTO "{table}" ({column_list}) VALUES ({placeholders})'  # noqa: S608
                batch = []
                for row in tuples:
                    batch.append(row)
                    if len(batch) == 5000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        self.tables.append(table)
        self.out(f"  {table}: {count:,} rows in {time.perf_counter() - started:.1f} s")
        return count

    def finish(self):
        """Move each PostgreSQL sequence past the ids used, and refresh the planner's statistics."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in dict.fromkeys(self.tables):
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))',  # noqa: S608
                    [f'"{table}"'],
                )
                cursor.execute(f'ANALYZE "{table}"')
