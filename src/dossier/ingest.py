"""Reading inputs: files, folders (recursive), JSON/JSONL, RSS/Atom feeds and http(s) URLs.

Every reader yields `RawArticle`s, or `InputError`s for what cannot be read, so that one bad input is
reported and the run goes on. Nothing here touches the database.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Iterator, Union

from .errors import InputError
from .fetch import fetch
from .model import RawArticle

TEXT_EXT = {".txt", ".md", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
FEED_EXT = {".rss", ".atom", ".xml"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | FEED_EXT
# Share of control characters above which decoded "text" is taken for a binary file.
BINARY_CONTROL_SHARE = 0.02

Item = Union[RawArticle, InputError]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def is_url(s: str) -> bool:
    return s.strip().lower().startswith(("http://", "https://"))  # fetch() normalises it


def expand(paths: list[str]) -> Iterator[Union[str, InputError]]:
    """Files and URLs named, folders walked recursively (known extensions only, sorted, no hidden files)."""
    for p in paths:
        if is_url(p):
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and Path(f).suffix.lower() in KNOWN_EXT:
                        yield str(Path(root) / f)
        elif path.is_file():
            yield str(path)
        elif path.exists():
            yield InputError(p, "not a regular file")
        else:
            yield InputError(p, "no such file or folder")


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Bytes to text: UTF-8 (BOM or not), a declared charset, else detection. Rejects binary and empty input."""
    if not data.strip():
        raise InputError(source, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data[:8192]:
        raise InputError(source, "binary file (NUL bytes), not text")
    else:
        text = None
        for enc in ("utf-8-sig", declared):
            if not enc:
                continue
            try:
                text = data.decode(enc)
                break
            except (UnicodeDecodeError, LookupError):
                continue
        if text is None:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:200_000]).best()
            if best is None or best.encoding is None:
                raise InputError(source, "undecodable bytes: no text encoding fits")
            try:
                text = data.decode(best.encoding)
            except (UnicodeDecodeError, LookupError):
                raise InputError(source, f"undecodable bytes (best guess {best.encoding} fails)") from None
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > BINARY_CONTROL_SHARE:
        raise InputError(source, "binary file (control characters), not text")
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def sniff(text: str) -> str:
    head = text.lstrip()[:1000].lower()
    if head.startswith("<?xml") or head.startswith("<rss") or head.startswith("<feed"):
        if "<rss" in head or "<feed" in head or "<rdf" in head:
            return "feed"
        return "html"
    if head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head:
        return "html"
    if head.startswith("{") or head.startswith("["):
        return "json"
    return "text"


def kind_of(path: str, text: str) -> str:
    ext = Path(path).suffix.lower()
    if ext in HTML_EXT:
        return "html"
    if ext in JSON_EXT:
        return "json"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in FEED_EXT:
        return "feed" if sniff(text) == "feed" else "html"
    if ext in TEXT_EXT:
        return "text"
    return sniff(text)


def read_target(target: str, *, max_bytes: int, fetch_timeout: float = 20.0,
                fetch_allow: tuple[str, ...] = ()) -> Iterator[Item]:
    """The articles of one file or URL; an InputError instead of (or after) them when it cannot be read."""
    try:
        if is_url(target):
            data, kind, charset, final_url = fetch(target, timeout=fetch_timeout, max_bytes=max_bytes,
                                                     allow=fetch_allow)
            text = decode(data, target, charset)
            if kind == "xml":
                kind = "feed" if sniff(text) == "feed" else "html"
            yield from parse(target, text, kind, url=final_url)
        else:
            size = os.path.getsize(target)
            if size > max_bytes:
                raise InputError(target, f"file too large ({size} bytes; limit {max_bytes})")
            with open(target, "rb") as fh:
                data = fh.read()
            text = decode(data, target)
            yield from parse(target, text, kind_of(target, text))
    except InputError as e:
        yield e
    except OSError as e:
        yield InputError(target, f"cannot read: {e.strerror or e}")


def parse(source: str, text: str, kind: str, url: str | None = None) -> Iterator[Item]:
    if kind == "html":
        yield RawArticle(source=source, html=text, url=url, format="html")
    elif kind == "text":
        yield RawArticle(source=source, text=text, url=url, format="text")
    elif kind == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(source, f"not JSON: {e.msg} at line {e.lineno}") from None
        objs = obj if isinstance(obj, list) else [obj]
        for i, o in enumerate(objs, 1):
            name = source if len(objs) == 1 else f"{source}#{i}"
            try:
                yield from_object(o, name)
            except InputError as e:
                yield e
    elif kind == "jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            name = f"{source}#{n}"
            try:
                yield from_object(json.loads(line), name)
            except json.JSONDecodeError as e:
                yield InputError(name, f"line is not JSON: {e.msg}")
            except InputError as e:
                yield e
    elif kind == "feed":
        yield from from_feed(source, text)
    else:  # pragma: no cover - kinds are closed
        raise InputError(source, f"unknown input kind {kind}")


def _str(o: dict, key: str) -> str | None:
    v = o.get(key)
    return str(v).strip() or None if v is not None else None


def from_object(o: object, source: str) -> RawArticle:
    """One article from a JSON object: `text` or `html`, optional url, title, published, author, outlet."""
    if not isinstance(o, dict):
        raise InputError(source, "JSON value is not an object")
    text, html = o.get("text"), o.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise InputError(source, "object has no non-empty 'text' or 'html'")
    use_html = not (isinstance(text, str) and text.strip())
    return RawArticle(source=source, text=None if use_html else text,
                      html=html if use_html else None, url=_str(o, "url"), title=_str(o, "title"),
                      published=_str(o, "published") or _str(o, "date"), author=_str(o, "author"),
                      outlet=_str(o, "outlet") or _str(o, "sitename"), format="html" if use_html else "text")


def from_feed(source: str, text: str) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(text)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        raise InputError(source, f"feed has no entries{f' ({why})' if why else ''}")
    outlet = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries, 1):
        name = entry.get("link") or f"{source}#{i}"
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = body or entry.get("summary", "")
        if not body.strip():
            yield InputError(name, "feed entry has no content or summary")
            continue
        published = None
        t = entry.get("published_parsed") or entry.get("updated_parsed")
        if t:
            published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
        yield RawArticle(source=name, html=f"<html><body><article>{body}</article></body></html>",
                         url=entry.get("link"), title=(entry.get("title") or "").strip() or None,
                         published=published, author=(entry.get("author") or "").strip() or None,
                         outlet=outlet, format="feed")
