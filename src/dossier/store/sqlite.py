"""SQLite back-end: a file (WAL journal), FTS5 full-text search with bm25 ranking and snippets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.dialects.sqlite import insert

from ..errors import StoreError
from .base import SearchHit, Store, query_words

# title matches weigh five times body matches (bm25 column weights)
TITLE_WEIGHT = 5.0
SNIPPET_TOKENS = 16


def fts_query(q: str) -> str:
    """User words to an FTS5 query: every word must occur (quoted, so punctuation is harmless); a trailing
    `*` keeps prefix search; OR between words is honoured."""
    parts = []
    for word, star in query_words(q):
        parts.append("OR" if word == "OR" else f'"{word}"' + ("*" if star else ""))
    return " ".join(parts)


class SQLiteStore(Store):
    dialect = "sqlite"

    def check_target(self) -> None:
        path = self.url[len("sqlite:///"):]
        if path and path != ":memory:" and not Path(path).parent.exists():
            raise StoreError(f"{self.target}: folder {Path(path).parent} does not exist")

    def prepare_engine(self) -> None:
        event.listen(self.engine, "connect", _pragmas)

    def insert(self, table: Table) -> Any:
        return insert(table)

    def alias_union(self, old: str, new: str) -> str:
        return (f"(SELECT json_group_array(value) FROM (SELECT value FROM json_each({old}) "
                f"UNION SELECT value FROM json_each({new})))")

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        q = fts_query(query)
        if not q:
            return []
        sql = f"""SELECT d.id, d.title, d.source, d.published,
                         snippet(documents_fts, 1, '[', ']', '…', {SNIPPET_TOKENS}) AS snip,
                         bm25(documents_fts, {TITLE_WEIGHT}, 1.0) AS rank
                  FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
                  WHERE documents_fts MATCH :q ORDER BY rank, d.rowid LIMIT :l OFFSET :o"""
        with self.engine.connect() as c:
            rows = c.execute(text(sql), {"q": q, "l": limit, "o": offset}).fetchall()
        return [SearchHit(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    def search_count(self, query: str) -> int:
        q = fts_query(query)
        if not q:
            return 0
        with self.engine.connect() as c:
            return c.execute(text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q"), {"q": q}).scalar()


def _pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()
