"""Aggregates: sums by actor and period, claims series, the actor network, places and the timeline."""

from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Query

from .. import query
from .params import FactType, StoreDep, SumBy

router = APIRouter(prefix="/api", tags=["aggregates"])


@router.get("/aggregates/sums")
def api_sums(store: StoreDep, by: SumBy = "donor", type: FactType = "aid",
             period: Literal["year", "month"] = "year") -> list[dict[str, Any]]:
    """Euros by actor and period, with every claim that contributes."""
    return query.sums(store, by, type, period)


@router.get("/aggregates/claims")
def api_claims(store: StoreDep, donor: Optional[str] = Query(None, max_length=80),
               recipient: Optional[str] = Query(None, max_length=80), type: FactType = "aid") -> list[dict[str, Any]]:
    """One quantity as each source reported it on each date (donor and recipient: entity id, ISO code or name)."""
    return query.claims(store, donor, recipient, type)


@router.get("/network")
def api_network(store: StoreDep, limit: int = Query(150, ge=1, le=1000)) -> dict[str, Any]:
    return query.network(store, limit)


@router.get("/places")
def api_places(store: StoreDep) -> list[dict[str, Any]]:
    return query.places(store)


@router.get("/timeline")
def api_timeline(store: StoreDep, type: Optional[FactType] = None) -> list[dict[str, Any]]:
    return query.timeline(store, type)
