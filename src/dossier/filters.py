"""Fact filters, declared once: what the facts list, the API, the exports and the pages filter by, parsed from what
people type (a country by name or code, an entity by name, alias or id, any case; dates as YYYY, YYYY-MM or
YYYY-MM-DD; amounts as plain numbers), with one readable message per bad value, and turned into SQL.

`FactFilter` is the filter; `parse_fact_filter()` reads one from URL parameters (the pages); `fact_where()` gives
its WHERE clause over `facts f JOIN documents d`; `resolve_country()` and `resolve_entities()` are the name
lookups every view shares.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional

from .errors import DossierError
from .gazetteer import countries, fold
from .model import FACT_TYPES, STATUSES
from .store import Store

# YYYY, YYYY-MM or YYYY-MM-DD with a month 01-12 and a day 01-31 (the API's pattern too, api/params.DATE)
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
DATE = re.compile(DATE_PATTERN)
# At most this many fact ids in one `ids` filter (a totals cell links to the facts it adds).
MAX_IDS = 1000
ROLES = tuple(dict.fromkeys(r for ft in FACT_TYPES.values() for r in ft.roles))


class FilterError(DossierError):
    """A filter value that cannot be read; the message names each bad parameter and says what it takes."""


@dataclass(frozen=True)
class FactFilter:
    """Facts of a type and status, with a country or entity (in any role, or in `role`), dated between
    `date_from` and `date_to` (the fact's date, else its article's), worth `min_eur`..`max_eur`, from one
    document, or exactly the facts `ids`. Facts an analyst marked wrong are left out unless `include_wrong`."""

    type: Optional[str] = None
    status: Optional[str] = None
    country: Optional[str] = None  # a name or ISO code: "Ukraine", "ukraine", "UA"
    entity: Optional[str] = None  # an entity id, name or alias, any case
    role: Optional[str] = None
    date_from: Optional[str] = None
    date_to: Optional[str] = None
    min_eur: Optional[float] = None
    max_eur: Optional[float] = None
    doc: Optional[str] = None
    ids: tuple[str, ...] = field(default_factory=tuple)
    include_wrong: bool = False

    def params(self) -> dict[str, str]:
        """The filter as URL parameters (the names PARAMS declares), empty values left out: for links and
        download URLs that keep a page's filters."""
        out = {}
        for p in PARAMS:
            v = getattr(self, p.attr)
            if v in (None, "", ()):
                continue
            out[p.name] = ",".join(v) if isinstance(v, tuple) else (f"{v:g}" if isinstance(v, float) else str(v))
        return out


def _choice(name: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    def read(v: str) -> str:
        low = v.strip().lower()
        if low not in choices:
            raise ValueError(f"{name} {v!r} is not one of {', '.join(choices)}")
        return low
    return read


def is_date(v: str) -> bool:
    """True for YYYY, YYYY-MM or YYYY-MM-DD with a month 01-12 and a day 01-31 (dates compare as text)."""
    return DATE.match(v) is not None


def _date(name: str) -> Callable[[str], str]:
    def read(v: str) -> str:
        if not is_date(v.strip()):
            raise ValueError(f"{name} {v!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-03)")
        return v.strip()
    return read


def _euros(name: str) -> Callable[[str], float]:
    def read(v: str) -> float:
        try:
            x = float(v.strip().replace(",", "").replace("_", "").lstrip("€"))
        except ValueError:
            raise ValueError(f"{name} {v!r} is not a number of euros (e.g. 5000000)") from None
        if not 0 <= x <= 1e15:
            raise ValueError(f"{name} {v!r} is out of range (0 to 10^15 euros)")
        return x
    return read


def _ids(v: str) -> tuple[str, ...]:
    ids = tuple(dict.fromkeys(i for i in re.split(r"[\s,]+", v) if i))
    if len(ids) > MAX_IDS:
        raise ValueError(f"ids: at most {MAX_IDS} fact ids, not {len(ids)}")
    return ids


def _text(limit: int) -> Callable[[str], str]:
    def read(v: str) -> str:
        return v.strip()[:limit]
    return read


@dataclass(frozen=True)
class Param:
    name: str  # in URLs
    attr: str  # on FactFilter
    read: Callable[[str], Any]
    help: str


PARAMS: tuple[Param, ...] = (
    Param("type", "type", _choice("type", tuple(FACT_TYPES)), "fact type: " + ", ".join(FACT_TYPES)),
    Param("status", "status", _choice("status", STATUSES), "status: " + ", ".join(STATUSES)),
    Param("country", "country", _text(100), "a country in any role, by name or ISO code (Ukraine, ukraine, UA)"),
    Param("entity", "entity", _text(200), "an entity in any role, by name, alias or id, any case"),
    Param("role", "role", _choice("role", ROLES), "the role the country or entity holds: " + ", ".join(ROLES)),
    Param("from", "date_from", _date("from"), "on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    Param("to", "date_to", _date("to"), "on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    Param("min_eur", "min_eur", _euros("min_eur"), "worth at least this many euros"),
    Param("max_eur", "max_eur", _euros("max_eur"), "worth at most this many euros"),
    Param("doc", "doc", _text(80), "facts of this document (id)"),
    Param("ids", "ids", _ids, f"exactly these facts: ids separated by commas (at most {MAX_IDS})"),
)


def parse_fact_filter(values: Mapping[str, str]) -> FactFilter:
    """A FactFilter from URL parameters as typed (empty ones ignored); a FilterError naming every bad value."""
    found: dict[str, Any] = {}
    problems = []
    for p in PARAMS:
        raw = values.get(p.name)
        if raw is None or not str(raw).strip():
            continue
        try:
            found[p.attr] = p.read(str(raw))
        except ValueError as e:
            problems.append(str(e))
    if problems:
        raise FilterError("; ".join(problems))
    return FactFilter(**found)


def check_ranges(flt: FactFilter) -> None:
    """FilterError when a range is empty (min_eur above max_eur, from after to): the pages say so; the API simply
    finds nothing."""
    out = []
    if flt.min_eur is not None and flt.max_eur is not None and flt.min_eur > flt.max_eur:
        out.append(f"min_eur ({flt.min_eur:g}) is more than max_eur ({flt.max_eur:g})")
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        out.append(f"from ({flt.date_from}) is after to ({flt.date_to})")
    if out:
        raise FilterError("; ".join(out))


def resolve_country(value: str) -> str:
    """The ISO 3166 alpha-2 code of a country given by code, name or demonym, any case: "UA", "ukraine",
    "Ukraine", "Ukrainian" -> "UA". FilterError ("no country ...": a 404 in the API) for one that names none."""
    c = countries()
    v = value.strip()
    if len(v) == 2 and v.upper() in c.canonical:
        return v.upper()
    key = fold(v)
    iso = c.names.get(key) or c.demonyms.get(key)
    if iso is None:
        raise FilterError(f"no country is named {value!r} (give a name such as Ukraine or an ISO code such as UA)")
    return iso


def resolve_entities(store: Store, value: str) -> list[str]:
    """The ids of the entities `value` names: an id, else a name (any case), else an alias (any case).
    FilterError (a "no ..." message: a 404 in the API) when none does."""
    v = value.strip()
    ids = [r["id"] for r in store.query("SELECT id FROM entities WHERE id = :v OR lower(name) = lower(:v)", v=v)]
    if not ids:
        pattern = "%" + json.dumps(v.lower(), ensure_ascii=False) + "%"
        ids = [r["id"] for r in store.query("SELECT id FROM entities WHERE lower(aliases) LIKE :p", p=pattern)]
    if not ids:
        raise FilterError(f"no entity has the name, alias or id {value!r} (pick one of the suggestions)")
    return ids


def fact_where(store: Store, flt: FactFilter) -> tuple[str, dict[str, Any]]:
    """The WHERE clause over `facts f JOIN documents d` and its parameters; names resolved to codes and ids."""
    where, params = ["1=1"], {}
    for col, key, val in (("f.type", "type", flt.type), ("f.status", "status", flt.status),
                          ("f.doc_id", "doc", flt.doc)):
        if val:
            where.append(f"{col} = :{key}")
            params[key] = val
    if not flt.include_wrong:
        where.append("f.wrong = 0")
    if flt.ids:
        where.append(f"f.id IN ({in_list('id', flt.ids, params)})")
    if flt.country or flt.entity or flt.role:
        where.append(f"f.id IN ({_role_subquery(store, flt, params)})")
    if flt.date_from:
        where.append("coalesce(f.date, d.published) >= :df")
        params["df"] = flt.date_from
    if flt.date_to:  # "2024-03" takes in every day of March
        where.append("coalesce(f.date, d.published) <= :dt")
        params["dt"] = flt.date_to + "~"
    for op, key, val in ((">=", "me", flt.min_eur), ("<=", "xe", flt.max_eur)):
        if val is not None:
            where.append(f"f.amount_eur {op} :{key}")
            params[key] = float(val)
    return " AND ".join(where), params


def _role_subquery(store: Store, flt: FactFilter, params: dict[str, Any]) -> str:
    sub = "SELECT fr.fact_id FROM fact_roles fr JOIN entities e ON e.id = fr.entity_id WHERE 1=1"
    if flt.country:
        sub += " AND e.country = :country"
        params["country"] = resolve_country(flt.country)
    if flt.entity:
        sub += f" AND e.id IN ({in_list('ent', resolve_entities(store, flt.entity), params)})"
    if flt.role:
        sub += " AND fr.role = :role"
        params["role"] = flt.role
    return sub


def in_list(prefix: str, values, params: dict[str, Any]) -> str:
    """`:prefix0,:prefix1,...` for an IN list, the values added to params."""
    names = []
    for n, v in enumerate(values):
        params[f"{prefix}{n}"] = v
        names.append(f":{prefix}{n}")
    return ",".join(names)

