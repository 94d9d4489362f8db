"""Settings, declared once as data: the CLI, validation and the README all read this list."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "DOSSIER_DB", "dossier.db", "database file (SQLite) or SQLAlchemy URL"),
    Setting("max_bytes", "DOSSIER_MAX_BYTES", 5_000_000, "largest input file or download accepted, in bytes", int),
    Setting("max_upload", "DOSSIER_MAX_UPLOAD", 50_000_000,
            "largest request body POST /api/ingest accepts (all files together), in bytes", int),
    Setting("fetch_timeout", "DOSSIER_FETCH_TIMEOUT", 20.0, "seconds before a URL download is abandoned", float),
    Setting("near_duplicate_threshold", "DOSSIER_NEAR_DUP", 0.85,
            "estimated Jaccard similarity of word shingles above which an article repeats another", float),
    Setting("workers", "DOSSIER_WORKERS", 1, "processes used for extraction (spaCy) during ingest", int),
    Setting("api_token", "DOSSIER_TOKEN", "", "token required by the API's write endpoints (empty: writes disabled)"),
)
BY_NAME = {s.name: s for s in SETTINGS}


@dataclass
class Config:
    """Resolved settings: explicit value, else environment variable, else default."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def load_config(**overrides: Any) -> Config:
    values: dict[str, Any] = {}
    for s in SETTINGS:
        raw = overrides.get(s.name)
        if raw is None:
            raw = os.environ.get(s.env)
        if raw is None:
            values[s.name] = s.default
            continue
        try:
            values[s.name] = s.parse(raw) if isinstance(raw, str) else raw
        except ValueError:
            raise ConfigError(f"setting {s.name} ({s.env}): cannot read {raw!r}") from None
    return Config(values)
