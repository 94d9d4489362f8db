"""analyst corrections of facts; a fact's corrected and wrong marks; entity names looked up in any case

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
    op.create_table(
        "fact_corrections",
        sa.Column("fact_id", sa.Text, primary_key=True), sa.Column("wrong", sa.Integer, nullable=False),
        sa.Column("type", sa.Text), sa.Column("status", sa.Text), sa.Column("date", sa.Text),
        sa.Column("amount_value", sa.Double), sa.Column("amount_currency", sa.Text),
        sa.Column("amount_qualifier", sa.Text), sa.Column("roles", sa.Text), sa.Column("note", sa.Text),
        sa.Column("original", sa.Text), sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False))
    op.add_column("facts", sa.Column("corrected", sa.Integer, nullable=False, server_default="0"))
    op.add_column("facts", sa.Column("wrong", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_entities_lower_name", "entities", [sa.text("lower(name)")])
    op.create_index("ix_facts_amount_eur", "facts", ["amount_eur"])


def downgrade() -> None:
    raise NotImplementedError("Dossier migrates forward only")
