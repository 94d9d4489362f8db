"""The write endpoints' token check: `Authorization: Bearer TOKEN`, the token set by the app factory."""

from __future__ import annotations

import secrets
from typing import Optional

from fastapi import Header, HTTPException, Request


def require_token(request: Request, authorization: Optional[str] = Header(default=None)) -> None:
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "writes are disabled: no token is configured (DOSSIER_TOKEN)")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not secrets.compare_digest(given, token):
        raise HTTPException(401, "a valid token is required (Authorization: Bearer TOKEN)")
