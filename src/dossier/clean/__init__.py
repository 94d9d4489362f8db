"""Cleaning: raw text or HTML to a Document with its body, metadata and what was set apart.

Stages, in order:
1. normalise Unicode (NFC, non-breaking and zero-width spaces, line ends)            -> `normalise`
2. HTML only: main text and metadata with trafilatura, with a fallback extractor    -> `clean.html`
   and the page's own address (canonical link, else og:url)                        -> `clean.html.page_url`
3. lines classified: headline, dateline, byline, section label, furniture, teasers   -> `clean.text`
4. the body joined as paragraphs; the rest kept apart, marked, never silently lost
5. the body's language (only English is extracted)                                  -> `clean.language`
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import InputError
from ..model import Document, RawArticle, make_id
from ..values.dates import parse_date
from .html import extract_html, page_url
from .language import detect_language
from .text import Cleaned, clean_lines

# A body shorter than this (characters) is taken for a page without an article.
MIN_BODY_CHARS = 40
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00]")
# Unpaired surrogates (a JSON "\ud800" escape) cannot be encoded, stored or parsed: one replacement character.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TAG = re.compile(r"<[^>]*>")


def normalise(text: str) -> str:
    """NFC, every kind of space as a plain space, invisible characters and NULs dropped, unpaired surrogates
    replaced, \\n line ends."""
    text = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    return "\n".join(line.rstrip() for line in text.split("\n"))


def content_id(text: str) -> str:
    """A document id from its body alone (folded case and spacing), so a re-ingest changes nothing."""
    key = re.sub(r"\s+", " ", text).strip().lower()
    return make_id("doc", key)


def prepare(raw: RawArticle) -> Document:
    """Turns one raw article into a clean Document, or raises InputError naming the source.

    The document's `url` is the address the page gives for itself (canonical link, else og:url), else the
    address the input came with (the fetched URL after redirects, a JSON/JSONL `url`, a feed entry's link),
    else None: a page's own address is free of tracking parameters and AMP or mobile variants, so one
    article reached by two routes carries one URL (shared/eval/FORMAT.md gives the same order)."""
    url = raw.url
    if raw.html is not None and _surely_short(raw.html):
        raise InputError(raw.source, "no article text found")
    if raw.html is not None:
        html = normalise(raw.html)
        cleaned = extract_html(html, url=raw.url, title=raw.title and normalise(raw.title))
        url = page_url(html, base=raw.url) or raw.url
    else:
        cleaned = clean_lines(normalise(raw.text or ""), title=raw.title and normalise(raw.title))
    return to_document(raw, cleaned, url=url)


def _surely_short(html: str) -> bool:
    """Whether a page holds too little text outside its tags for any body of MIN_BODY_CHARS (every gap between
    words counted twice, as paragraph breaks are): told without HTML extraction, which takes 10 ms even for an
    empty feed entry (a hostile feed has thousands)."""
    if "<![CDATA[" in html or len(html) > 8 * MIN_BODY_CHARS:
        return False
    return 2 * len(" ".join(_TAG.sub(" ", html).split())) < MIN_BODY_CHARS


def to_document(raw: RawArticle, c: Cleaned, url: str | None = None) -> Document:
    body = c.body.strip()
    if len(body) < MIN_BODY_CHARS:
        raise InputError(raw.source, "no article text found" if not body else f"article text too short ({len(body)} characters)")
    published = parse_date(raw.published) if raw.published else None
    return Document(
        id=content_id(body), source=raw.source, text=body,
        title=raw.title or c.title, published=published or c.published,
        author=raw.author or c.author, outlet=raw.outlet or c.outlet, url=url or raw.url, format=raw.format,
        boilerplate=c.boilerplate, teasers=c.teasers, language=detect_language(body),
    )
