"""The views at scale: network, map, timeline and claims. Each page is a template with its filters; its own
script (web/static/<view>.js) draws it from the JSON API (api/aggregates.py) with the vendored libraries
(web/static/vendor/) and marks `<body data-ready>` when it is drawn."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Query, Request

from .. import query
from .pages import page
from .params import FactType

router = APIRouter(include_in_schema=False)
FACT_TYPES = list(FactType.__args__)


@router.get("/network")
def network_page(request: Request, type: Optional[FactType] = None, min_weight: int = Query(1, ge=1, le=1000),
                 top: int = Query(query.NETWORK_TOP, ge=1, le=1000)):
    return page(request, "network.html", types=FACT_TYPES, type=type, min_weight=min_weight, top=top)


@router.get("/map")
def map_page(request: Request):
    return page(request, "map.html")


@router.get("/timeline")
def timeline_page(request: Request, type: Optional[FactType] = None):
    return page(request, "timeline.html", types=FACT_TYPES, type=type)


@router.get("/claims")
def claims_page(request: Request, donor: str = Query("", max_length=80), recipient: str = Query("", max_length=80),
                type: FactType = "aid"):
    return page(request, "claims.html", types=FACT_TYPES, donor=donor, recipient=recipient, type=type)
