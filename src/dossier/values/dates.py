"""Dates: parsing stated dates ("March 2, 2025 9:29 AM") and resolving relative ones against a reference.

Rule-based and fast; `dateparser` is consulted only for a span the rules cannot read (see `parse_date`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
DATE_PATTERNS = [
    re.compile(_WEEKDAY + _MON + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _YEAR + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ][\d:.+\-Z]*)?"),
    re.compile(r"\b(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./]" + _YEAR + r"\b"),
]
TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:UTC|GMT|CET|CEST|EET|EEST|EST|EDT|BST|[+-]\d{2}:?\d{2}))?",
                  re.I)
# Words a date line may carry besides the date and time ("Published: March 2, 2025 | 9:29 AM").
DATE_LINE_WORDS = {"published", "updated", "posted", "on", "at", "date", "last", "modified", "|", "-", "—", "·",
                   "am", "pm", "utc", "gmt", "kyiv", "time"}


def _valid(y: int, m: int, d: int) -> Optional[str]:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def match_date(m: re.Match) -> Optional[str]:
    g = m.groupdict()
    y = int(g["year"])
    if g.get("mon"):
        return _valid(y, MONTHS[g["mon"].lower().rstrip(".")], int(g["day"]))
    mo, d = int(g["m"]), int(g["d"])
    if mo > 12 and d <= 12:  # a month-first date written with dots or slashes
        mo, d = d, mo
    return _valid(y, mo, d)


def find_date(text: str) -> Optional[tuple[str, int, int]]:
    """The first full date in `text`: (ISO date, start, end)."""
    best = None
    for pat in DATE_PATTERNS:
        m = pat.search(text)
        if m and (best is None or m.start() < best[1]):
            iso = match_date(m)
            if iso:
                best = (iso, m.start(), m.end())
    return best


def parse_date(text: str) -> Optional[str]:
    """An ISO date from a string that states one; falls back on dateparser for other spellings."""
    if not text:
        return None
    found = find_date(text)
    if found:
        return found[0]
    if len(text) > 80:
        return None
    try:
        import dateparser

        dt = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    except Exception:  # dateparser raises a variety of errors on odd strings
        return None
    return dt.date().isoformat() if dt else None


def date_line(line: str) -> Optional[str]:
    """The date of a line that is nothing but a dateline ("March 2, 2025 9:29 AM"), else None."""
    if len(line) > 80:
        return None
    found = find_date(line)
    if not found:
        return None
    rest = (line[: found[1]] + " " + line[found[2]:])
    rest = TIME.sub(" ", rest)
    words = [w for w in re.split(r"[\s,]+", rest.lower().strip(" :")) if w]
    if all(w.strip(":") in DATE_LINE_WORDS for w in words):
        return found[0]
    return None
