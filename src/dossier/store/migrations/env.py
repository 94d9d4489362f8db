"""Alembic environment: migrations run on the connection the store hands over (see __init__.upgrade)."""

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")
if connection is None:  # the alembic command line: the database named by -x db=URL
    url = context.get_x_argument(as_dictionary=True).get("db", "sqlite:///dossier.db")
    with create_engine(url).begin() as connection:
        context.configure(connection=connection)
        context.run_migrations()
else:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
