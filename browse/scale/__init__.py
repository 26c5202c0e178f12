"""Generated data at national scale, for benchmarks: `manage.py generate_scale_data`.

It writes every app's models, so it sits in the top layer. `names` makes boards and texts,
`writer` inserts rows in bulk (COPY on PostgreSQL, executemany on SQLite), `corpus` decides the
shapes (how many reviews, findings per review, themes per finding, actions, updates).
"""
