"""Facts, filtered."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query

from .. import query
from .params import COUNTRY, DATE, FactType, Sort, Status, StoreDep

router = APIRouter(prefix="/api/facts", tags=["facts"])


@router.get("")
def api_facts(store: StoreDep, type: Optional[FactType] = None, status: Optional[Status] = None,
              country: Optional[str] = Query(None, pattern=COUNTRY),
              role: Optional[str] = Query(None, max_length=40), entity: Optional[str] = Query(None, max_length=80),
              date_from: Optional[str] = Query(None, alias="from", pattern=DATE),
              date_to: Optional[str] = Query(None, alias="to", pattern=DATE),
              min_eur: Optional[float] = Query(None, ge=0, le=1e15), sort: Sort = "-date",
              limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
    """Facts filtered by type, status, a country or entity in a role, dates and a minimum in euros."""
    return query.facts_query(store, type, status, country, role, entity, date_from, date_to, min_eur, None, sort,
                             limit, offset)
