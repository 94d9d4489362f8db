"""Analyst corrections of entities (merge, split, rename); every route needs the token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from .. import curate
from .auth import AUTH_ERRORS, require_token
from .params import StoreDep
from .responses import errors

router = APIRouter(prefix="/api/entities", tags=["writes"], dependencies=[Depends(require_token)],
                   responses={**AUTH_ERRORS, **errors(e400="a correction that cannot be made", e404="no such entity")})


@router.post("/{entity_id}/merge")
def api_merge(store: StoreDep, entity_id: str, into: str = Query(..., max_length=80)) -> dict[str, Any]:
    return curate.merge(store, entity_id, into)


@router.post("/{entity_id}/split")
def api_split(store: StoreDep, entity_id: str, form: str = Query(..., min_length=1, max_length=200)) -> dict[str, Any]:
    return curate.split(store, entity_id, form)


@router.post("/{entity_id}/rename")
def api_rename(store: StoreDep, entity_id: str, name: str = Query(..., min_length=1, max_length=200)) -> dict[str, Any]:
    return curate.rename(store, entity_id, name)
