"""The analyst's workbench: one FastAPI app serving the JSON API (/api/..., documented in /openapi.json) and
the web pages (/, /documents/{id}, /entities/{id}, /facts, /timeline, /claims, /network, /map).

`app.py` builds the app from routers, one module per family of views: documents, entities, facts,
aggregates, exports, writes (entity corrections) and jobs (ingest) under /api, and pages for the HTML.
`params.py` holds what several routers take (the store, the declared query parameter types); `auth.py`
the token check. Templates and static assets live in `dossier/web/`.
"""

from .app import create_app

__all__ = ["create_app"]
