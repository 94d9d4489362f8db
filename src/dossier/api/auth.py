"""The write endpoints' token check: exactly `Authorization: Bearer TOKEN`, compared in constant time.

It runs before a write route reads its body (the routes that take uploads read the stream themselves), so
an unauthorised request is refused without its body being read. The header is compared as bytes: any
byte a client sends (non-ASCII included) is a wrong token (401), never a server error.
"""

from __future__ import annotations

import secrets
from typing import Optional

from fastapi import Header, HTTPException, Request

from .responses import errors

AUTH_ERRORS = errors(e401="no token, or a wrong one (send `Authorization: Bearer TOKEN`)",
                     e403="writes are disabled: the server has no token configured")


def require_token(request: Request, authorization: Optional[str] = Header(
        default=None, description="`Bearer TOKEN`, the token the server was started with")) -> None:
    token: Optional[str] = request.app.state.token
    if not token:
        raise HTTPException(403, "writes are disabled: no token is configured (DOSSIER_TOKEN)")
    # Starlette decodes header bytes as latin-1, so this gives back exactly the bytes that were sent.
    sent = (authorization or "").encode("latin-1", "replace")
    scheme, _, given = sent.partition(b" ")
    if scheme.lower() != b"bearer" or not secrets.compare_digest(given.strip(), token.encode("utf-8")):
        raise HTTPException(401, "a valid token is required (Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
