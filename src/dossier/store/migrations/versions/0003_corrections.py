"""analyst corrections of entities; links between organisations

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_corrections",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True), sa.Column("kind", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text, nullable=False), sa.Column("arg", sa.Text), sa.Column("target", sa.Text),
        sa.Column("note", sa.Text), sa.Column("created_at", sa.Text, nullable=False),
        sqlite_autoincrement=True)
    op.add_column("entities", sa.Column("parent", sa.Text))


def downgrade() -> None:
    raise NotImplementedError("Dossier migrates forward only")
