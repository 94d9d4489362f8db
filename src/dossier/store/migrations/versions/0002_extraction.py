"""mentions, entities, facts and their roles

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.Text, primary_key=True), sa.Column("type", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False), sa.Column("country", sa.Text),
        sa.Column("aliases", sa.Text, nullable=False, server_default="[]"),
        sa.Column("lat", sa.Double), sa.Column("lon", sa.Double))
    op.create_index("ix_entities_type", "entities", ["type"])
    op.create_table(
        "mentions",
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("start", sa.Integer, primary_key=True), sa.Column("end", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False), sa.Column("type", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text), sa.Column("country", sa.Text), sa.Column("role", sa.Text),
        sa.Column("norm", sa.Text))
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("type", sa.Text, nullable=False), sa.Column("status", sa.Text, nullable=False),
        sa.Column("amount_value", sa.Double), sa.Column("amount_currency", sa.Text),
        sa.Column("amount_qualifier", sa.Text), sa.Column("amount_high", sa.Double),
        sa.Column("amount_eur", sa.Double), sa.Column("share_of_gdp", sa.Double),
        sa.Column("items", sa.Text, nullable=False, server_default="[]"), sa.Column("date", sa.Text),
        sa.Column("evidence_start", sa.Integer, nullable=False), sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_text", sa.Text, nullable=False), sa.Column("confidence", sa.Double, nullable=False))
    op.create_index("ix_facts_doc", "facts", ["doc_id"])
    op.create_index("ix_facts_type", "facts", ["type"])
    op.create_table(
        "fact_roles",
        sa.Column("fact_id", sa.Text, sa.ForeignKey("facts.id"), primary_key=True),
        sa.Column("role", sa.Text, primary_key=True), sa.Column("entity_id", sa.Text, primary_key=True))
    op.create_index("ix_fact_roles_entity", "fact_roles", ["entity_id"])


def downgrade() -> None:
    raise NotImplementedError("Dossier migrates forward only")
