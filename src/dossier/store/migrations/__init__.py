"""Schema migrations (Alembic), one history for both back-ends, run by `Store` whenever a database is opened.

A database made before Alembic (its own `schema_migrations` table, versions 1..4) is stamped with the revision
of the same number and upgraded from there; its table goes. New revisions: `alembic -c
src/dossier/store/migrations/alembic.ini revision -m "what"` and edit the file under versions/.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

HERE = Path(__file__).parent
# pre-Alembic schema versions and the revision that leaves the schema as that version did
LEGACY = {1: "0001", 2: "0002", 3: "0003", 4: "0004"}
# one migrating process at a time on PostgreSQL (a transaction-level advisory lock; any constant key)
PG_LOCK = 0x_D055_1E12


def _config(connection: Optional[Connection] = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(c: Connection) -> Optional[str]:
    return MigrationContext.configure(c).get_current_revision()


def upgrade(c: Connection) -> str:
    """Upgrades the database of connection `c` (in a transaction) to the head revision; returns it."""
    if c.dialect.name == "postgresql":
        c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK})
    rev = current(c)
    if rev == head():
        return rev
    cfg = _config(c)
    if rev is None:
        _stamp_legacy(c, cfg)
    command.upgrade(cfg, "head")
    return head()


def _stamp_legacy(c: Connection, cfg: Config) -> None:
    if not inspect(c).has_table("schema_migrations"):
        return
    version = c.execute(text("SELECT max(version) FROM schema_migrations")).scalar()
    if version in LEGACY:
        command.stamp(cfg, LEGACY[version])
    c.execute(text("DROP TABLE schema_migrations"))
