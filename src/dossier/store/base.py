"""The store's one interface and what every back-end shares: the tables (SQLAlchemy Core), writing a document
with its extraction in one transaction, reading it back, and plain queries.

A back-end (`sqlite.py`, `postgres.py`) subclasses `Store` with `dialect = ...` and supplies what differs:
setting up the engine, the upsert construct, merging alias lists, and full-text search. `Store(target)` picks
the back-end from the target: a file path or `sqlite:///...` is SQLite, `postgresql+psycopg://...` PostgreSQL.
The schema is made and upgraded by Alembic (`migrations/`) whenever a store is opened.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, ClassVar, Iterator, Optional

from sqlalchemy import (Column, Double, Integer, LargeBinary, MetaData, Table, Text, create_engine, func,
                        literal_column, select, text)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from ..errors import StoreError
from ..model import Document, Entity, Fact, Mention

metadata = MetaData()

# The schema at the head revision, as the queries see it. Alembic (migrations/versions) makes it; a test checks
# that a migrated database has every column declared here.
documents = Table(
    "documents", metadata,
    Column("id", Text, primary_key=True), Column("source", Text, nullable=False), Column("url", Text),
    Column("title", Text), Column("published", Text), Column("author", Text), Column("outlet", Text),
    Column("format", Text), Column("text", Text, nullable=False), Column("boilerplate", Text, nullable=False),
    Column("teasers", Text, nullable=False), Column("ingested_at", Text, nullable=False), Column("language", Text))
document_sources = Table(
    "document_sources", metadata,
    Column("source", Text, primary_key=True), Column("doc_id", Text, nullable=False), Column("status", Text, nullable=False),
    Column("similarity", Double), Column("content_id", Text, nullable=False), Column("ingested_at", Text, nullable=False))
minhashes = Table("minhashes", metadata, Column("doc_id", Text, primary_key=True),
                  Column("sig", LargeBinary, nullable=False))
entities = Table(
    "entities", metadata,
    Column("id", Text, primary_key=True), Column("type", Text, nullable=False), Column("name", Text, nullable=False),
    Column("country", Text), Column("aliases", Text, nullable=False), Column("lat", Double), Column("lon", Double),
    Column("parent", Text))
mentions = Table(
    "mentions", metadata,
    Column("doc_id", Text, primary_key=True), Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True), Column("text", Text, nullable=False), Column("type", Text, nullable=False),
    Column("entity_id", Text), Column("country", Text), Column("role", Text), Column("norm", Text))
facts = Table(
    "facts", metadata,
    Column("id", Text, primary_key=True), Column("doc_id", Text, nullable=False), Column("type", Text, nullable=False),
    Column("status", Text, nullable=False), Column("amount_value", Double), Column("amount_currency", Text),
    Column("amount_qualifier", Text), Column("amount_high", Double), Column("amount_eur", Double),
    Column("share_of_gdp", Double), Column("items", Text, nullable=False), Column("date", Text),
    Column("evidence_start", Integer, nullable=False), Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False), Column("confidence", Double, nullable=False),
    Column("date_source", Text), Column("cumulative", Integer, nullable=False),
    Column("corrected", Integer, nullable=False, server_default="0"),
    Column("wrong", Integer, nullable=False, server_default="0"))
fact_roles = Table(
    "fact_roles", metadata,
    Column("fact_id", Text, primary_key=True), Column("role", Text, primary_key=True),
    Column("entity_id", Text, primary_key=True))
entity_corrections = Table(
    "entity_corrections", metadata,
    Column("seq", Integer, primary_key=True), Column("kind", Text, nullable=False),
    Column("entity_id", Text, nullable=False), Column("arg", Text), Column("target", Text), Column("note", Text),
    Column("created_at", Text, nullable=False))
# an analyst's correction of one fact (curate.correct_fact), by the fact's content-derived id: the fields it sets
# (NULL: left as extracted), roles as JSON {role: [entity ids]}, and the fact as extracted when first corrected
fact_corrections = Table(
    "fact_corrections", metadata,
    Column("fact_id", Text, primary_key=True), Column("wrong", Integer, nullable=False), Column("type", Text),
    Column("status", Text), Column("date", Text), Column("amount_value", Double), Column("amount_currency", Text),
    Column("amount_qualifier", Text), Column("roles", Text), Column("note", Text), Column("original", Text),
    Column("created_at", Text, nullable=False), Column("updated_at", Text, nullable=False))

# insertion order of documents: SQLite's implicit rowid; PostgreSQL has an identity column of that name
ROWID = literal_column("rowid")
DOCUMENT_COLUMNS = [documents.c[name] for name in documents.c.keys()]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class SearchHit:
    id: str
    title: Optional[str]
    source: str
    published: Optional[str]
    snippet: str  # the best passage, hits marked [like this], '…' where text is cut
    rank: float  # lower is better


class QuerySyntaxError(ValueError):
    """A search the syntax cannot read; query.search turns it into the QueryError users see."""


def query_words(q: str) -> list[tuple[str, bool]]:
    """The search syntax both back-ends translate: (word, prefix?) in order, "OR" standing for itself between two
    words. An OR with no word on one side ("a OR OR b", "OR radar") is a QuerySyntaxError."""
    parts: list[tuple[str, bool]] = []
    for tok in re.findall(r'[\w*]+|\bOR\b', q):
        if tok == "OR":
            if not parts or parts[-1][0] == "OR":
                raise QuerySyntaxError("OR needs a word on each side")
            parts.append(("OR", False))
            continue
        word = tok.strip("*")
        if word:
            parts.append((word, tok.endswith("*")))
    if parts and parts[-1][0] == "OR":
        raise QuerySyntaxError("OR needs a word on each side")
    return parts


class Store:
    """One database. `Store(target)` opens (and migrates) it; use as a context manager or call close()."""

    dialect: ClassVar[str] = ""
    # Documents ingest writes in one transaction. One: a reader (and a run resumed after a kill) sees each document
    # as soon as it is written, and committing a local file is cheap.
    write_batch: ClassVar[int] = 1
    _backends: ClassVar[dict[str, type["Store"]]] = {}

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if cls.dialect:
            Store._backends[cls.dialect] = cls

    def __new__(cls, target: str | Path) -> "Store":
        if cls is not Store:
            return super().__new__(cls)
        url = url_of(target)
        try:
            backend = make_url(url).get_backend_name()
        except ArgumentError:
            raise StoreError(f"{target}: not a database file or URL") from None
        if backend not in Store._backends:
            raise StoreError(f"{target}: unsupported database {backend!r} "
                             f"(choose from {', '.join(sorted(Store._backends))})")
        return super().__new__(Store._backends[backend])

    def __init__(self, target: str | Path):
        self.target = str(target)
        self.url = url_of(target)
        self.check_target()
        try:
            self.engine: Engine = create_engine(self.url, **self.engine_options())
        except (SQLAlchemyError, ValueError, ImportError) as e:
            raise StoreError(f"{self.shown}: cannot open database ({e})") from None
        self.prepare_engine()
        self.migrate()

    @property
    def shown(self) -> str:
        """The target as it may be printed (no password)."""
        return make_url(self.url).render_as_string(hide_password=True) if "://" in self.target else self.target

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- what a back-end supplies ----------------------------------------------------------------
    def check_target(self) -> None:
        """Raises StoreError when the target cannot be a database of this kind (before connecting)."""

    def engine_options(self) -> dict[str, Any]:
        return {}

    def prepare_engine(self) -> None:
        """Connection settings (pragmas and the like)."""

    def insert(self, table: Table) -> Any:
        """The dialect's INSERT construct, which has on_conflict_do_update / on_conflict_do_nothing."""
        raise NotImplementedError

    def alias_union(self, old: str, new: str) -> str:
        """SQL for the union of two JSON arrays of strings (columns `old` and `new`), as JSON text."""
        raise NotImplementedError

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search: every word must occur; OR between words; `word*` a prefix. Best first."""
        raise NotImplementedError

    def search_count(self, query: str) -> int:
        """How many documents `search(query)` finds in all."""
        raise NotImplementedError

    # -- schema ---------------------------------------------------------------------------------
    def migrate(self) -> str:
        """Brings the schema to the newest revision; returns it."""
        from alembic.util import CommandError

        from .migrations import upgrade

        try:
            with self.engine.begin() as c:
                return upgrade(c)
        except CommandError as e:  # e.g. a revision this version of Dossier does not know (made by a newer one)
            raise StoreError(f"{self.shown}: cannot bring the schema up to date ({e})") from None
        except DBAPIError as e:
            reason = str(e.orig).strip().splitlines()[0] if e.orig else str(e)
            raise StoreError(f"{self.shown}: not a usable Dossier database ({reason})") from None

    def schema_version(self) -> str:
        from .migrations import current

        with self.engine.connect() as c:
            return current(c)

    # -- writing --------------------------------------------------------------------------------
    def transaction(self):
        return self.engine.begin()

    def source_doc(self, source: str) -> Optional[tuple[str, str, str]]:
        """(doc id it maps to, status, id of the content last read from it) for a source seen before."""
        t = document_sources.c
        with self.engine.connect() as c:
            row = c.execute(select(t.doc_id, t.status, t.content_id).where(t.source == source)).first()
        return (row[0], row[1], row[2]) if row else None

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as c:
            return c.execute(select(documents.c.id).where(documents.c.id == doc_id)).first() is not None

    def put_document(self, c: Connection, doc: Document) -> None:
        row = {k: getattr(doc, k) for k in ("id", "source", "url", "title", "published", "author", "outlet",
                                             "format", "text", "language")}
        c.execute(documents.insert(), {**row, "boilerplate": json.dumps(doc.boilerplate, ensure_ascii=False),
                                       "teasers": json.dumps(doc.teasers, ensure_ascii=False), "ingested_at": now()})

    def put_source(self, c: Connection, source: str, doc_id: str, status: str, similarity: Optional[float],
                   content_id: str) -> None:
        self._upsert(c, document_sources, [{"source": source, "doc_id": doc_id, "status": status,
                                            "similarity": similarity, "content_id": content_id, "ingested_at": now()}])

    def put_minhash(self, c: Connection, doc_id: str, sig: bytes) -> None:
        self._upsert(c, minhashes, [{"doc_id": doc_id, "sig": sig}])

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        with self.engine.connect() as c:
            for doc_id, sig in c.execute(select(minhashes.c.doc_id, minhashes.c.sig)):
                yield doc_id, bytes(sig)

    def put_extraction(self, c: Connection, doc_id: str, mention_list: list[Mention], fact_list: list[Fact],
                       entity_list: list[Entity]) -> None:
        """Replaces a document's mentions and facts; upserts the entities they point to."""
        doc_facts = select(facts.c.id).where(facts.c.doc_id == doc_id)
        c.execute(fact_roles.delete().where(fact_roles.c.fact_id.in_(doc_facts)))
        c.execute(facts.delete().where(facts.c.doc_id == doc_id))
        c.execute(mentions.delete().where(mentions.c.doc_id == doc_id))
        if entity_list:
            self._put_entities(c, entity_list)
        if mention_list:
            self._upsert(c, mentions, [{"doc_id": m.doc, "start": m.start, "end": m.end, "text": m.text,
                                        "type": m.type, "entity_id": m.entity, "country": m.country,
                                        "role": m.role, "norm": m.norm} for m in mention_list])
        if fact_list:
            self._upsert(c, facts, [_fact_row(f) for f in fact_list])
            rows = [{"fact_id": f.id, "role": role, "entity_id": eid}
                    for f in fact_list for role, ids in f.roles.items() for eid in ids]
            if rows:
                c.execute(self.insert(fact_roles).on_conflict_do_nothing(), rows)

    def _put_entities(self, c: Connection, entity_list: list[Entity]) -> None:
        """One statement for all: a new entity is inserted, a known one keeps its aliases plus the new ones."""
        ins = self.insert(entities)
        old, new = entities.c, ins.excluded
        aliases = text(f"CASE WHEN excluded.aliases = '[]' THEN entities.aliases "
                       f"ELSE {self.alias_union('entities.aliases', 'excluded.aliases')} END")
        entity_list = _merge_repeats(entity_list)  # one statement may not touch a row twice (PostgreSQL)
        c.execute(ins.on_conflict_do_update(index_elements=["id"], set_={
            "name": new.name, "aliases": aliases, "country": func.coalesce(old.country, new.country),
            "lat": func.coalesce(old.lat, new.lat), "lon": func.coalesce(old.lon, new.lon)}),
            [{"id": e.id, "type": e.type, "name": e.name, "country": e.country,
              "aliases": json.dumps(e.aliases, ensure_ascii=False), "lat": e.lat, "lon": e.lon} for e in entity_list])

    def _upsert(self, c: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        """Inserts rows; a row whose primary key exists replaces that row's other columns."""
        ins = self.insert(table)
        keys = [col.name for col in table.primary_key]
        rows = list({tuple(r[k] for k in keys): r for r in rows}.values())  # the last of repeated keys wins
        c.execute(ins.on_conflict_do_update(index_elements=keys, set_={
            col.name: ins.excluded[col.name] for col in table.columns if col.name not in keys}), rows)

    # -- reading --------------------------------------------------------------------------------
    def documents(self, limit: Optional[int] = None, offset: int = 0) -> list[Document]:
        q = select(*DOCUMENT_COLUMNS).order_by(ROWID)
        if limit is not None:
            q = q.limit(limit).offset(offset)
        with self.engine.connect() as c:
            return [_doc(r._mapping) for r in c.execute(q)]

    def iter_documents(self, batch: int = 500) -> Iterator[Document]:
        last = 0
        while True:
            q = select(ROWID.label("_r"), *DOCUMENT_COLUMNS).where(ROWID > last).order_by(ROWID).limit(batch)
            with self.engine.connect() as c:
                rows = c.execute(q).fetchall()
            if not rows:
                return
            for r in rows:
                yield _doc(r._mapping)
            last = rows[-1]._mapping["_r"]

    def document(self, doc_id: str) -> Optional[Document]:
        with self.engine.connect() as c:
            r = c.execute(select(*DOCUMENT_COLUMNS).where(documents.c.id == doc_id)).first()
        return _doc(r._mapping) if r else None

    def sources(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(select(document_sources).order_by(document_sources.c.source))]

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

    def query(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a read query written in SQL both back-ends accept."""
        with self.engine.connect() as c:
            result = c.execute(text(sql), params)
            keys = tuple(result.keys())  # zip over the tuples: a third of the time of dict(row._mapping)
            return [dict(zip(keys, row)) for row in result]


def url_of(target: str | Path) -> str:
    """A database target as an SQLAlchemy URL: a file path becomes sqlite:///path."""
    target = str(target)
    return target if "://" in target else f"sqlite:///{target}"


def _merge_repeats(entity_list: list[Entity]) -> list[Entity]:
    """Entities with one id merged as consecutive upserts would merge them: the later name, both alias lists,
    the first known country and place."""
    out: dict[str, Entity] = {}
    for e in entity_list:
        first = out.get(e.id)
        if first is None:
            out[e.id] = e
            continue
        aliases = sorted(set(first.aliases) | set(e.aliases)) if e.aliases else first.aliases
        out[e.id] = Entity(id=e.id, type=first.type, name=e.name, country=first.country or e.country,
                           aliases=aliases, lat=first.lat if first.lat is not None else e.lat,
                           lon=first.lon if first.lon is not None else e.lon)
    return list(out.values())


def _fact_row(f: Fact) -> dict[str, Any]:
    a = f.amount
    return {"id": f.id, "doc_id": f.doc, "type": f.type, "status": f.status,
            "amount_value": a.value if a else None, "amount_currency": a.currency if a else None,
            "amount_qualifier": a.qualifier if a else None, "amount_high": a.high if a else None,
            "amount_eur": f.amount_eur, "share_of_gdp": f.share_of_gdp,
            "items": json.dumps(f.items, ensure_ascii=False), "date": f.date, "date_source": f.date_source,
            "cumulative": int(f.cumulative), "evidence_start": f.evidence.start, "evidence_end": f.evidence.end,
            "evidence_text": f.evidence.text, "confidence": f.confidence,
            "corrected": 0, "wrong": 0}  # curate.apply_corrections marks them again after extraction


def _doc(m: Any) -> Document:
    return Document(id=m["id"], source=m["source"], text=m["text"], title=m["title"], published=m["published"],
                    author=m["author"], outlet=m["outlet"], url=m["url"], format=m["format"] or "text",
                    boilerplate=json.loads(m["boilerplate"] or "[]"), teasers=json.loads(m["teasers"] or "[]"),
                    language=m.get("language"))
