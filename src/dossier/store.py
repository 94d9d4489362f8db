"""Storage: SQLite (WAL) through SQLAlchemy 2, versioned migrations, FTS5 full-text search.

Each document is written in one transaction together with its near-duplicate signature, mentions and
facts, so a crash or a bad file never leaves half a document. Migrations are numbered and applied in
order; `schema_migrations` records which ran.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Optional

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from .errors import StoreError
from .model import Document, Entity, Fact, Mention

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "documents, sources, near-duplicate signatures, full-text index", [
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, url TEXT, title TEXT, published TEXT, author TEXT,
            outlet TEXT, format TEXT, text TEXT NOT NULL, boilerplate TEXT NOT NULL DEFAULT '[]',
            teasers TEXT NOT NULL DEFAULT '[]', ingested_at TEXT NOT NULL)""",
        """CREATE TABLE document_sources (
            source TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), status TEXT NOT NULL,
            similarity REAL, content_id TEXT NOT NULL, ingested_at TEXT NOT NULL)""",
        "CREATE INDEX ix_sources_doc ON document_sources(doc_id)",
        "CREATE TABLE minhashes (doc_id TEXT PRIMARY KEY REFERENCES documents(id), sig BLOB NOT NULL)",
        """CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2')""",
        """CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END""",
        """CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); END""",
        """CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END""",
    ]),
    (2, "mentions, entities, facts and their roles", [
        """CREATE TABLE entities (
            id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, country TEXT, aliases TEXT NOT NULL DEFAULT '[]',
            lat REAL, lon REAL)""",
        "CREATE INDEX ix_entities_type ON entities(type)",
        """CREATE TABLE mentions (
            doc_id TEXT NOT NULL REFERENCES documents(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, type TEXT NOT NULL, entity_id TEXT, country TEXT, role TEXT, norm TEXT,
            PRIMARY KEY (doc_id, start, "end"))""",
        "CREATE INDEX ix_mentions_entity ON mentions(entity_id)",
        """CREATE TABLE facts (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), type TEXT NOT NULL,
            status TEXT NOT NULL, amount_value REAL, amount_currency TEXT, amount_qualifier TEXT, amount_high REAL,
            amount_eur REAL, share_of_gdp REAL, items TEXT NOT NULL DEFAULT '[]', date TEXT,
            evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, evidence_text TEXT NOT NULL,
            confidence REAL NOT NULL)""",
        "CREATE INDEX ix_facts_doc ON facts(doc_id)",
        "CREATE INDEX ix_facts_type ON facts(type)",
        """CREATE TABLE fact_roles (
            fact_id TEXT NOT NULL REFERENCES facts(id), role TEXT NOT NULL, entity_id TEXT NOT NULL,
            PRIMARY KEY (fact_id, role, entity_id))""",
        "CREATE INDEX ix_fact_roles_entity ON fact_roles(entity_id)",
    ]),
    (3, "analyst corrections of entities; links between organisations", [
        """CREATE TABLE entity_corrections (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, entity_id TEXT NOT NULL, arg TEXT,
            target TEXT, note TEXT, created_at TEXT NOT NULL)""",
        "ALTER TABLE entities ADD COLUMN parent TEXT",
    ]),
    (4, "a document's language; where a fact's date came from; totals to date", [
        "ALTER TABLE documents ADD COLUMN language TEXT",
        "ALTER TABLE facts ADD COLUMN date_source TEXT",
        "ALTER TABLE facts ADD COLUMN cumulative INTEGER NOT NULL DEFAULT 0",
    ]),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class SearchHit:
    id: str
    title: Optional[str]
    source: str
    published: Optional[str]
    snippet: str
    rank: float


def fts_query(q: str) -> str:
    """User words to an FTS5 query: every word must occur (quoted, so punctuation is harmless); a trailing
    `*` keeps prefix search; OR between words is honoured."""
    parts = []
    for tok in re.findall(r'[\w*]+|\bOR\b', q):
        if tok == "OR":
            parts.append("OR")
            continue
        star = tok.endswith("*")
        word = tok.strip("*")
        if word:
            parts.append(f'"{word}"' + ("*" if star else ""))
    while parts and parts[0] == "OR":
        parts.pop(0)
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


class Store:
    """One database. `Store(path)` opens (and migrates) it; use as a context manager or call close()."""

    def __init__(self, target: str | Path):
        target = str(target)
        url = target if "://" in target else f"sqlite:///{target}"
        if url.startswith("sqlite:///") and target != ":memory:":
            parent = Path(url[len("sqlite:///"):]).parent
            if not parent.exists():
                raise StoreError(f"{target}: folder {parent} does not exist")
        try:
            self.engine: Engine = create_engine(url, future=True)
        except (SQLAlchemyError, ValueError) as e:
            raise StoreError(f"{target}: cannot open database ({e})") from None
        self.target = target
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------------
    def migrate(self) -> int:
        try:
            with self.engine.begin() as c:
                c.execute(text("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                               "description TEXT, applied_at TEXT)"))
                done = {r[0] for r in c.execute(text("SELECT version FROM schema_migrations"))}
                for version, description, statements in MIGRATIONS:
                    if version in done:
                        continue
                    for stmt in statements:
                        c.exec_driver_sql(stmt)
                    c.execute(text("INSERT INTO schema_migrations VALUES (:v, :d, :t)"),
                              {"v": version, "d": description, "t": now()})
        except DBAPIError as e:
            raise StoreError(f"{self.target}: not a usable Dossier database ({e.orig})") from None
        return SCHEMA_VERSION

    def schema_version(self) -> int:
        with self.engine.connect() as c:
            return c.execute(text("SELECT max(version) FROM schema_migrations")).scalar() or 0

    # -- writing --------------------------------------------------------------------------------
    def transaction(self):
        return self.engine.begin()

    def source_doc(self, source: str) -> Optional[tuple[str, str, str]]:
        """(doc id it maps to, status, id of the content last read from it) for a source seen before."""
        with self.engine.connect() as c:
            row = c.execute(text("SELECT doc_id, status, content_id FROM document_sources WHERE source = :s"),
                            {"s": source}).first()
        return (row[0], row[1], row[2]) if row else None

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as c:
            return c.execute(text("SELECT 1 FROM documents WHERE id = :i"), {"i": doc_id}).first() is not None

    @staticmethod
    def put_document(c: Connection, doc: Document) -> None:
        c.execute(text("""INSERT INTO documents (id, source, url, title, published, author, outlet, format, text,
                          boilerplate, teasers, language, ingested_at) VALUES (:id, :source, :url, :title, :published,
                          :author, :outlet, :format, :text, :boilerplate, :teasers, :language, :t)"""),
                  {**{k: getattr(doc, k) for k in ("id", "source", "url", "title", "published", "author", "outlet",
                                                     "format", "text", "language")},
                   "boilerplate": json.dumps(doc.boilerplate, ensure_ascii=False),
                   "teasers": json.dumps(doc.teasers, ensure_ascii=False), "t": now()})

    @staticmethod
    def put_source(c: Connection, source: str, doc_id: str, status: str, similarity: Optional[float],
                   content_id: str) -> None:
        c.execute(text("""INSERT INTO document_sources (source, doc_id, status, similarity, content_id, ingested_at)
                          VALUES (:s, :d, :st, :sim, :cid, :t)
                          ON CONFLICT(source) DO UPDATE SET doc_id = excluded.doc_id, status = excluded.status,
                          similarity = excluded.similarity, content_id = excluded.content_id,
                          ingested_at = excluded.ingested_at"""),
                  {"s": source, "d": doc_id, "st": status, "sim": similarity, "cid": content_id, "t": now()})

    @staticmethod
    def put_minhash(c: Connection, doc_id: str, sig: bytes) -> None:
        c.execute(text("INSERT OR REPLACE INTO minhashes (doc_id, sig) VALUES (:d, :s)"), {"d": doc_id, "s": sig})

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        with self.engine.connect() as c:
            yield from c.execute(text("SELECT doc_id, sig FROM minhashes"))

    @staticmethod
    def put_extraction(c: Connection, doc_id: str, mentions: list[Mention], facts: list[Fact],
                       entities: list[Entity]) -> None:
        """Replaces a document's mentions and facts; upserts the entities they point to."""
        c.execute(text("DELETE FROM fact_roles WHERE fact_id IN (SELECT id FROM facts WHERE doc_id = :d)"), {"d": doc_id})
        c.execute(text("DELETE FROM facts WHERE doc_id = :d"), {"d": doc_id})
        c.execute(text("DELETE FROM mentions WHERE doc_id = :d"), {"d": doc_id})
        if entities:
            # one statement for all: a new entity is inserted, a known one keeps its aliases plus the new ones
            c.execute(text("""INSERT INTO entities (id, type, name, country, aliases, lat, lon)
                              VALUES (:id, :type, :name, :country, :aliases, :lat, :lon)
                              ON CONFLICT(id) DO UPDATE SET name = excluded.name,
                                aliases = CASE WHEN excluded.aliases = '[]' THEN entities.aliases ELSE
                                  (SELECT json_group_array(value) FROM (SELECT value FROM json_each(entities.aliases)
                                   UNION SELECT value FROM json_each(excluded.aliases))) END,
                                country = coalesce(entities.country, excluded.country),
                                lat = coalesce(entities.lat, excluded.lat), lon = coalesce(entities.lon, excluded.lon)"""),
                      [{"id": e.id, "type": e.type, "name": e.name, "country": e.country,
                        "aliases": json.dumps(e.aliases, ensure_ascii=False), "lat": e.lat, "lon": e.lon}
                       for e in entities])
        if mentions:
            c.execute(text("""INSERT OR REPLACE INTO mentions (doc_id, start, "end", text, type, entity_id, country,
                              role, norm) VALUES (:doc, :start, :end, :text, :type, :entity, :country, :role, :norm)"""),
                      [m.__dict__ for m in mentions])
        if facts:
            c.execute(text("""INSERT OR REPLACE INTO facts (id, doc_id, type, status, amount_value, amount_currency,
                              amount_qualifier, amount_high, amount_eur, share_of_gdp, items, date, date_source, cumulative,
                              evidence_start, evidence_end, evidence_text, confidence) VALUES (:id, :doc, :type, :status,
                              :av, :ac, :aq, :ah, :eur, :gdp, :items, :date, :dsrc, :cum, :es, :ee, :et, :conf)"""),
                      [{"id": f.id, "doc": f.doc, "type": f.type, "status": f.status,
                        "av": f.amount.value if f.amount else None, "ac": f.amount.currency if f.amount else None,
                        "aq": f.amount.qualifier if f.amount else None, "ah": f.amount.high if f.amount else None,
                        "eur": f.amount_eur, "gdp": f.share_of_gdp, "items": json.dumps(f.items, ensure_ascii=False),
                        "date": f.date, "dsrc": f.date_source, "cum": int(f.cumulative), "es": f.evidence.start, "ee": f.evidence.end, "et": f.evidence.text,
                        "conf": f.confidence} for f in facts])
            rows = [{"f": f.id, "r": role, "e": eid} for f in facts for role, ids in f.roles.items() for eid in ids]
            if rows:
                c.execute(text("INSERT OR IGNORE INTO fact_roles (fact_id, role, entity_id) VALUES (:f, :r, :e)"), rows)

    # -- reading --------------------------------------------------------------------------------
    def documents(self, limit: Optional[int] = None, offset: int = 0) -> list[Document]:
        sql = "SELECT * FROM documents ORDER BY rowid"
        params: dict[str, Any] = {}
        if limit is not None:
            sql += " LIMIT :l OFFSET :o"
            params = {"l": limit, "o": offset}
        with self.engine.connect() as c:
            return [_doc(r._mapping) for r in c.execute(text(sql), params)]

    def iter_documents(self, batch: int = 500) -> Iterator[Document]:
        last = 0
        while True:
            with self.engine.connect() as c:
                rows = c.execute(text("SELECT rowid AS _r, * FROM documents WHERE rowid > :l ORDER BY rowid LIMIT :b"),
                                 {"l": last, "b": batch}).fetchall()
            if not rows:
                return
            for r in rows:
                yield _doc(r._mapping)
            last = rows[-1]._mapping["_r"]

    def document(self, doc_id: str) -> Optional[Document]:
        with self.engine.connect() as c:
            r = c.execute(text("SELECT * FROM documents WHERE id = :i"), {"i": doc_id}).first()
        return _doc(r._mapping) if r else None

    def sources(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(text("SELECT * FROM document_sources ORDER BY source"))]

    def counts(self) -> dict[str, int]:
        out = {}
        with self.engine.connect() as c:
            for name, sql in (("documents", "SELECT count(*) FROM documents"),
                              ("near_duplicates", "SELECT count(*) FROM document_sources WHERE status = 'near_duplicate'"),
                              ("duplicates", "SELECT count(*) FROM document_sources WHERE status = 'duplicate'"),
                              ("mentions", "SELECT count(*) FROM mentions"), ("entities", "SELECT count(*) FROM entities"),
                              ("facts", "SELECT count(*) FROM facts")):
                out[name] = c.execute(text(sql)).scalar() or 0
        return out

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        q = fts_query(query)
        if not q:
            return []
        sql = """SELECT d.id, d.title, d.source, d.published,
                        snippet(documents_fts, 1, '[', ']', '…', 16) AS snip, bm25(documents_fts, 5.0, 1.0) AS rank
                 FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
                 WHERE documents_fts MATCH :q ORDER BY rank LIMIT :l OFFSET :o"""
        with self.engine.connect() as c:
            rows = c.execute(text(sql), {"q": q, "l": limit, "o": offset}).fetchall()
        return [SearchHit(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    def query(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(text(sql), params)]


def _doc(m: Any) -> Document:
    return Document(id=m["id"], source=m["source"], text=m["text"], title=m["title"], published=m["published"],
                    author=m["author"], outlet=m["outlet"], url=m["url"], format=m["format"] or "text",
                    boilerplate=json.loads(m["boilerplate"] or "[]"), teasers=json.loads(m["teasers"] or "[]"),
                    language=m.get("language"))


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()
