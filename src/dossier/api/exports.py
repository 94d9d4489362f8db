"""Exports: facts as JSON Lines and CSV, the entity-fact graph as GraphML."""

from __future__ import annotations

import csv
import io
import json
from typing import Optional

from fastapi import APIRouter, Query
from fastapi.responses import Response

from .. import query
from .params import COUNTRY, DATE, FactType, Status, StoreDep
from .responses import CSVResponse, GraphMLResponse, JSONLinesResponse

router = APIRouter(prefix="/api/export", tags=["exports"])
CSV_COLUMNS = ["id", "doc", "type", "status", "roles", "amount", "currency", "qualifier", "amount_eur",
               "share_of_gdp", "items", "date", "evidence", "source"]


@router.get("/facts.jsonl", response_class=JSONLinesResponse, responses={200: {"description": "one fact a line"}})
def export_jsonl(store: StoreDep, type: Optional[FactType] = None, status: Optional[Status] = None,
                 country: Optional[str] = Query(None, pattern=COUNTRY)) -> Response:
    rows = query.facts_query(store, type, status, country, limit=500)["items"]
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return JSONLinesResponse(body,
                    headers={"Content-Disposition": "attachment; filename=facts.jsonl"})


@router.get("/facts.csv", response_class=CSVResponse, responses={200: {"description": "one fact a row"}})
def export_csv(store: StoreDep, type: Optional[FactType] = None, status: Optional[Status] = None,
               country: Optional[str] = Query(None, pattern=COUNTRY),
               date_from: Optional[str] = Query(None, alias="from", pattern=DATE),
               date_to: Optional[str] = Query(None, alias="to", pattern=DATE)) -> Response:
    rows = query.facts_query(store, type, status, country, date_from=date_from, date_to=date_to, limit=500)["items"]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for r in rows:
        a = r["amount"] or {}
        roles = "; ".join(f"{k}: {', '.join(e['name'] for e in v)}" for k, v in r["roles"].items())
        w.writerow([r["id"], r["doc"], r["type"], r["status"], roles, a.get("value"), a.get("currency"),
                    a.get("qualifier"), r["amount_eur"], r["share_of_gdp"], "; ".join(r["items"]), r["date"],
                    r["evidence"]["text"], r["doc_source"]])
    return CSVResponse(buf.getvalue(),
                    headers={"Content-Disposition": "attachment; filename=facts.csv"})


@router.get("/graph.graphml", response_class=GraphMLResponse,
            responses={200: {"description": "entities and facts as nodes, roles as edges"}})
def export_graphml(store: StoreDep) -> Response:
    return GraphMLResponse(query.graphml(store),
                    headers={"Content-Disposition": "attachment; filename=dossier.graphml"})
