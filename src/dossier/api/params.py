"""What the routers share: the store the app was built with, and query parameter types declared once (their
choices come from the data model's declarations)."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from fastapi import Depends, Query, Request

from ..filters import DATE_PATTERN, PARAMS, ROLES, FactFilter, parse_fact_filter
from ..model import FACT_TYPES, STATUSES
from ..store import Store

FactType = Literal[tuple(FACT_TYPES)]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Sort = Literal["date", "-date", "amount", "-amount", "confidence"]
EntityType = Literal["country", "person", "organization", "place", "equipment"]
Role = Literal[ROLES]  # type: ignore[valid-type]
SumBy = Literal["donor", "recipient", "funder", "buyer", "supplier"]
DATE = DATE_PATTERN
COUNTRY = r"^[A-Za-z]{2}$"


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


HELP = {p.name: p.help for p in PARAMS}


def fact_filter(type: Optional[FactType] = None, status: Optional[Status] = None,
                country: Optional[str] = Query(None, max_length=100, description=HELP["country"]),
                entity: Optional[str] = Query(None, max_length=200, description=HELP["entity"]),
                role: Optional[Role] = Query(None, description=HELP["role"]),
                date_from: Optional[str] = Query(None, alias="from", pattern=DATE, description=HELP["from"]),
                date_to: Optional[str] = Query(None, alias="to", pattern=DATE, description=HELP["to"]),
                min_eur: Optional[float] = Query(None, ge=0, le=1e15, description=HELP["min_eur"]),
                max_eur: Optional[float] = Query(None, ge=0, le=1e15, description=HELP["max_eur"]),
                ids: Optional[str] = Query(None, max_length=20_000, description=HELP["ids"])) -> FactFilter:
    """The fact filters (dossier.filters.PARAMS) as API query parameters, read by the same parser as the pages."""
    raw = {"type": type, "status": status, "country": country, "entity": entity, "role": role, "from": date_from,
           "to": date_to, "min_eur": None if min_eur is None else repr(min_eur),
           "max_eur": None if max_eur is None else repr(max_eur), "ids": ids}
    return parse_fact_filter({k: v for k, v in raw.items() if v is not None})


FactFilterDep = Annotated[FactFilter, Depends(fact_filter)]
