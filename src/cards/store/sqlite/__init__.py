"""What only SQLite needs: its connections, the functions it lacks for search, its
SQL words and planner hints, whole-file backups.

A collection file has no ANALYZE statistics, so SQLite's planner must be steered on
the hot queries: `sql` says how SQLite writes the pieces whose best form differs
between engines, as `store.postgres.sql` does for PostgreSQL. Importing this package
imports none of its modules (and no SQLAlchemy): each is imported where it is used.
"""
