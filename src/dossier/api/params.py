"""What the routers share: the store the app was built with, and query parameter types declared once (their
choices come from the data model's declarations)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Request

from ..model import FACT_TYPES, STATUSES
from ..store import Store

FactType = Literal[tuple(FACT_TYPES)]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Sort = Literal["date", "-date", "amount", "-amount", "confidence"]
EntityType = Literal["country", "person", "organization", "place", "equipment"]
SumBy = Literal["donor", "recipient", "funder", "buyer", "supplier"]
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
COUNTRY = r"^[A-Za-z]{2}$"


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]
