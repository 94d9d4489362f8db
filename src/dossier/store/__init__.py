"""Storage: one interface (`Store`, base.py), a module per back-end, Alembic migrations (migrations/).

`Store(target)` opens a database and brings its schema up to date: a file path or `sqlite:///…` is SQLite
(sqlite.py: WAL, FTS5), `postgresql+psycopg://user@host/db` is PostgreSQL (postgres.py: tsvector, GIN,
ts_rank, ts_headline). Every other module imports `Store` from here.
"""

from .base import SearchHit, Store, now, query_words
from .postgres import PostgresStore, ts_query
from .sqlite import SQLiteStore, fts_query

__all__ = ["Store", "SQLiteStore", "PostgresStore", "SearchHit", "now", "query_words", "fts_query", "ts_query"]
