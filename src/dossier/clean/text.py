"""Plain-text articles as saved from news pages: headline, dateline, byline, furniture and teasers.

Works line by line (a line is a paragraph in such text). Nothing is silently dropped: every line that
does not reach the body is returned in `boilerplate` or `teasers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..values.dates import TIME as TIME_RE
from ..values.dates import PUBLISHED_LABEL, UPDATED_LABEL, date_line, dateline_date, find_date


def _date_in(line: str) -> Optional[str]:
    found = find_date(line)
    return found[0] if found else None

# A headline has at least this many words and at most this many.
HEADLINE_MIN_WORDS, HEADLINE_MAX_WORDS = 3, 30
# A page's first line is its headline up to this many words (some sites' headlines are sentences long).
FIRST_LINE_MAX_WORDS = 45
# A date line in the first this many lines, below at most HEADER_PROSE paragraphs of prose (a standfirst),
# is the page's publication date; further down it is text.
HEADER_LINES, HEADER_PROSE = 8, 1
# A headline usually has at least this many words; shorter lines above one are labels or site names.
HEADLINE_PREFERRED_WORDS = 5
# A section label above the headline ("Diplomacy", "World news") has at most this many words.
LABEL_MAX_WORDS = 2
# A mid-text teaser headline (another story's title before its blurb) has 5–25 words, shares under
# half its words with the article's headline, and at most this many paragraphs follow it to the end.
TEASER_MIN_WORDS, TEASER_MAX_WORDS, TEASER_MAX_PARAS = 5, 25, 2
# A credit line ("X/ Ministry photo") is short: at most this many words.
CREDIT_MAX_WORDS = 15
# Words that make a byline an outlet rather than a person ("By Defence Industry Europe").
ORG_WORDS = {"news", "press", "media", "agency", "times", "post", "daily", "journal", "europe", "defence", "defense",
             "industry", "staff", "desk", "service", "network", "online", "today", "reports", "tribune", "herald",
             "radio", "tv", "television", "broadcasting", "ministry", "office", "team", "editorial", "magazine",
             "weekly", "international", "world", "global", "group", "institute", "review", "wire", "bureau"}
TERMINAL = ".!?:;\"”’'»)…"
# A paragraph of prose has at least this many words and ends as a sentence does.
PROSE_MIN_WORDS = 15
# An end marker ("Latest news", "Related") closes the article once this many prose paragraphs came before
# it; with fewer, it does not when the next PROSE_RUN lines are prose (it is furniture above the body).
BODY_BEFORE_END, PROSE_RUN = 2, 2
# Furniture, markers and credits are short lines; a longer line is body text and skips those checks.
FURNITURE_MAX_CHARS = 160


@dataclass
class Cleaned:
    body: str
    title: Optional[str] = None
    published: Optional[str] = None
    author: Optional[str] = None
    outlet: Optional[str] = None
    boilerplate: list[str] = field(default_factory=list)
    teasers: list[str] = field(default_factory=list)


def _key(line: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w&:' ]+", " ", line.lower().replace("’", "'"))).strip()


@lru_cache(maxsize=1)
def furniture() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current = None
    text = resources.files("dossier").joinpath("data/furniture.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is not None:
            current.add(line.lower())
    return sections


def words(line: str) -> list[str]:
    return re.findall(r"[\w$€£%'’.-]+", line)


def is_end_marker(line: str) -> bool:
    return len(line) <= FURNITURE_MAX_CHARS and _key(line).rstrip(":") in furniture()["end"]


def is_teaser_line(line: str) -> bool:
    low = line.lower()
    return any(low.startswith(p) for p in furniture()["teaser-prefix"] if p.endswith(":")) or bool(
        re.match(r"(read also|also read|read more|see also)\b", low))


def is_furniture(line: str) -> bool:
    if len(line) > FURNITURE_MAX_CHARS:
        return False
    f = furniture()
    key = _key(line)
    if key in f["line"] or key.rstrip(":") in f["line"]:
        return True
    low = line.lower()
    if any(low.startswith(p) for p in f["furniture-prefix"]):
        return True
    toks = [t for t in re.split(r"[\s,|/·•]+", key) if t]
    if toks and len(toks) <= 8 and sum(t in f["social"] for t in toks) >= max(2, len(toks) - 1):
        return True
    if re.fullmatch(r"\d+\s*(min|mins|minute|minutes)\s*read", key):
        return True
    if re.fullmatch(r"(\d+\s*)?(comments?|views?|shares?)", key):
        return True
    return is_credit(line)


def is_credit(line: str) -> bool:
    """Photo and image credits: short, unpunctuated, naming a photo, image or copyright."""
    n = len(words(line))
    if n > CREDIT_MAX_WORDS or line.endswith("."):
        return False
    low = line.lower()
    return bool(re.search(r"(\bphoto(graph)?s?|\bimage|\billustration|\bpicture)\s*\)?$", low)
                or re.match(r"(photo|image|picture)s?\s+(by|credit|courtesy)\b", low)
                or "©" in line or re.search(r"\b(getty images|shutterstock|afp photo|reuters/)", low))


def byline(line: str) -> Optional[tuple[Optional[str], Optional[str]]]:
    """(author, outlet) from "By X", "Written by X", "Author: X"; None when the line is no byline."""
    m = re.match(r"(?:by|written by|author:|authors:|reporting by)\s+(.+)$", line.strip(), re.I)
    if not m or len(words(m.group(1))) > 12 or m.group(1).endswith("."):
        return None
    rest = m.group(1)
    found = find_date(rest)
    if found:  # "By Jane Doe | March 2, 2025"
        rest = (rest[:found[1]] + rest[found[2]:]).strip(" |,-—")
        rest = TIME_RE.sub("", rest).strip(" |,-—")
    parts = [p.strip() for p in re.split(r"\s*(?:[|,·]| for | - | — )\s*", rest) if p.strip()]
    author = outlet = None
    for p in parts:
        if author is None and looks_like_person(p):
            author = p
        elif outlet is None:
            outlet = p
    return author, outlet


def looks_like_person(name: str) -> bool:
    toks = name.split()
    if not 2 <= len(toks) <= 4:
        return False
    return all(re.fullmatch(r"[^\W\d_][\w'’.-]*", t) and t[0].isupper() and t.lower() not in ORG_WORDS for t in toks)


def headline_like(line: str, lo: int, hi: int) -> bool:
    n = len(words(line))
    return lo <= n <= hi and line[:1].isupper() | line[:1].isdigit() and line[-1] not in TERMINAL


def _overlap(a: str, b: str) -> float:
    wa = {w.lower() for w in words(a) if len(w) > 3}
    wb = {w.lower() for w in words(b) if len(w) > 3}
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def is_prose(line: str) -> bool:
    """A paragraph of running text: long enough and ending as a sentence does."""
    return len(words(line)) >= PROSE_MIN_WORDS and line.rstrip()[-1:] in TERMINAL


def _ends_article(paras: list[str], kind: list[str], i: int) -> bool:
    """Whether the end marker at `i` closes the article. It does not when it stands above the body: fewer
    than BODY_BEFORE_END prose paragraphs came before it and the lines after it are paragraphs of prose,
    not teasers (short headline-like lines)."""
    before = sum(1 for j in range(i) if kind[j] == "body" and is_prose(paras[j]))
    if before >= BODY_BEFORE_END:
        return True
    after = [p for p in paras[i + 1:] if not is_furniture(p)][:PROSE_RUN]
    return not (len(after) == PROSE_RUN and all(is_prose(p) for p in after))


def _max_words(i: int) -> int:
    """A page's first line may be a long headline; further down, a line that long is text."""
    return FIRST_LINE_MAX_WORDS if i == 0 else HEADLINE_MAX_WORDS


def header_date(line: str) -> Optional[tuple[str, int]]:
    """The date of a header line that states one and little else, with its rank as a publication date:
    0 labelled so ("Published: ..."), 1 plain, 2 an update. Date lines ("27 Aug 2022 10:15"), a dated
    part of a line of parts ("Press release | Date: 09/07/2024 | Ministry"), datelines ("Vojens (AFP) Dec 2, 2025")."""
    if len(line) > FURNITURE_MAX_CHARS:
        return None
    d = date_line(line)
    if d is None:
        parts = [date_line(part) for part in re.split(r"\s+[|·•]\s+", line)]
        d = next((x for x in parts if x), None) if len(parts) > 1 else None
    if d is None:
        opening = dateline_date(line)
        d = opening[0] if opening and not opening[1] else None
    if d is None and PUBLISHED_LABEL.match(line):  # "Published on Aug. 27, 2022 by Jane Doe"
        d = _date_in(line)
    if d is None:
        return None
    return d, 0 if PUBLISHED_LABEL.search(line) else 2 if UPDATED_LABEL.search(line) else 1


def _publication_date(dates: list[tuple[int, str, int]], repeat: Optional[int]) -> Optional[str]:
    """Of the header's dates, the best ranked, earliest one; where the headline is repeated below the page's
    top (a saved page's title, then its top bar with today's date, then the article), one after the repeat."""
    pool = [d for d in dates if repeat is None or d[0] > repeat] or dates
    return min(pool, key=lambda d: (d[2], d[0]))[1] if pool else None


def clean_lines(text: str, title: Optional[str] = None) -> Cleaned:
    """Splits a plain-text page into headline, metadata, body paragraphs, furniture and teasers."""
    paras = [ln.strip() for ln in text.split("\n") if ln.strip()]
    kind: list[str] = ["body"] * len(paras)
    out = Cleaned(body="", title=title)

    # 1. furniture, teaser lines, and the end of the article (what follows an end marker is other stories,
    #    unless the marker stands above the body: no body prose before it and paragraphs of prose after it)
    ended = False
    for i, p in enumerate(paras):
        if ended:
            kind[i] = "furniture" if is_furniture(p) or is_end_marker(p) else "teaser"
        elif is_end_marker(p):
            kind[i], ended = "furniture", _ends_article(paras, kind, i)
        elif is_teaser_line(p):
            kind[i] = "teaser"
        elif is_furniture(p):
            kind[i] = "furniture"

    # 2. the header: section label, headline (once), dateline, byline, until the first body paragraph. When
    #    several short unpunctuated lines open the page, the headline is the first of a headline's length;
    #    the shorter ones before it are labels ("Defence Industry News", "World").
    #    Every date line of the header is a candidate publication date (see `_publication_date`).
    preferred = None
    if out.title is None:
        for i, p in enumerate(paras[:8]):
            if kind[i] != "body" or header_date(p) or byline(p):
                continue
            if not headline_like(p, 1, _max_words(i)):
                break
            if len(words(p)) >= HEADLINE_PREFERRED_WORDS:
                preferred = i
                break
    dates: list[tuple[int, str, int]] = []  # (line, date, rank)
    repeat = None  # where the headline is repeated: the article's own header starts there
    for i, p in enumerate(paras):
        if kind[i] != "body":
            continue
        b = byline(p)
        if b:
            kind[i] = "meta"
            out.author, out.outlet = out.author or b[0], out.outlet or b[1]
            if _date_in(p):
                dates.append((i, _date_in(p), 1))  # type: ignore[arg-type]
            continue
        d = header_date(p)
        if d:
            kind[i] = "meta"
            dates.append((i, *d))
            continue
        if out.title is None and (preferred is None or i == preferred) and \
                headline_like(p, HEADLINE_MIN_WORDS, _max_words(i)):
            out.title, kind[i] = p, "title"
            continue
        if out.title is None and preferred is not None and i < preferred:
            kind[i] = "furniture"  # a label or site name above the headline
            continue
        if out.title is not None and _key(p) == _key(out.title):
            kind[i], repeat = "furniture", i  # the headline repeated
            continue
        if headline_like(p, 1, LABEL_MAX_WORDS) and (out.title is None or "title" in kind or repeat is not None):
            kind[i] = "furniture"  # a section label above or below the headline ("Diplomacy", "World")
            continue
        break
    out.published = _publication_date(dates, repeat)

    # 3. later lines: the headline repeated ("Source: <headline>"), a closing byline or dateline; a date line
    #    in the first lines below the body's start
    tkey = _key(out.title) if out.title else None
    for i, p in enumerate(paras):
        if kind[i] != "body":
            continue
        if tkey and len(p) <= len(tkey) + 24 and tkey in _key(p) and len(_key(p)) <= len(tkey) + 12:
            kind[i] = "furniture"
        elif i < HEADER_LINES and date_line(p) and \
                sum(kind[j] == "body" and is_prose(paras[j]) for j in range(i)) <= HEADER_PROSE:
            kind[i] = "meta"
            out.published = out.published or date_line(p)
        elif byline(p):
            a, o = byline(p)  # type: ignore[misc]
            out.author, out.outlet = out.author or a, out.outlet or o
            kind[i] = "meta"

    # 3b. no dated header: a dateline opening the first paragraph ("BERLIN, May 3, 2025 — ...")
    first = next((i for i, k in enumerate(kind) if k == "body"), None)
    if out.published is None and first is not None and first < HEADER_LINES:
        opening = dateline_date(paras[first])
        out.published = opening[0] if opening else None

    # 4. another story's headline and blurb inside the page, after the body and before the end
    body_idx = [i for i, k in enumerate(kind) if k == "body"]
    for n, i in enumerate(body_idx):
        if n < 2:
            continue
        p = paras[i]
        if not headline_like(p, TEASER_MIN_WORDS, TEASER_MAX_WORDS):
            continue
        if out.title and _overlap(p, out.title) >= 0.5:
            continue
        rest = body_idx[n + 1:]
        if len(rest) <= TEASER_MAX_PARAS:
            for j in [i] + rest:
                kind[j] = "teaser"
            break

    for p, k in zip(paras, kind):
        if k == "furniture":
            out.boilerplate.append(p)
        elif k == "teaser":
            out.teasers.append(p)
    out.body = "\n\n".join(p for p, k in zip(paras, kind) if k == "body")
    return out
