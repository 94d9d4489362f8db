"""The HTML pages: search and the document list, a document with its spans marked, entities, an entity, facts
with filters, totals, corrections, ingest jobs and the API docs (/docs). Every list pages and counts; every filter
is in the URL; a bad value is a message on the page. The views that draw themselves from the JSON API (timeline,
claims, network, map) are in views.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import curate, query
from ..errors import DossierError
from ..filters import PARAMS, ROLES, FilterError, check_ranges, is_date, parse_fact_filter
from ..model import ENTITY_TYPES, FACT_TYPES, STATUSES
from .charts import stacked_bars
from .paging import PER_PAGE, page_number, pager
from .params import StoreDep

WEB = Path(__file__).resolve().parent.parent / "web"
templates = Jinja2Templates(directory=str(WEB / "templates"))  # autoescape on for .html
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    """A page; one whose `error` is set (a value it could not read) answers 400, with the message on the page."""
    return templates.TemplateResponse(request, name, {"nav": name, **ctx}, status_code=400 if ctx.get("error") else 200)


def error_page(request: Request, exc: DossierError) -> HTMLResponse:
    status = 404 if str(exc).startswith("no ") else 400
    return templates.TemplateResponse(request, "error.html", {"nav": "", "error": str(exc)}, status_code=status)


@router.get("/")
@router.get("/documents")
def index(request: Request, store: StoreDep):
    """Search (q) or every document newest first, filtered by outlet and dates, paged."""
    args = {k: request.query_params.get(k, "").strip() for k in ("q", "outlet", "from", "to")}
    ctx: dict[str, Any] = {"args": args, "results": [], "pager": None, "error": None, "counts": store.counts()}
    try:
        page_no = page_number(request)
        for name in ("from", "to"):
            if args[name] and not is_date(args[name]):
                raise FilterError(f"{name} {args[name]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-03)")
        res = query.documents(store, args["q"][:500] or None, args["outlet"] or None, args["from"] or None,
                              args["to"] or None, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
        ctx.update(results=res["items"], pager=pager(request, res["total"], page_no))
    except DossierError as e:
        ctx["error"] = str(e)
    return page(request, "index.html", **ctx)


@router.get("/documents/{doc_id}")
def document_page(request: Request, store: StoreDep, doc_id: str):
    try:
        d = query.document(store, doc_id)
    except DossierError as e:
        return error_page(request, e)
    return page(request, "document.html", d=d, segments=segments(d), types=list(FACT_TYPES), statuses=STATUSES)


@router.get("/entities")
def entities_page(request: Request, store: StoreDep):
    """Entities by name or alias (any case), type and country (name or code), most mentioned first, paged."""
    args = {k: request.query_params.get(k, "").strip() for k in ("q", "type", "country")}
    ctx: dict[str, Any] = {"args": args, "results": [], "pager": None, "error": None, "types": ENTITY_TYPES}
    try:
        page_no = page_number(request)
        if args["type"] and args["type"] not in ENTITY_TYPES:
            raise FilterError(f"type {args['type']!r} is not one of {', '.join(ENTITY_TYPES)}")
        res = query.entities(store, args["q"][:200] or None, args["type"] or None, args["country"] or None,
                             limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
        ctx.update(results=res["items"], pager=pager(request, res["total"], page_no))
    except DossierError as e:
        ctx["error"] = str(e)
    return page(request, "entities.html", **ctx)


@router.get("/entities/{entity_id}")
def entity_page(request: Request, store: StoreDep, entity_id: str):
    try:
        return page(request, "entity.html", e=curate.entity_profile(store, entity_id))
    except DossierError as e:
        return error_page(request, e)


@router.get("/facts")
def facts_page(request: Request, store: StoreDep):
    """Facts filtered by every filter of dossier.filters (as typed: names, any case), sorted, paged; downloads
    (CSV, XLSX, JSON Lines) carry the same filters."""
    args = {p.name: request.query_params.get(p.name, "") for p in PARAMS}
    sort = request.query_params.get("sort", "").strip() or "-date"
    ctx: dict[str, Any] = {"args": args, "sort": sort, "sorts": list(query.FACT_SORTS), "facts": [], "pager": None,
                           "error": None, "downloads": None, "types": list(FACT_TYPES), "statuses": STATUSES,
                           "roles": ROLES}
    try:
        page_no = page_number(request)
        flt = parse_fact_filter(args)
        check_ranges(flt)
        res = query.facts_query(store, flt, sort, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
        ctx.update(facts=res["items"], pager=pager(request, res["total"], page_no),
                   downloads=urlencode(flt.params()))
    except DossierError as e:
        ctx["error"] = str(e)
    return page(request, "facts.html", **ctx)


@router.get("/totals")
def totals_page(request: Request, store: StoreDep):
    """Euros by actor (donor, recipient, ...) and year as a table and a stacked bar chart; every figure links to
    the facts it adds (/facts?ids=...)."""
    by = request.query_params.get("by", "").strip() or "donor"
    ftype = request.query_params.get("type", "").strip() or "aid"
    ctx: dict[str, Any] = {"by": by, "type": ftype, "bys": query.SUM_ROLES, "types": list(FACT_TYPES),
                           "table": None, "chart": None, "error": None}
    try:
        if ftype not in FACT_TYPES:
            raise FilterError(f"type {ftype!r} is not one of {', '.join(FACT_TYPES)}")
        table = query.sums_table(query.sums(store, by, ftype, "year"))
        ctx.update(table=table, chart=stacked_bars(table), column_totals=_column_totals(table))
    except DossierError as e:
        ctx["error"] = str(e)
    return page(request, "totals.html", **ctx)


def _column_totals(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in table["rows"]:
        for p, c in r["cells"].items():
            col = out.setdefault(p, {"total_eur": 0.0, "adds": []})
            col["total_eur"] += c["total_eur"]
            col["adds"] += c["adds"]
    return out


@router.get("/corrections")
def corrections_page(request: Request, store: StoreDep):
    """Every analyst correction: facts marked wrong or corrected, and entity merges, splits and renames."""
    return page(request, "corrections.html", facts=curate.fact_corrections(store),
                entities=curate.corrections(store))


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
