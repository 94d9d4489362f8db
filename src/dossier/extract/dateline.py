"""Datelines ("VIENNA (AP) —", "ROME, Feb 16 (Reuters) –", "KIELCE, Poland —") name where a story was filed, not
who did what. They are blanked (same length, so offsets hold) in the text the parser reads: otherwise the city
becomes the sentence's subject and the real subject an apposition."""

from __future__ import annotations

import re

# A paragraph opening with a city in capitals, an optional region or country, an optional date and an optional
# agency in parentheses, then a dash. Written for the agency and newspaper conventions (AP, Reuters, AFP).
DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z'’.-]{2,}(?:[ -][A-Z][A-Z'’.-]+){0,3}"
    r"(?:,[ \t]*[A-Z][A-Za-z.]+(?:[ \t][A-Z][A-Za-z.]+)?)?"
    r"(?:,?[ \t]*(?:[A-Z][a-z]{2}\.?|[A-Z][a-z]+)[ \t]+\d{1,2})?(?:,[ \t]*\d{4})?"
    r"[ \t]*(?:\([A-Za-z][A-Za-z .&/-]{0,30}\))?[ \t]*[—–-]{1,2}[ \t]+(?=[A-Z0-9“\"'‘])"
    r"|^[ \t]*\([A-Z][A-Za-z .&/-]{1,30}\)[ \t]*[—–-]{1,2}[ \t]+(?=[A-Z0-9“\"'‘])")  # "(EurActiv) — ..."


def spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in DATELINE.finditer(text)]


def mask(text: str) -> str:
    """The text with every dateline replaced by spaces of the same length."""
    if "—" not in text and "–" not in text and "-" not in text:
        return text
    return DATELINE.sub(lambda m: " " * len(m.group(0)), text)
