"""HTML pages: main text and metadata with trafilatura, then the same line rules as plain text.

Calibrated on the article-extraction benchmark (181 pages, `benchmarks/html_quality.py`):
trafilatura's precision-favouring mode is the most exact, but on some pages it keeps too little; when it
returns under FALLBACK_RATIO of what the plain fast mode finds, the fast mode's text is used.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

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
