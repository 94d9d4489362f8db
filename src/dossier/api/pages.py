"""The HTML pages: search, a document with its spans marked, an entity, facts with filters, ingest jobs and the
API docs (/docs). The views that draw themselves from the JSON API (timeline, claims, network, map) are in
views.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import curate, query
from .params import DATE, FactType, Status, StoreDep

WEB = Path(__file__).resolve().parent.parent / "web"
templates = Jinja2Templates(directory=str(WEB / "templates"))  # autoescape on for .html
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"nav": name, **ctx})


@router.get("/")
def index(request: Request, store: StoreDep, q: str = Query("", max_length=500)):
    results = query.documents(store, q or None, limit=50)["items"]
    return page(request, "index.html", q=q, results=results, counts=store.counts())


@router.get("/documents/{doc_id}")
def document_page(request: Request, store: StoreDep, doc_id: str):
    d = query.document(store, doc_id)
    return page(request, "document.html", d=d, segments=segments(d))


@router.get("/entities/{entity_id}")
def entity_page(request: Request, store: StoreDep, entity_id: str):
    return page(request, "entity.html", e=curate.entity_profile(store, entity_id))


@router.get("/facts")
def facts_page(request: Request, store: StoreDep, type: Optional[FactType] = None, status: Optional[Status] = None,
               country: Optional[str] = Query(None, pattern=r"^[A-Za-z]{2}$|^$"),
               date_from: Optional[str] = Query(None, alias="from", pattern=DATE + "|^$"),
               date_to: Optional[str] = Query(None, alias="to", pattern=DATE + "|^$")):
    res = query.facts_query(store, type, status, country or None, date_from=date_from or None,
                            date_to=date_to or None, limit=500)
    params = {k: v for k, v in (("type", type), ("status", status), ("country", country), ("from", date_from),
                                ("to", date_to)) if v}
    return page(request, "facts.html", facts=res["items"], total=res["total"], params=params,
                types=list(FactType.__args__), statuses=list(Status.__args__))


@router.get("/jobs")
def jobs_page(request: Request):
    return page(request, "jobs.html", jobs=request.app.state.jobs.list())


@router.get("/docs")
def api_docs(request: Request):
    """Swagger UI on /openapi.json, every asset served by the app (web/static/swagger-ui)."""
    return templates.TemplateResponse(request, "docs.html", {})


def segments(d: dict[str, Any]) -> list[dict[str, Any]]:
    """The text cut at mention and evidence boundaries, so the template can mark each piece (escaped)."""
    text = d["text"]
    cuts = {0, len(text)}
    for m in d["mentions"]:
        cuts |= {m["start"], m["end"]}
    for f in d["facts"]:
        cuts |= {f["evidence"]["start"], f["evidence"]["end"]}
    cuts = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        m = next((m for m in d["mentions"] if m["start"] <= a and b <= m["end"]), None)
        evid = [f["id"] for f in d["facts"] if f["evidence"]["start"] <= a and b <= f["evidence"]["end"]]
        out.append({"text": text[a:b], "mention": m, "evidence": evid})
    return out
