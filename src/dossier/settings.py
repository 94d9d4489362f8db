"""Settings, declared once as data: the CLI, validation and the README all read this list."""

from __future__ import annotations

import ipaddress
import os
import re
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


# A host name, or *. and a domain for every subdomain of it.
_HOST = re.compile(r"(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")


def host_list(raw: str) -> tuple[str, ...]:
    """Comma- or space-separated host names (`*.example.org` for every subdomain), IP addresses and CIDR
    ranges, lower-cased; ValueError for anything else."""
    entries = []
    for entry in re.split(r"[,\s]+", raw.strip().lower()):
        if not entry:
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            if not _HOST.fullmatch(entry.rstrip(".")):
                raise ValueError(entry) from None
        entries.append(entry)
    return tuple(entries)


def _cluster(raw: str) -> str:
    from .runners import cluster_address

    return cluster_address(raw)


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "DOSSIER_DB", "dossier.db", "database file (SQLite) or SQLAlchemy URL"),
    Setting("max_bytes", "DOSSIER_MAX_BYTES", 5_000_000, "largest input file or download accepted, in bytes", int),
    Setting("max_upload", "DOSSIER_MAX_UPLOAD", 50_000_000,
            "largest request body POST /api/ingest accepts (all files together), in bytes", int),
    Setting("fetch_timeout", "DOSSIER_FETCH_TIMEOUT", 20.0,
            "seconds a URL download may take in all (redirects included) before it is abandoned", float),
    Setting("fetch_allow", "DOSSIER_FETCH_ALLOW", (),
            "internal hosts URL ingest may fetch: names (*.corp.example for subdomains), IP addresses and "
            "CIDR ranges, comma-separated (default: none; loopback, private and link-local are refused)",
            host_list),
    Setting("near_duplicate_threshold", "DOSSIER_NEAR_DUP", 0.85,
            "estimated Jaccard similarity of word shingles above which an article repeats another", float),
    Setting("workers", "DOSSIER_WORKERS", 1, "processes used for extraction (spaCy) during ingest", int),
    Setting("cluster", "DOSSIER_CLUSTER", "",
            "Dask cluster that reads, cleans and extracts during ingest: a scheduler's address (tcp://HOST:8786) "
            "or local:N to start N local workers (default: none, this machine)", _cluster),
    Setting("serve_threads", "DOSSIER_SERVE_THREADS", 4,
            "threads `dossier serve` answers requests on: few threads share one interpreter lock better than "
            "many (20 readers: p99 230 ms with 4, 410 ms with 40; benchmarks/read_latency.py)", int),
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
