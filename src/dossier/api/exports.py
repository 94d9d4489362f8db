"""Exports, complete and streamed whatever their size: facts as JSON Lines, CSV and XLSX (the flat layout of
dossier.export) filtered as /api/facts, the entity-fact graph as GraphML."""

from __future__ import annotations

import json
import tempfile
from typing import Iterator

from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse

from .. import export, query
from .params import FactFilterDep, StoreDep
from .responses import CSVResponse, GraphMLResponse, JSONLinesResponse, XLSXResponse

router = APIRouter(prefix="/api/export", tags=["exports"])
# declared as JSON: FastAPI would otherwise document an error in the route's own content type (CSV, ...)
BAD_FILTER = {status: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
              for status, text in ((400, "a filter value that cannot be read"),
                                   (404, "a country or entity name that names none"))}
CHUNK = 1 << 16


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename={name}"}


@router.get("/facts.jsonl", response_class=JSONLinesResponse,
            responses={200: {"description": "one fact a line, as /api/facts gives them"}, **BAD_FILTER})
def export_jsonl(store: StoreDep, flt: FactFilterDep) -> Response:
    query.fact_where(store, flt)  # a name that names nothing is a 404 before the stream starts
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in query.iter_facts(store, flt))
    return StreamingResponse(lines, media_type=JSONLinesResponse.media_type, headers=_attachment("facts.jsonl"))


@router.get("/facts.csv", response_class=CSVResponse,
            responses={200: {"description": "one fact a row in the flat layout (README: Spreadsheets)"}, **BAD_FILTER})
def export_csv(store: StoreDep, flt: FactFilterDep) -> Response:
    query.fact_where(store, flt)
    chunks = (c.encode("utf-8") for c in export.csv_chunks(export.flat_rows(store, flt), export.FLAT_NAMES))
    return StreamingResponse(chunks, media_type="text/csv; charset=utf-8", headers=_attachment("facts.csv"))


@router.get("/facts.xlsx", response_class=XLSXResponse,
            responses={200: {"description": "a workbook with a sheet `facts` in the flat layout"}, **BAD_FILTER})
def export_xlsx(store: StoreDep, flt: FactFilterDep) -> Response:
    """The workbook is written (streamed, openpyxl's write-only mode) to a temporary file, then sent in chunks."""
    query.fact_where(store, flt)
    tmp = tempfile.TemporaryFile()
    export.write_xlsx(tmp, [("facts", export.FLAT_NAMES, export.flat_rows(store, flt))])
    tmp.seek(0)
    return StreamingResponse(_chunks(tmp), media_type=XLSXResponse.media_type, headers=_attachment("facts.xlsx"))


def _chunks(fh) -> Iterator[bytes]:
    with fh:
        while chunk := fh.read(CHUNK):
            yield chunk


@router.get("/graph.graphml", response_class=GraphMLResponse,
            responses={200: {"description": "entities and facts as nodes, roles as edges"}})
def export_graphml(store: StoreDep) -> Response:
    return GraphMLResponse(query.graphml(store), headers=_attachment("dossier.graphml"))
