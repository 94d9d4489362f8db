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


@router.get("/aggregates/pairs")
def api_claim_pairs(store: StoreDep, type: FactType = "aid") -> list[dict[str, Any]]:
    """Donor -> recipient pairs with the number of amounts stated for them, most claims first."""
    return query.claim_pairs(store, type)


@router.get("/network")
def api_network(store: StoreDep, type: Optional[FactType] = None,
                min_weight: int = Query(1, ge=1, le=1000, description="links of at least this many shared facts"),
                top: int = Query(query.NETWORK_TOP, ge=1, le=1000, description="the most connected actors shown")
                ) -> dict[str, Any]:
    """Actors linked by the facts they share: the `top` by degree, over links of at least `min_weight` facts of
    `type` (any type when omitted); `total_nodes`/`total_links` count what the filters let through."""
    return query.network(store, type, min_weight, top)


@router.get("/places")
def api_places(store: StoreDep) -> list[dict[str, Any]]:
    """Geocoded places (entities of type place only), most mentioned first."""
    return query.places(store)


@router.get("/countries")
def api_countries(store: StoreDep) -> list[dict[str, Any]]:
    """Per country: facts naming an actor of it, and mentions of it (the map's shading)."""
    return query.countries(store)


@router.get("/timeline")
def api_timeline(store: StoreDep, type: Optional[FactType] = None) -> dict[str, Any]:
    """Facts over time (`dated`, oldest first, `when` their date or else their article's) and the `undated`."""
    return query.timeline(store, type)
