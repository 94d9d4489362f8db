"""entities in the order they were made, on PostgreSQL too

The resolver reloads the people a database knows in the order they were made (`ORDER BY rowid`), so that a run
resumed after an interruption links names as one uninterrupted run does. SQLite has an implicit rowid; on
PostgreSQL an identity column of that name gives the same order (existing rows are numbered as they lie).

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("entities", sa.Column("rowid", sa.BigInteger, sa.Identity(), nullable=False, unique=True))


def downgrade() -> None:
    raise NotImplementedError("Dossier migrates forward only")
