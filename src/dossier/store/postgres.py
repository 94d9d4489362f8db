"""PostgreSQL back-end (psycopg 3): full-text search with its own machinery, to the contract of the SQLite one.

`documents.fts` is a stored tsvector (title weighted A, body D) under a GIN index, made by migration 0001 with
the `simple` configuration over `dossier_fold(...)`: letters lose their diacritics and the punctuation that
PostgreSQL's parser would glue into one token ("F-35", "u.s", "rheinmetall.com") becomes a space, so words split
where FTS5's unicode61 tokenizer splits them. The query syntax (all words, `OR`, `word*`) becomes a tsquery;
`ts_rank` orders hits and `ts_headline` cuts the snippet, whose hits are marked as FTS5 marks them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.dialects.postgresql import insert

from .base import SearchHit, Store, query_words

# ts_rank weights for {D, C, B, A}: a title (A) match weighs five times a body (D) match, as bm25 does on SQLite;
# normalisation 1 divides by 1 + log(document length), as bm25 discounts long documents
RANK_WEIGHTS = "{0.2, 0.2, 0.2, 1.0}"
# control characters mark hits inside ts_headline (text never holds them), so the snippet can be mapped back
# onto the document's own characters and brackets in the text are not taken for marks
START, STOP = "\x02", "\x03"
HEADLINE = f"StartSel={START}, StopSel={STOP}, MaxWords=16, MinWords=8, ShortWord=0, HighlightAll=false"

SEARCH = f"""SELECT d.id, d.title, d.source, d.published, d.text, dossier_fold(d.text) AS folded,
                    ts_headline('simple', dossier_fold(d.text), hits.q, :opts) AS head, hits.rank
             FROM (SELECT d.id, d.rowid, q.q, -ts_rank('{RANK_WEIGHTS}', d.fts, q.q, 1) AS rank
                   FROM documents d, (SELECT to_tsquery('simple', dossier_fold(:q)) AS q) q
                   WHERE d.fts @@ q.q ORDER BY rank, d.rowid LIMIT :l OFFSET :o) hits
             JOIN documents d ON d.id = hits.id ORDER BY hits.rank, hits.rowid"""


def ts_query(q: str) -> str:
    """The search syntax as tsquery text: words quoted and joined by & (all must occur), `|` for OR, `:*` for a
    prefix. dossier_fold() is applied in SQL, which leaves the quotes and operators alone."""
    parts = []
    for word, star in query_words(q):
        if word == "OR":
            parts.append("|")
            continue
        if parts and parts[-1] != "|":
            parts.append("&")
        parts.append(f"'{word}'" + (":*" if star else ""))
    return " ".join(parts)


def snippet(head: str, folded: str, original: str) -> str:
    """ts_headline's passage of the folded text, in the document's own characters with hits in [brackets] and
    '…' where the passage does not reach the start or the end (as FTS5's snippet())."""
    plain = head.replace(START, "").replace(STOP, "")
    at = folded.find(plain)
    if at < 0:  # not expected: the passage is a piece of the folded text
        return head.replace(START, "[").replace(STOP, "]")
    out, pos = [], at
    for ch in head:
        if ch in (START, STOP):
            out.append("[" if ch == START else "]")
        else:
            out.append(original[pos])
            pos += 1
    return ("…" if at > 0 else "") + "".join(out) + ("…" if pos < len(original) else "")


def _without_nul(conn, cursor, statement, parameters, context, executemany):
    """PostgreSQL text cannot hold NUL: a NUL in a parameter (a search typed with %00) becomes U+FFFD, which
    matches nothing, as the NUL does on SQLite, instead of failing the statement."""
    return statement, _replace_nul(parameters)


def _replace_nul(v: Any) -> Any:
    if isinstance(v, str):
        return v.replace("\x00", "\ufffd") if "\x00" in v else v
    if isinstance(v, dict):
        return {k: _replace_nul(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return type(v)(_replace_nul(x) for x in v)
    return v


class PostgresStore(Store):
    dialect = "postgresql"
    # a commit is a round trip and a WAL flush on a server, often another machine: ingest commits 32 documents at once
    write_batch = 32

    def engine_options(self) -> dict[str, Any]:
        return {"pool_pre_ping": True}

    def prepare_engine(self) -> None:
        event.listen(self.engine, "before_cursor_execute", _without_nul, retval=True)

    def insert(self, table: Table) -> Any:
        return insert(table)

    def alias_union(self, old: str, new: str) -> str:
        return (f"(SELECT coalesce(json_agg(v ORDER BY v COLLATE \"C\"), '[]')::text FROM "
                f"(SELECT json_array_elements_text({old}::json) AS v "
                f"UNION SELECT json_array_elements_text({new}::json)) a)")

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        q = ts_query(query)
        if not q:
            return []
        with self.engine.connect() as c:
            rows = c.execute(text(SEARCH), {"q": q, "opts": HEADLINE, "l": limit, "o": offset}).fetchall()
        return [SearchHit(r.id, r.title, r.source, r.published, snippet(r.head, r.folded, r.text), float(r.rank))
                for r in rows]

    def search_count(self, query: str) -> int:
        q = ts_query(query)
        if not q:
            return 0
        with self.engine.connect() as c:
            return c.execute(text("SELECT count(*) FROM documents WHERE fts @@ to_tsquery('simple', dossier_fold(:q))"),
                             {"q": q}).scalar()
