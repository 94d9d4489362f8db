"""HTML pages: main text and metadata with trafilatura, then the same line rules as plain text; the address
the page gives for itself (`page_url`).

Calibrated on the article-extraction benchmark (181 pages, `benchmarks/html_quality.py`):
trafilatura's precision-favouring mode is the most exact, but on some pages it keeps too little; when it
returns under FALLBACK_RATIO of what the plain fast mode finds, the fast mode's text is used.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, Optional
from urllib.parse import urljoin, urlsplit

from ..errors import InputError
from .text import Cleaned, clean_lines

# Calibrated on the benchmark: 0.3–0.5 score alike (F1 0.9596); 0.7 and above lose precision.
FALLBACK_RATIO = 0.5


@lru_cache(maxsize=1)
def _stoplist_once() -> None:
    """trafilatura hands justext the stop words of every language as a tuple, which justext's cache hashes anew
    on every page (40 ms, most of the time a short page takes: the slow 10,000-item feed of issue 12). A
    frozenset of the same words hashes once, so results are the same and a short page takes a fifth of it."""
    import trafilatura.external as external

    external.JT_STOPLIST = frozenset(external.JT_STOPLIST or external.jt_stoplist_init())


def _extract(html: str, url: Optional[str], **options):
    import trafilatura

    _stoplist_once()
    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           include_tables=True, **options)
    except Exception as e:  # trafilatura raises assorted lxml/parsing errors on broken markup
        raise InputError(url or "html", f"unreadable HTML ({e.__class__.__name__})") from None


def extract_html(html: str, url: Optional[str] = None, title: Optional[str] = None) -> Cleaned:
    if "<" not in html:
        return clean_lines(html, title=title)
    precise = _extract(html, url, favor_precision=True)
    text = (precise.text if precise is not None else "") or ""
    fast = _extract(html, url, fast=True)
    fast_text = (fast.text if fast is not None else "") or ""
    if len(text) < FALLBACK_RATIO * len(fast_text):
        text = fast_text
    meta = precise if precise is not None else fast
    page_title = title or (meta.title if meta is not None else None)
    cleaned = clean_lines(text, title=page_title)
    if meta is not None:
        cleaned.published = cleaned.published or (meta.date[:10] if meta.date else None)
        cleaned.author = cleaned.author or meta.author
        cleaned.outlet = cleaned.outlet or meta.sitename or meta.hostname
    return cleaned


def page_url(html: str, base: Optional[str] = None) -> Optional[str]:
    """The address a page gives for itself: its `<link rel="canonical">`, else its `og:url`. A relative one is
    resolved against `base` (the fetched URL); only an absolute http(s) address of a page counts, not a bare
    site root (some sites point every page's canonical at their home page). None when the page names none."""
    low = html.lower()
    if "<" not in html or ("canonical" not in low and "og:url" not in low):
        return None  # nothing to look for: spare the parse
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None
    for candidate in _declared_urls(tree):
        url = _absolute(candidate, base)
        if url:
            return url
    return None


def _declared_urls(tree) -> Iterator[str]:
    """Canonical links first, then og:url, in document order."""
    for link in tree.iterfind(".//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            yield link.get("href")
    for meta in tree.iterfind(".//meta[@content]"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:url":
            yield meta.get("content")


def _absolute(candidate: str, base: Optional[str]) -> Optional[str]:
    candidate = (candidate or "").strip()
    if not candidate or any(c.isspace() for c in candidate):
        return None
    if base:
        candidate = urljoin(base, candidate)
    elif candidate.startswith("//"):
        candidate = "https:" + candidate
    try:
        parts = urlsplit(candidate)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    if parts.path in ("", "/") and not parts.query:
        return None
    return candidate
