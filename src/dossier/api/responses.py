"""What the API answers besides its data, declared once for the OpenAPI document: the error body, the
error statuses a family of routes can return, and the export formats' content types."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel


class Problem(BaseModel):
    """An error: one line saying what was wrong with the request."""

    detail: str


def errors(**codes: str) -> dict[int | str, dict[str, Any]]:
    """`errors(e404="no such document")` -> the OpenAPI `responses` entry for those statuses."""
    return {int(code[1:]): {"model": Problem, "description": text} for code, text in codes.items()}


BAD_QUERY = errors(e400="a search query the full-text index cannot read (the message says how to write one)")
NOT_FOUND = errors(e404="no such item")


class CSVResponse(Response):
    media_type = "text/csv"


class JSONLinesResponse(Response):
    media_type = "application/x-ndjson"


class GraphMLResponse(Response):
    media_type = "application/graphml+xml"


class XLSXResponse(Response):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
