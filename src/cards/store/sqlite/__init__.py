"""What only SQLite needs: planner hints and the case-insensitive search it lacks.

A collection file has no ANALYZE statistics, so SQLite's planner must be steered on
the hot queries. Repositories build portable SQLAlchemy with the constructs of
`store.dialect`; `hints` and `search` say how SQLite writes them, as
`store.postgres.sql` does for PostgreSQL.
"""

from cards.store.sqlite import hints, search

__all__ = ["hints", "search"]
