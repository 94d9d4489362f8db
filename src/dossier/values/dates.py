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
    re.compile(_WEEKDAY + _MON + r"\s*" + _DAY + r"\s*,?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _DAY + r"[- ]" + _MON + r"[- ]" + _YEAR + r"\b", re.I),
    re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _YEAR + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ][\d:.+\-Z]*)?"),
    re.compile(r"\b(?P<d>[0-3]?\d)([./-])(?P<m>[01]?\d)\2" + _YEAR + r"\b"),
    re.compile(r"\b" + _YEAR + r"([./])(?P<m>[01]?\d)\2(?P<d>[0-3]?\d)\b"),
]
# Time zones news pages print after a time ("10:15 AM ET", "14:05 KST").
ZONES = ("UTC|GMT|CET|CEST|EET|EEST|WET|WEST|BST|IST|MSK|TRT|EST|EDT|ET|CST|CDT|CT|MST|MDT|MT|PST|PDT|PT|AKST|HST|JST|KST|"
         "HKT|SGT|ICT|WIB|PKT|GST|AEST|AEDT|AWST|ACST|NZST|NZDT|CAT|EAT|WAT|SAST|Z")
TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:(?:" + ZONES + r")\b|[+-]\d{2}:?\d{2}))?"
                  r"(?:\s*\((?:\w+\s+)?time\))?", re.I)
# "3 min read", "Reading time: 4 minutes": what a date line may carry besides the date
READ_TIME = re.compile(r"\b(?:reading\s+time:?\s*)?\d+\s*min(?:ute)?s?(?:\s+read)?\b", re.I)
# Words a date line may carry besides the date and time ("Published: March 2, 2025 | 9:29 AM").
DATE_LINE_WORDS = {"published", "publication", "updated", "posted", "on", "at", "date", "last", "modified", "|", "-", "—", "·",
                   "am", "pm", "utc", "gmt", "kyiv", "time", "first", "/", "–", "•",
                   "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                   "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
# Labels that say which date of a page a date is: its publication (preferred) or a later update.
PUBLISHED_LABEL = re.compile(r"\b(?:published|publication|posted|first\s+published|date)\b", re.I)
UPDATED_LABEL = re.compile(r"\b(?:updated|modified|last\s+updated|edited)\b", re.I)


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
    """The date of a line that is nothing but a dateline ("March 2, 2025 9:29 AM"), else None. Of a
    publication and an update date ("Updated: 21 May 2025 | Published: 20 May 2025") the publication's."""
    if len(line) > 80:
        return None
    dates, rest = [], line
    while (found := find_date(rest)) is not None:
        dates.append((found[0], rest[:found[1]]))
        rest = rest[: found[1]] + " \x00 " + rest[found[2]:]  # \x00 marks where a date stood
    if not dates:
        return None
    rest = READ_TIME.sub(" ", TIME.sub(" ", rest))
    words = [w for w in re.split(r"[\s,\x00]+", rest.lower().strip(" :")) if w]
    if not all(w.strip(":.") in DATE_LINE_WORDS for w in words):
        return None
    for iso, before in dates:  # the date right after a "Published" label
        label = re.split(r"[\x00|/;,•·–—]", before)[-1] if len(dates) > 1 else ""
        if PUBLISHED_LABEL.search(label) and not UPDATED_LABEL.search(label):
            return iso
    return dates[0][0]


# "Vojens, Denmark (AFP) Dec 2, 2025" or "BERLIN, May 3, 2025 —": a place, an agency, then the date.
_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
DATELINE_PREFIX = re.compile(rf"(?:{_PLACE}(?:,\s*{_PLACE})?\s*(?:\([^()]{{1,30}}\))?\s*[,:]?)?\s*")
NOT_PLACES = {"on", "in", "by", "since", "until", "from", "as", "at", "after", "before", "between", "of", "the"}


def dateline_date(text: str) -> Optional[tuple[str, bool]]:
    """The date of a dateline opening `text` ("BERLIN, May 3, 2025 — Germany ..."): (ISO date, whether
    text follows it). None when `text` does not open with a place and a date followed by a dash or its end."""
    found = find_date(text[:90])
    if not found or not DATELINE_PREFIX.fullmatch(text[:found[1]]):
        return None
    first = text.split(None, 1)[0].lower().strip(",") if found[1] else ""
    if first in NOT_PLACES:
        return None
    after = text[found[2]:]
    m = TIME.match(after.lstrip(" ,"))
    if m:
        after = after.lstrip(" ,")[m.end():]
    after = after.strip()
    if not after:
        return found[0], False
    if re.match(r"[–—-]\s*\S", after) or re.match(r"\(\w[^()]{0,30}\)\s*[–—-]", after):
        return found[0], True
    return None


# -- relative dates in article text, resolved against the publication date ------------------------------
from datetime import timedelta  # noqa: E402

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# Named events that news dates things from. General knowledge.
EVENTS = {
    r"(?:the\s+)?(?:start|beginning|outbreak|launch)\s+of\s+(?:russia['’]s\s+|the\s+)?(?:full[- ]scale\s+)?(?:russian\s+)?(?:invasion|war)(?:\s+(?:of|in|against)\s+ukraine)?": "2022-02-24",
    r"(?:russia['’]s\s+|the\s+)?full[- ]scale\s+(?:russian\s+)?(?:invasion|war)": "2022-02-24",
    r"(?:russia['’]s\s+)?annexation\s+of\s+crimea": "2014-03",
}
_MONTHS_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR_RE = r"(?:19[5-9]\d|20\d\d)"
REL_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("full", re.compile("|".join("(?:" + re.sub(r"\?P<\w+>", "", p.pattern) + ")" for p in DATE_PATTERNS[:3]), re.I)),
    ("event", re.compile("|".join(f"(?:{p})" for p in EVENTS), re.I)),
    ("month_year", re.compile(rf"\b(?P<mon>{_MONTHS_RE})\.?,?\s+(?:of\s+)?(?P<year>{_YEAR_RE})\b", re.I)),
    ("month_day", re.compile(rf"\b(?:on\s+)?(?P<mon>{_MONTHS_RE})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*,?\s*(?:19|20)\d\d)(?!\s*(?:million|billion|percent|%))", re.I)),
    ("day_month", re.compile(rf"\b(?:on\s+)?(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTHS_RE})\b(?!\.?,?\s+(?:19|20)\d\d)", re.I)),
    ("quarter", re.compile(rf"\b(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth)\s+quarter\s+of)\s+(?P<year>{_YEAR_RE})\b", re.I)),
    ("part_year", re.compile(rf"\b(?:early|mid|late|end\s+of|the\s+end\s+of|beginning\s+of|the\s+beginning\s+of|first\s+half\s+of|second\s+half\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|spring|summer|autumn|fall|winter)[- ]?(?:of\s+)?(?P<year>{_YEAR_RE})\b", re.I)),
    ("month", re.compile(r"\b(?:in|since|by|from|until|through|during|last|this|next|early|late|mid|end\s+of)[- ](?:early\s+|late\s+|mid-?)?(?P<mon>january|february|march|april|june|july|august|september|october|november|december)\b(?!\s+\d)", re.I)),
    ("year", re.compile(rf"\b(?:in|by|from|since|until|till|before|after|through|starting\s+(?:in|from)?|beginning\s+in|as\s+of|of|for|during|between|and|to)\s+(?:(?:the\s+)?(?:fiscal|financial|budget)(?:\s+year)?\s+|FY\s?)?(?P<year>{_YEAR_RE})\b(?![-–]\d)"
                       rf"|\b(?:fiscal(?:\s+year)?\s+|FY\s?)(?P<fy>{_YEAR_RE})\b", re.I)),
    ("relative", re.compile(r"\b(?P<which>this|next|last|the\s+previous|the\s+following|the\s+coming|the\s+past)\s+(?P<unit>year|month|week)\b"
                            r"|\b(?:the\s+)?(?:end|beginning|start|middle|rest|course|remainder)\s+of\s+(?P<which2>the|this)\s+"
                            r"(?P<unit2>year|month)\b", re.I)),
    ("offset", re.compile(r"\b(?:(?P<in>in|within)\s+)?(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
                          r"eleven|twelve|several)\s+(?P<unit>day|week|month|year)s?(?:\s+(?P<ago>ago|earlier|later|from\s+now))?\b",
                          re.I)),
    ("day_word", re.compile(r"\b(?P<word>today|yesterday|tomorrow|earlier\s+today|this\s+week)\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+|next\s+|this\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
]


def _ref(published: Optional[str]) -> Optional[date]:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_year(mon: int, ref: date, future: Optional[bool]) -> int:
    """The year of a month named without one: the nearest occurrence before the reference for past events,
    after it for planned ones, the reference's own year when unknown."""
    if future is True and mon < ref.month:
        return ref.year + 1
    if future is False and mon > ref.month:
        return ref.year - 1
    return ref.year


# Kinds of date expression that state their year; the others are resolved against the publication date.
STATED_KINDS = {"full", "event", "month_year", "quarter", "part_year", "year"}


def resolve_dates(text: str, published: Optional[str], future: Optional[bool] = None) -> list[tuple[str, int, int, str]]:
    """Every date expression in `text` that can be resolved: (ISO YYYY[-MM[-DD]], start, end, source), in text
    order; source is "stated" when the text gives the year, else "relative"."""
    ref = _ref(published)
    found: list[tuple[str, int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for kind, pat in REL_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if not free(s, e):
                continue
            iso = _resolve(kind, m, ref, future)
            if iso:
                found.append((iso, s, e, "stated" if kind in STATED_KINDS else "relative"))
                taken.append((s, e))
    return sorted(found, key=lambda x: x[1])


def _resolve(kind: str, m: re.Match, ref: Optional[date], future: Optional[bool]) -> Optional[str]:
    g = m.groupdict()
    if kind == "full":
        return find_date(m.group(0))[0] if find_date(m.group(0)) else None
    if kind == "event":
        low = m.group(0).lower()
        for p, iso in EVENTS.items():
            if re.fullmatch(p, low, re.I):
                return iso
        return None
    if kind == "month_year":
        return f"{int(g['year']):04d}-{MONTHS[g['mon'].lower()]:02d}"
    if kind in ("month_day", "day_month"):
        if not ref:
            return None
        mon = MONTHS[g["mon"].lower()]
        if kind == "month_day" and g["mon"].lower() == "may" and not m.group(0).lower().startswith("on"):
            return None  # "may 5" is too often the verb
        return _valid(_month_year(mon, ref, future), mon, int(g["day"]))
    if kind == "quarter":
        return g["year"]
    if kind == "part_year":
        return g["year"]
    if kind == "month":
        if not ref:
            return None
        mon = MONTHS[g["mon"].lower()]
        lead = m.group(0).lower()
        if lead.startswith("last"):
            y = ref.year - 1 if mon >= ref.month else ref.year
        elif lead.startswith("next"):
            y = ref.year + 1 if mon <= ref.month else ref.year
        elif lead.startswith("this"):
            y = ref.year
        else:
            y = _month_year(mon, ref, future)
        return f"{y:04d}-{mon:02d}"
    if kind == "year":
        return g["year"] or g["fy"]
    if kind == "relative":
        if not ref:
            return None
        which = re.sub(r"\s+", " ", (g["which"] or g["which2"]).lower())  # ("the end of the year": this year)
        step = {"this": 0, "the": 0, "next": 1, "the following": 1, "the coming": 1, "last": -1, "the previous": -1,
                "the past": -1}[which]
        unit = (g["unit"] or g["unit2"]).lower()
        if unit == "year":
            return f"{ref.year + step:04d}"
        if unit == "month":
            y, mo = divmod(ref.month - 1 + step, 12)
            return f"{ref.year + y:04d}-{mo + 1:02d}"
        d = ref + timedelta(weeks=step)
        return f"{d.year:04d}-{d.month:02d}"
    if kind == "offset":
        if not ref or not (g["in"] or g["ago"]):
            return None
        words = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
        n = int(g["n"]) if g["n"].isdigit() else words.get(g["n"].lower())
        if n is None:
            return None
        sign = -1 if (g["ago"] or "").lower() in ("ago", "earlier") else 1
        unit = g["unit"].lower()
        if unit == "day":
            return (ref + timedelta(days=sign * n)).isoformat()
        if unit == "week":
            return (ref + timedelta(weeks=sign * n)).isoformat()
        if unit == "month":  # "three months ago", "within five years": as precise as the unit, no more
            y, mo = divmod(ref.month - 1 + sign * n, 12)
            return f"{ref.year + y:04d}-{mo + 1:02d}"
        return f"{ref.year + sign * n:04d}"
    if kind == "day_word":
        if not ref:
            return None
        w = g["word"].lower()
        if w == "this week":
            return f"{ref.year:04d}-{ref.month:02d}"
        delta = {"today": 0, "earlier today": 0, "yesterday": -1, "tomorrow": 1}[re.sub(r"\s+", " ", w)]
        return (ref + timedelta(days=delta)).isoformat()
    if kind == "weekday":
        if not ref:
            return None
        wd = WEEKDAYS[g["wd"].lower()]
        lead = m.group(0).lower()
        if lead.startswith("next"):  # a bare weekday in news is nearly always the past week ("said on Sunday")
            delta = (wd - ref.weekday()) % 7 or 7
        else:
            delta = -((ref.weekday() - wd) % 7 or (7 if lead.startswith("last") else 0))
        return (ref + timedelta(days=delta)).isoformat()
    return None
