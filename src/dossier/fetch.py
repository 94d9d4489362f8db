"""Downloading one URL safely: timeouts, redirects, a size cap and a content-type check."""

from __future__ import annotations

import httpx

from .errors import FetchError

ACCEPTED_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "text/plain": "text", "text/markdown": "text",
    "application/rss+xml": "feed", "application/atom+xml": "feed",
    "application/xml": "xml", "text/xml": "xml",
    "application/json": "json", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
}
USER_AGENT = "Dossier/0.1 (+news knowledge base)"


def fetch(url: str, *, timeout: float, max_bytes: int) -> tuple[bytes, str, str | None, str]:
    """Returns (body, kind, charset, final_url); kind is one of ACCEPTED_TYPES' values."""
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=5,
                          headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise FetchError(url, f"HTTP {resp.status_code}")
                ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                kind = ACCEPTED_TYPES.get(ctype)
                if kind is None:
                    raise FetchError(url, f"unsupported content type {ctype or 'none'!r}")
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(url, f"too large ({declared} bytes; limit {max_bytes})")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(url, f"too large (over {max_bytes} bytes)")
                    chunks.append(chunk)
                return b"".join(chunks), kind, resp.charset_encoding, str(resp.url)
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {timeout:g}s") from None
    except httpx.TooManyRedirects:
        raise FetchError(url, "too many redirects") from None
    except httpx.HTTPError as e:
        raise FetchError(url, f"cannot fetch: {e.__class__.__name__}: {e}") from None
