"""documents, sources, near-duplicate signatures, full-text index

On SQLite the index is an FTS5 table kept by triggers. On PostgreSQL it is a stored tsvector column under a GIN
index, over dossier_fold(): letters without diacritics (as FTS5's remove_diacritics) and, as spaces, the
punctuation PostgreSQL's parser would keep inside a token, so words split as FTS5's unicode61 splits them.

Revision ID: 0001
Revises:
"""
import unicodedata

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# tsquery's quotes and operators stay as they are: dossier_fold() is also applied to the query text
QUERY_SYNTAX = "'&|:*!()"
FOLDED_RANGES = [(0x21, 0x7F), (0xA0, 0x250), (0x1E00, 0x1F00), (0x2000, 0x2070)]


def fold_chars() -> tuple[str, str]:
    """(from, to) for translate(): one character for one, so a folded text's offsets are the original's."""
    src, dst = [], []
    for lo, hi in FOLDED_RANGES:
        for ch in map(chr, range(lo, hi)):
            kind = unicodedata.category(ch)[0]
            if ch in QUERY_SYNTAX:
                continue
            if kind in "PSZ":
                src.append(ch)
                dst.append(" ")
            elif kind == "L":
                base = "".join(b for b in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(b))
                if len(base) == 1 and base != ch:
                    src.append(ch)
                    dst.append(base)
    return "".join(src), "".join(dst)


def _literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    extra = [sa.Column("rowid", sa.BigInteger, sa.Identity(), nullable=False, unique=True)] if pg else []
    op.create_table(
        "documents",
        sa.Column("id", sa.Text, primary_key=True), sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text), sa.Column("title", sa.Text), sa.Column("published", sa.Text),
        sa.Column("author", sa.Text), sa.Column("outlet", sa.Text), sa.Column("format", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("boilerplate", sa.Text, nullable=False, server_default="[]"),
        sa.Column("teasers", sa.Text, nullable=False, server_default="[]"),
        sa.Column("ingested_at", sa.Text, nullable=False), *extra)
    op.create_table(
        "document_sources",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("status", sa.Text, nullable=False), sa.Column("similarity", sa.Double),
        sa.Column("content_id", sa.Text, nullable=False), sa.Column("ingested_at", sa.Text, nullable=False))
    op.create_index("ix_sources_doc", "document_sources", ["doc_id"])
    op.create_table(
        "minhashes",
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("sig", sa.LargeBinary, nullable=False))
    if pg:
        _postgres_fts()
    else:
        _sqlite_fts()


def _sqlite_fts() -> None:
    for stmt in (
        """CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2')""",
        """CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END""",
        """CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text); END""",
        """CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"""):
        op.execute(stmt)


def _postgres_fts() -> None:
    src, dst = fold_chars()
    op.execute(sa.text(f"CREATE FUNCTION dossier_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
                       f"PARALLEL SAFE RETURN translate(t, {_literal(src)}, {_literal(dst)})"))
    op.add_column("documents", sa.Column("fts", TSVECTOR, sa.Computed(
        "setweight(to_tsvector('simple'::regconfig, dossier_fold(coalesce(title, ''))), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, dossier_fold(text)), 'D')", persisted=True)))
    op.create_index("ix_documents_fts", "documents", ["fts"], postgresql_using="gin")


def downgrade() -> None:
    raise NotImplementedError("Dossier migrates forward only")
