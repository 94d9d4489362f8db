"""a document's language; where a fact's date came from; totals to date

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("language", sa.Text))
    op.add_column("facts", sa.Column("date_source", sa.Text))
    op.add_column("facts", sa.Column("cumulative", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    raise NotImplementedError("Dossier migrates forward only")
