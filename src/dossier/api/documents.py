"""Documents: full-text search or a filtered list, and one document with its mention and fact spans."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query

from .. import query
from .params import DATE, StoreDep
from .responses import BAD_QUERY, NOT_FOUND

router = APIRouter(prefix="/api/documents", tags=["documents"])


@router.get("", responses=BAD_QUERY)
def api_documents(store: StoreDep, q: Optional[str] = Query(None, max_length=500),
                  outlet: Optional[str] = Query(None, max_length=200),
                  date_from: Optional[str] = Query(None, alias="from", pattern=DATE),
                  date_to: Optional[str] = Query(None, alias="to", pattern=DATE),
                  limit: int = Query(20, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
    """Full-text search (q) or a filtered list of documents, paginated."""
    return query.documents(store, q, outlet, date_from, date_to, limit, offset)


@router.get("/{doc_id}", responses=NOT_FOUND)
def api_document(store: StoreDep, doc_id: str) -> dict[str, Any]:
    """A document's text with the character spans of its mentions and facts."""
    return query.document(store, doc_id)
