"""The data model, declared once: documents, mentions, entities, facts and the values they carry.

Fact and entity types are data (followthemoney's idea): each fact type lists its roles, so the
extractor, the store, the export and the API all read one declaration. Ids are deterministic hashes of
the identifying parts, so re-running the pipeline yields the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Optional

STATUSES = ("discussed", "planned", "agreed", "completed")
DATE_SOURCES = ("stated", "relative", "publication")
QUALIFIERS = ("exact", "more_than", "at_least", "up_to", "about")
ENTITY_TYPES = ("country", "person", "organization", "place", "equipment", "other")


@dataclass(frozen=True)
class FactType:
    name: str
    roles: tuple[str, ...]
    help: str


FACT_TYPES: dict[str, FactType] = {ft.name: ft for ft in (
    FactType("aid", ("donor", "recipient"), "military, financial or humanitarian support given or pledged"),
    FactType("funding", ("funder", "recipient"), "money put into industry, facilities or projects"),
    FactType("agreement", ("parties", "signatories"), "agreements, memoranda, letters of intent, contracts"),
    FactType("procurement", ("buyer", "supplier"), "buying or seeking to buy equipment"),
    FactType("production", ("producer", "location"), "factories, clusters, production lines, joint production"),
    FactType("spending_target", ("country",), "a defence budget as a share of GDP, target or actual"),
    FactType("meeting", ("participants", "persons"), "meetings, visits, talks"),
    FactType("policy", ("actor",), "treaty withdrawals, new bodies, force-structure plans, other decisions"),
)}


def make_id(prefix: str, *parts: Any) -> str:
    """A stable id: prefix plus 16 hex digits of a SHA-1 over the identifying parts."""
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{h[:16]}"


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Document:
    """One article as stored: the body kept for extraction plus what was set apart from it."""

    id: str
    source: str
    text: str
    title: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD
    author: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    format: str = "text"
    boilerplate: list[str] = field(default_factory=list)  # furniture removed from the body
    teasers: list[str] = field(default_factory=list)  # other stories' headlines and blurbs
    language: Optional[str] = None  # ISO 639-1 code of the body's language; only English gets facts



@dataclass
class Mention:
    doc: str
    start: int
    end: int
    text: str
    type: str  # an ENTITY_TYPES value
    entity: Optional[str] = None  # resolved entity id
    country: Optional[str] = None  # ISO alpha-2 when known from the mention itself
    role: Optional[str] = None  # title stated beside a person ("Minister of Defence")
    norm: Optional[str] = None  # normalised name used for grouping


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    country: Optional[str] = None
    mentions: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)  # {role, doc, date}
    lat: Optional[float] = None
    lon: Optional[float] = None


@dataclass
class Amount:
    value: float
    currency: str  # ISO 4217
    qualifier: str = "exact"
    text: str = ""
    start: int = 0
    end: int = 0
    high: Optional[float] = None  # upper bound of a range ("€30-45 million")


@dataclass
class Fact:
    id: str
    doc: str
    type: str
    status: str
    roles: dict[str, list[str]]
    evidence: Span
    amount: Optional[Amount] = None
    amount_eur: Optional[float] = None
    share_of_gdp: Optional[float] = None
    items: list[str] = field(default_factory=list)
    date: Optional[str] = None
    date_source: Optional[str] = None  # a DATE_SOURCES value
    cumulative: bool = False  # the amount is a total to date, never to be added to its parts
    confidence: float = 0.5


@dataclass
class RawArticle:
    """What a reader hands to the cleaner: one article's raw text or HTML plus metadata it came with."""

    source: str
    text: Optional[str] = None
    html: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    author: Optional[str] = None
    outlet: Optional[str] = None
    format: str = "text"


@dataclass
class IngestReport:
    """The closing summary of an ingest run."""

    new: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicate: list[tuple[str, str]] = field(default_factory=list)  # (source, doc id it repeats exactly)
    near_duplicate: list[tuple[str, str, float]] = field(default_factory=list)  # (source, doc id, similarity)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    not_english: list[str] = field(default_factory=list)  # stored sources not in English (no extraction)
    facts: int = 0
    mentions: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (f"{len(self.new)} new, {len(self.unchanged)} unchanged, {len(self.duplicate)} duplicate, "
                f"{len(self.near_duplicate)} near-duplicate, {len(self.failed)} failed; "
                f"{self.mentions} mentions, {self.facts} facts"
                + (f"; {len(self.not_english)} not in English" if self.not_english else ""))
