"""Entities: a filtered list, and one entity's profile."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query

from .. import curate, query
from .params import COUNTRY, EntityType, StoreDep
from .responses import NOT_FOUND

router = APIRouter(prefix="/api/entities", tags=["entities"])


@router.get("")
def api_entities(store: StoreDep, q: Optional[str] = Query(None, max_length=200), type: Optional[EntityType] = None,
                 country: Optional[str] = Query(None, pattern=COUNTRY),
                 limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
    return query.entities(store, q, type, country, limit, offset)


@router.get("/{entity_id}", responses=NOT_FOUND)
def api_entity(store: StoreDep, entity_id: str) -> dict[str, Any]:
    """Aliases, roles over time, mentions, facts and the entities it appears with."""
    return curate.entity_profile(store, entity_id)
