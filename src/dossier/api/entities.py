"""Entities: a filtered, paged list, one entity's profile, and name suggestions for the filters."""

from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Query

from .. import curate, query
from .params import EntityType, StoreDep
from .responses import NOT_FOUND, errors

router = APIRouter(prefix="/api", tags=["entities"])


@router.get("/entities", responses=errors(e404="a country name that names none"))
def api_entities(store: StoreDep, q: Optional[str] = Query(None, max_length=200), type: Optional[EntityType] = None,
                 country: Optional[str] = Query(None, max_length=100, description="a country name or ISO code"),
                 limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
    """Entities whose name or alias contains q (any case), most mentioned first, with the `total` count."""
    return query.entities(store, q, type, country, limit, offset)


@router.get("/entities/{entity_id}", responses=NOT_FOUND)
def api_entity(store: StoreDep, entity_id: str) -> dict[str, Any]:
    """Aliases, roles over time, mentions, facts and the entities it appears with."""
    return curate.entity_profile(store, entity_id)


@router.get("/suggest")
def api_suggest(store: StoreDep, kind: Literal["entity", "country"] = "entity",
                q: str = Query("", max_length=100), limit: int = Query(10, ge=1, le=50)) -> list[str]:
    """Names for a filter box: entity names (most mentioned first) or country names containing q, any case,
    those starting with it first."""
    return query.suggest(store, kind, q, limit)
