"""Facts, filtered and paged; the corrections analysts made (the corrections themselves are writes.py's)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from .. import curate, query
from .params import FactFilterDep, Sort, StoreDep
from .responses import errors

router = APIRouter(prefix="/api", tags=["facts"])
BAD_FILTER = errors(e400="a filter value that cannot be read", e404="a country or entity name that names none")


@router.get("/facts", responses=BAD_FILTER)
def api_facts(store: StoreDep, flt: FactFilterDep, sort: Sort = "-date", limit: int = Query(50, ge=1, le=500),
              offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
    """Facts filtered by type, status, a country (name or code) or entity (name or id) in a role, dates, euros
    or ids; a page of them with the `total` count. Facts marked wrong are left out."""
    return query.facts_query(store, flt, sort, limit, offset)


@router.get("/corrections")
def api_corrections(store: StoreDep) -> dict[str, Any]:
    """Every analyst correction: `facts` (a fact marked wrong or corrected, with the fact as extracted) and
    `entities` (merges, splits, renames, in order)."""
    return {"facts": curate.fact_corrections(store), "entities": curate.corrections(store)}
