"""The app factory: a store, the routers, static assets, and DossierError turned into 404 or 400."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Optional

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from ..errors import DossierError
from ..jobs import JobRunner
from ..settings import load_config
from ..store import Store
from . import aggregates, documents, entities, exports, facts, jobs, pages, views, writes
from .headers import SecurityHeaders

ROUTERS = (documents, entities, facts, aggregates, exports, writes, jobs, pages, views)


def create_app(db: str, token: Optional[str] = None) -> FastAPI:
    """The app over database `db`; writes need `token` (none: writes are disabled)."""
    store = Store(db)
    config = load_config()
    runner = JobRunner(db, config=config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # the threads synchronous routes run on (anyio's default is 40)
        anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, config.serve_threads)
        yield
        runner.close()
        store.close()

    app = FastAPI(lifespan=lifespan, title="Dossier", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Defence-industrial cooperation facts with the sentences they rest on.")
    app.state.store = store
    app.state.token = token
    app.state.config = config
    app.state.jobs = runner
    app.mount("/static", StaticFiles(directory=pages.WEB / "static"), name="static")
    app.add_exception_handler(DossierError, _dossier_error)
    app.add_middleware(SecurityHeaders)
    for module in ROUTERS:
        app.include_router(module.router)
    return app


async def _dossier_error(request: Request, exc: DossierError) -> JSONResponse:
    status = 404 if str(exc).startswith("no ") else 400
    return JSONResponse({"detail": str(exc)}, status_code=status)
