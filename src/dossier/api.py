"""The analyst's workbench: one FastAPI app serving the JSON API (/api/..., documented in /openapi.json) and
the web pages (/, /documents/{id}, /entities/{id}, /facts, /timeline, /claims, /network, /map).

Everything is read-only except ingest and entity corrections, which need the token set in configuration
(DOSSIER_TOKEN or `dossier serve --token`), sent as `Authorization: Bearer TOKEN`. Every asset is served
by the app itself (no CDN). Article text is untrusted: templates escape everything.
"""

from __future__ import annotations

import csv
import io
from contextlib import asynccontextmanager
import json
import secrets
import tempfile
from pathlib import Path
from typing import Any, Literal, Optional

from fastapi import Depends, FastAPI, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from . import curate, query
from .errors import DossierError
from .model import FACT_TYPES, STATUSES
from .store import Store

WEB = Path(__file__).parent / "web"
# The query parameters' choices come from the data model's declarations.
FactType = Literal[tuple(FACT_TYPES)]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Sort = Literal["date", "-date", "amount", "-amount", "confidence"]
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_UPLOAD = 5_000_000


def create_app(db: str, token: Optional[str] = None) -> FastAPI:
    store = Store(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()

    app = FastAPI(lifespan=lifespan, title="Dossier", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Defence-industrial cooperation facts with the sentences they rest on.")
    app.state.store = store
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    templates = Jinja2Templates(directory=str(WEB / "templates"))  # autoescape on for .html

    @app.exception_handler(DossierError)
    async def _dossier_error(request: Request, exc: DossierError):
        status = 404 if str(exc).startswith("no ") else 400
        return JSONResponse({"detail": str(exc)}, status_code=status)

    def require_token(authorization: Optional[str] = Header(default=None)) -> None:
        if not token:
            raise HTTPException(403, "writes are disabled: no token is configured (DOSSIER_TOKEN)")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not secrets.compare_digest(given, token):
            raise HTTPException(401, "a valid token is required (Authorization: Bearer TOKEN)")

    # -- API: reading ------------------------------------------------------------------------------------------
    @app.get("/api/documents", tags=["documents"])
    def api_documents(q: Optional[str] = Query(None, max_length=500), outlet: Optional[str] = Query(None, max_length=200),
                      date_from: Optional[str] = Query(None, alias="from", pattern=DATE),
                      date_to: Optional[str] = Query(None, alias="to", pattern=DATE),
                      limit: int = Query(20, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        """Full-text search (q) or a filtered list of documents, paginated."""
        return query.documents(store, q, outlet, date_from, date_to, limit, offset)

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(doc_id: str) -> dict[str, Any]:
        """A document's text with the character spans of its mentions and facts."""
        return query.document(store, doc_id)

    @app.get("/api/entities", tags=["entities"])
    def api_entities(q: Optional[str] = Query(None, max_length=200),
                     type: Optional[Literal["country", "person", "organization", "place", "equipment"]] = None,
                     country: Optional[str] = Query(None, pattern=r"^[A-Za-z]{2}$"),
                     limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        return query.entities(store, q, type, country, limit, offset)

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def api_entity(entity_id: str) -> dict[str, Any]:
        """Aliases, roles over time, mentions, facts and the entities it appears with."""
        return curate.entity_profile(store, entity_id)

    @app.get("/api/facts", tags=["facts"])
    def api_facts(type: Optional[FactType] = None, status: Optional[Status] = None,
                  country: Optional[str] = Query(None, pattern=r"^[A-Za-z]{2}$"),
                  role: Optional[str] = Query(None, max_length=40), entity: Optional[str] = Query(None, max_length=80),
                  date_from: Optional[str] = Query(None, alias="from", pattern=DATE),
                  date_to: Optional[str] = Query(None, alias="to", pattern=DATE),
                  min_eur: Optional[float] = Query(None, ge=0, le=1e15), sort: Sort = "-date",
                  limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        """Facts filtered by type, status, a country or entity in a role, dates and a minimum in euros."""
        return query.facts_query(store, type, status, country, role, entity, date_from, date_to, min_eur, None, sort,
                                 limit, offset)

    @app.get("/api/aggregates/sums", tags=["aggregates"])
    def api_sums(by: Literal["donor", "recipient", "funder", "buyer", "supplier"] = "donor",
                 type: FactType = "aid", period: Literal["year", "month"] = "year") -> list[dict[str, Any]]:
        """Euros by actor and period, with every claim that contributes."""
        return query.sums(store, by, type, period)

    @app.get("/api/aggregates/claims", tags=["aggregates"])
    def api_claims(donor: Optional[str] = Query(None, max_length=80), recipient: Optional[str] = Query(None, max_length=80),
                   type: FactType = "aid") -> list[dict[str, Any]]:
        """One quantity as each source reported it on each date (donor and recipient: entity id, ISO code or name)."""
        return query.claims(store, donor, recipient, type)

    @app.get("/api/network", tags=["aggregates"])
    def api_network(limit: int = Query(150, ge=1, le=1000)) -> dict[str, Any]:
        return query.network(store, limit)

    @app.get("/api/places", tags=["aggregates"])
    def api_places() -> list[dict[str, Any]]:
        return query.places(store)

    @app.get("/api/timeline", tags=["aggregates"])
    def api_timeline(type: Optional[FactType] = None) -> list[dict[str, Any]]:
        return query.timeline(store, type)

    # -- API: exports ------------------------------------------------------------------------------------------
    @app.get("/api/export/facts.jsonl", tags=["exports"], response_class=PlainTextResponse)
    def export_jsonl(type: Optional[FactType] = None, status: Optional[Status] = None,
                     country: Optional[str] = Query(None, pattern=r"^[A-Za-z]{2}$")) -> Response:
        rows = query.facts_query(store, type, status, country, limit=500)["items"]
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return Response(body, media_type="application/x-ndjson",
                        headers={"Content-Disposition": "attachment; filename=facts.jsonl"})

    @app.get("/api/export/facts.csv", tags=["exports"], response_class=PlainTextResponse)
    def export_csv(type: Optional[FactType] = None, status: Optional[Status] = None,
                   country: Optional[str] = Query(None, pattern=r"^[A-Za-z]{2}$"),
                   date_from: Optional[str] = Query(None, alias="from", pattern=DATE),
                   date_to: Optional[str] = Query(None, alias="to", pattern=DATE)) -> Response:
        rows = query.facts_query(store, type, status, country, date_from=date_from, date_to=date_to, limit=500)["items"]
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["id", "doc", "type", "status", "roles", "amount", "currency", "qualifier", "amount_eur",
                    "share_of_gdp", "items", "date", "evidence", "source"])
        for r in rows:
            a = r["amount"] or {}
            roles = "; ".join(f"{k}: {', '.join(e['name'] for e in v)}" for k, v in r["roles"].items())
            w.writerow([r["id"], r["doc"], r["type"], r["status"], roles, a.get("value"), a.get("currency"),
                        a.get("qualifier"), r["amount_eur"], r["share_of_gdp"], "; ".join(r["items"]), r["date"],
                        r["evidence"]["text"], r["doc_source"]])
        return Response(buf.getvalue(), media_type="text/csv",
                        headers={"Content-Disposition": "attachment; filename=facts.csv"})

    @app.get("/api/export/graph.graphml", tags=["exports"], response_class=PlainTextResponse)
    def export_graphml() -> Response:
        return Response(query.graphml(store), media_type="application/graphml+xml",
                        headers={"Content-Disposition": "attachment; filename=dossier.graphml"})

    # -- API: writes (token) -----------------------------------------------------------------------------------
    @app.post("/api/ingest", tags=["writes"], dependencies=[Depends(require_token)])
    async def api_ingest(files: list[UploadFile] = File(default=[]), urls: str = Form(default="")) -> dict[str, Any]:
        """Ingest uploaded files and/or URLs (one per line)."""
        from .pipeline import ingest
        from .settings import load_config

        targets = [u.strip() for u in urls.splitlines() if u.strip()]
        bad = [u for u in targets if not u.startswith(("http://", "https://"))]
        if bad:
            raise HTTPException(422, f"not an http(s) URL: {bad[0][:200]}")
        with tempfile.TemporaryDirectory() as tmp:
            for n, f in enumerate(files):
                data = await f.read(MAX_UPLOAD + 1)
                name = Path(f.filename or f"upload-{n}.txt").name or f"upload-{n}.txt"
                if len(data) > MAX_UPLOAD:
                    raise HTTPException(413, f"{name}: larger than {MAX_UPLOAD} bytes")
                path = Path(tmp) / f"{n:03d}-{name}"
                path.write_bytes(data)
                targets.append(str(path))
            if not targets:
                raise HTTPException(422, "nothing to ingest: send files or urls")
            report = ingest(store, targets, load_config(), progress=False)
        strip = lambda s: s.split("-", 1)[1] if "/" in s and Path(s).name[:3].isdigit() else s  # noqa: E731
        return {"new": [Path(strip(s)).name for s in report.new], "unchanged": len(report.unchanged),
                "duplicate": len(report.duplicate), "near_duplicate": len(report.near_duplicate),
                "failed": [{"source": Path(s).name, "reason": r} for s, r in report.failed],
                "facts": report.facts, "mentions": report.mentions}

    @app.post("/api/entities/{entity_id}/merge", tags=["writes"], dependencies=[Depends(require_token)])
    def api_merge(entity_id: str, into: str = Query(..., max_length=80)) -> dict[str, Any]:
        return curate.merge(store, entity_id, into)

    @app.post("/api/entities/{entity_id}/split", tags=["writes"], dependencies=[Depends(require_token)])
    def api_split(entity_id: str, form: str = Query(..., min_length=1, max_length=200)) -> dict[str, Any]:
        return curate.split(store, entity_id, form)

    @app.post("/api/entities/{entity_id}/rename", tags=["writes"], dependencies=[Depends(require_token)])
    def api_rename(entity_id: str, name: str = Query(..., min_length=1, max_length=200)) -> dict[str, Any]:
        return curate.rename(store, entity_id, name)

    # -- pages -------------------------------------------------------------------------------------------------
    def page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"nav": name, **ctx})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, q: str = Query("", max_length=500)):
        results = query.documents(store, q or None, limit=50)["items"]
        counts = store.counts()
        return page(request, "index.html", q=q, results=results, counts=counts)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str):
        d = query.document(store, doc_id)
        return page(request, "document.html", d=d, segments=_segments(d))

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str):
        return page(request, "entity.html", e=curate.entity_profile(store, entity_id))

    @app.get("/facts", response_class=HTMLResponse, include_in_schema=False)
    def facts_page(request: Request, type: Optional[FactType] = None, status: Optional[Status] = None,
                   country: Optional[str] = Query(None, pattern=r"^[A-Za-z]{2}$|^$"),
                   date_from: Optional[str] = Query(None, alias="from", pattern=DATE + "|^$"),
                   date_to: Optional[str] = Query(None, alias="to", pattern=DATE + "|^$")):
        res = query.facts_query(store, type, status, country or None, date_from=date_from or None,
                                date_to=date_to or None, limit=500)
        params = {k: v for k, v in (("type", type), ("status", status), ("country", country), ("from", date_from),
                                    ("to", date_to)) if v}
        return page(request, "facts.html", facts=res["items"], total=res["total"], params=params,
                    types=list(FactType.__args__), statuses=list(Status.__args__))

    for name in ("timeline", "claims", "network", "map"):
        def _view(request: Request, _name: str = name):
            return page(request, f"{_name}.html")
        app.add_api_route(f"/{name}", _view, response_class=HTMLResponse, include_in_schema=False, methods=["GET"])

    return app


def _segments(d: dict[str, Any]) -> list[dict[str, Any]]:
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
