"""Reading inputs: files, folders (recursive), JSON/JSONL, RSS/Atom feeds and http(s) URLs.

Every reader yields `RawArticle`s, or `InputError`s for what cannot be read, so that one bad input is
reported and the run goes on. Nothing here touches the database.
"""

from __future__ import annotations

import json
import os
import re
import stat
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
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Bytes read at a time from a file; reading stops one byte past the size limit.
READ_CHUNK = 1 << 20


def is_url(s: str) -> bool:
    return s.strip().lower().startswith(("http://", "https://"))  # fetch() normalises it


def expand(paths: list[str]) -> Iterator[Union[str, InputError]]:
    """Files and URLs named, folders walked recursively (known extensions only, sorted, no hidden files).
    Only regular files are read: a FIFO, a device or a socket (or a link to one) is reported, never opened.
    Each file or URL is given once, however often it is named."""
    seen: set[str] = set()
    for item in _expand(paths):
        if isinstance(item, str):
            if item in seen:
                continue
            seen.add(item)
        yield item


def _expand(paths: list[str]) -> Iterator[Union[str, InputError]]:
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
                        yield _regular(str(Path(root) / f))
        else:
            yield _regular(str(path))


def _regular(p: str) -> Union[str, InputError]:
    """The path when it names a regular file (after links), else the error saying what it is."""
    if _SURROGATE.search(p):
        return InputError(display(p), "file name is not valid UTF-8")
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        return InputError(p, "no such file or folder" if not os.path.islink(p) else "broken link")
    except OSError as e:
        return InputError(p, f"cannot read: {e.strerror or e}")
    if not stat.S_ISREG(mode):
        return InputError(p, f"not a regular file ({_file_kind(mode)})")
    return p


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def display(s: str) -> str:
    """A name or reason fit for one line of a report: undecodable bytes escaped, line breaks as spaces."""
    s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return " ".join(s.split()) if "\n" in s or "\r" in s else s


def read_file(path: str, max_bytes: int) -> bytes:
    """A regular file's bytes, at most `max_bytes`. Opened without blocking and checked after opening (what
    is read is what was checked); the size is what is actually read, so /proc files and growing files are
    bounded too."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(path, f"not a regular file ({_file_kind(mode)})")
        parts, size = [], 0
        while size <= max_bytes:
            part = os.read(fd, min(READ_CHUNK, max_bytes + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
    finally:
        os.close(fd)
    if size > max_bytes:
        raise InputError(path, f"file too large (more than {max_bytes} bytes; limit {max_bytes})")
    return b"".join(parts)


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Bytes to text: UTF-8 (BOM or not), a declared charset, else detection. Rejects binary and empty input."""
    if not data.strip():
        raise InputError(source, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(source, f"undecodable UTF-16 ({e.reason} at byte {e.start})") from None
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
    """The articles of one file or URL; an InputError instead of (or after) them when it cannot be read.
    Never raises: whatever goes wrong with an input becomes that input's error."""
    try:
        if is_url(target):
            data, kind, charset, final_url = fetch(target, timeout=fetch_timeout, max_bytes=max_bytes,
                                                     allow=fetch_allow)
            text = decode(data, target, charset)
            if kind == "xml":
                kind = "feed" if sniff(text) == "feed" else "html"
            yield from parse(target, text, kind, url=final_url)
        else:
            data = read_file(target, max_bytes)
            text = decode(data, target)
            yield from parse(target, text, kind_of(target, text))
    except InputError as e:
        yield e
    except OSError as e:
        yield InputError(target, f"cannot read: {e.strerror or e}")
    except Exception as e:  # noqa: BLE001 - hostile input must end as one line, never the run
        yield InputError(target, failure(e))


def failure(e: BaseException) -> str:
    """An unexpected exception as a report's reason."""
    if isinstance(e, RecursionError):
        return "nested too deeply to read (RecursionError)"
    if isinstance(e, MemoryError):
        return "too large to hold in memory (MemoryError)"
    return display(f"unreadable ({e.__class__.__name__}: {e})")[:300]


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
        except RecursionError:
            raise InputError(source, "not usable JSON: nested too deeply") from None
        objs = obj if isinstance(obj, list) else [obj]
        if not objs:
            raise InputError(source, "JSON list holds no objects")
        for i, o in enumerate(objs, 1):
            name = source if len(objs) == 1 else f"{source}#{i}"
            try:
                yield from_object(o, name)
            except InputError as e:
                yield e
            except Exception as e:  # noqa: BLE001 - one object's trouble is that object's line
                yield InputError(name, failure(e))
    elif kind == "jsonl":
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        if not lines:
            raise InputError(source, "no JSON lines")
        for n, line in lines:
            name = f"{source}#{n}"
            try:
                yield from_object(json.loads(line), name)
            except json.JSONDecodeError as e:
                yield InputError(name, f"line is not JSON: {e.msg}")
            except RecursionError:
                yield InputError(name, "line is not usable JSON: nested too deeply")
            except InputError as e:
                yield e
            except Exception as e:  # noqa: BLE001 - one line's trouble is that line's failure
                yield InputError(name, failure(e))
    elif kind == "feed":
        yield from from_feed(source, text)
    else:  # pragma: no cover - kinds are closed
        raise InputError(source, f"unknown input kind {kind}")


def _str(o: dict, key: str) -> str | None:
    v = o.get(key)
    return _SURROGATE.sub("\ufffd", str(v)).strip() or None if v is not None else None


def from_object(o: object, source: str) -> RawArticle:
    """One article from a JSON object: `text` or `html`, optional url, title, published, author, outlet."""
    if not isinstance(o, dict):
        raise InputError(source, "JSON value is not an object")
    text, html = o.get("text"), o.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise InputError(source, "object has no non-empty 'text' or 'html'")
    use_html = not (isinstance(text, str) and text.strip())
    text, html = _unpaired(text), _unpaired(html)  # "\ud800" escapes give strings no encoder takes
    return RawArticle(source=source, text=None if use_html else text,
                      html=html if use_html else None, url=_str(o, "url"), title=_str(o, "title"),
                      published=_str(o, "published") or _str(o, "date"), author=_str(o, "author"),
                      outlet=_str(o, "outlet") or _str(o, "sitename"), format="html" if use_html else "text")


def _unpaired(v: object) -> object:
    return _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v


def from_feed(source: str, text: str) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(text)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        raise InputError(source, f"feed has no entries{f' ({why})' if why else ''}")
    outlet = (parsed.feed.get("title") or "").strip() or None
    names: set[str] = set()
    for i, entry in enumerate(parsed.entries, 1):
        name = entry.get("link") or f"{source}#{i}"
        if name in names:  # two entries with one link: each is still named once
            name = f"{source}#{i}"
        names.add(name)
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
