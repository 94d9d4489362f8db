"""Extraction: mentions, amounts, dates and facts from a document's text (filled in by the extraction issue)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Entity, Fact, Mention


@dataclass
class Extraction:
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
