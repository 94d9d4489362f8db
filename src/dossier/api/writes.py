"""Analyst corrections of entities (merge, split, rename) and of facts (wrong, type, status, date, amount,
roles); every route needs the token."""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from .. import curate
from .auth import AUTH_ERRORS, require_token
from .params import FactType, Status, StoreDep, DATE
from .responses import errors

router = APIRouter(prefix="/api", tags=["writes"], dependencies=[Depends(require_token)],
                   responses={**AUTH_ERRORS, **errors(e400="a correction that cannot be made", e404="no such item")})


@router.post("/entities/{entity_id}/merge")
def api_merge(store: StoreDep, entity_id: str, into: str = Query(..., max_length=80)) -> dict[str, Any]:
    return curate.merge(store, entity_id, into)


@router.post("/entities/{entity_id}/split")
def api_split(store: StoreDep, entity_id: str, form: str = Query(..., min_length=1, max_length=200)) -> dict[str, Any]:
    return curate.split(store, entity_id, form)


@router.post("/entities/{entity_id}/rename")
def api_rename(store: StoreDep, entity_id: str, name: str = Query(..., min_length=1, max_length=200)) -> dict[str, Any]:
    return curate.rename(store, entity_id, name)


class Amount(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: float = Field(ge=0, le=1e15)
    currency: Optional[str] = Field(None, pattern=r"^[A-Za-z]{3}$", description="ISO 4217; the fact's when left out")
    qualifier: Literal["exact", "more_than", "at_least", "up_to", "about"] = "exact"


class FactCorrection(BaseModel):
    """What to correct; fields left out stay as they are (dossier.curate.FACT_CHANGES)."""

    model_config = ConfigDict(extra="forbid")
    wrong: Optional[bool] = Field(None, description=curate.FACT_CHANGES["wrong"])
    type: Optional[FactType] = Field(None, description=curate.FACT_CHANGES["type"])
    status: Optional[Status] = Field(None, description=curate.FACT_CHANGES["status"])
    date: Optional[str] = Field(None, pattern=DATE, description=curate.FACT_CHANGES["date"])
    amount: Optional[Union[float, Amount]] = Field(None, description=curate.FACT_CHANGES["amount"])
    roles: Optional[dict[str, list[str]]] = Field(None, description=curate.FACT_CHANGES["roles"])
    note: Optional[str] = Field(None, max_length=1000, description=curate.FACT_CHANGES["note"])


@router.post("/facts/{fact_id}/correct")
def api_correct_fact(store: StoreDep, fact_id: str, body: FactCorrection) -> dict[str, Any]:
    """Marks a fact wrong, or corrects its type, status, date, amount or roles; kept after re-extraction."""
    changes = body.model_dump(exclude_none=True)
    if isinstance(body.amount, Amount):
        changes["amount"] = body.amount.model_dump(exclude_none=True)
    return curate.correct_fact(store, fact_id, changes)
