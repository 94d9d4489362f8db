"""Paging for the pages that list: the page number read from the URL (a readable message for a bad one), and the
links to the neighbouring pages, each keeping the page's other parameters so every page is a bookmarkable URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request

from ..filters import FilterError

# Rows a listing page shows.
PER_PAGE = 50
MAX_PAGE = 200_000


def page_number(request: Request) -> int:
    raw = request.query_params.get("page", "").strip() or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise FilterError(f"page {raw!r} is not a page number (1, 2, 3, …)")
    return int(raw)


def url_with(request: Request, **changes: object) -> str:
    """This page's URL with some parameters changed (None removes one); empty parameters are left out."""
    params = {k: v for k, v in request.query_params.items() if v.strip()}
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    return request.url.path + ("?" + urlencode(params) if params else "")


@dataclass
class Pager:
    total: int
    page: int
    per: int
    prev_url: str | None
    next_url: str | None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per))

    @property
    def first(self) -> int:
        return min(self.total, (self.page - 1) * self.per + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per)


def pager(request: Request, total: int, page: int, per: int = PER_PAGE) -> Pager:
    prev_url = url_with(request, page=page - 1 if page > 2 else None) if page > 1 else None
    next_url = url_with(request, page=page + 1) if page * per < total else None
    return Pager(total, page, per, prev_url, next_url)
