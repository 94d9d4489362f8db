"""Queries the API, the web pages and scripts share: documents with their spans, entity and fact filters,
sums by donor and recipient over time with every contributing claim, claims series, and the entity-fact graph.
"""

from __future__ import annotations

import json
from typing import Any, Iterator, Optional
from xml.sax.saxutils import escape

from sqlalchemy.exc import OperationalError

from . import gazetteer
from .errors import DossierError, QueryError
from .filters import FactFilter, FilterError, in_list, fact_where, resolve_country, resolve_entities  # noqa: F401
from .gazetteer import fold
from .store import SearchHit, Store
from .store.base import QuerySyntaxError

# NULLS FIRST / LAST spelled out: SQLite and PostgreSQL differ in where they put them by default
FACT_SORTS = {"date": "coalesce(f.date, d.published) NULLS FIRST",
              "-date": "coalesce(f.date, d.published) DESC NULLS LAST",
              "amount": "f.amount_eur NULLS FIRST", "-amount": "f.amount_eur DESC NULLS LAST",
              "confidence": "f.confidence DESC"}


# The most rows one page of any list holds.
MAX_LIMIT = 500


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset))


def _date_range(where: list[str], params: dict[str, Any], column: str, date_from: Optional[str],
                date_to: Optional[str]) -> None:
    """Adds `column` between date_from and date_to (ISO prefixes; "2024-03" as an end takes in all of March)."""
    if date_from:
        where.append(f"{column} >= :df")
        params["df"] = date_from
    if date_to:
        where.append(f"{column} <= :dt")
        params["dt"] = date_to + "~"


QUERY_HELP = "write words that must all occur, OR between two words, word* for a prefix (e.g. radar OR sonar)"


def _readable(q: str, fn):
    try:
        return fn()
    except QuerySyntaxError as e:
        raise QueryError(f"search {q[:200]!r}: cannot read the query ({e}); {QUERY_HELP}") from None
    except OperationalError as e:
        if "fts5" not in str(e.orig).lower():
            raise
        reason = str(e.orig).removeprefix("fts5: ")
        raise QueryError(f"search {q[:200]!r}: cannot read the query ({reason}); {QUERY_HELP}") from None


def search(store: Store, q: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Full-text search, best first; a query the index cannot read is a QueryError saying how to write one."""
    return _readable(q, lambda: store.search(q, limit=limit, offset=offset))


def search_count(store: Store, q: str) -> int:
    """How many documents the search finds in all."""
    return _readable(q, lambda: store.search_count(q))


def documents(store: Store, q: Optional[str] = None, outlet: Optional[str] = None, date_from: Optional[str] = None,
              date_to: Optional[str] = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Search hits (q; best first) or documents newest first, filtered by outlet (any case) and publication
    dates; a page of them with the `total` count, each with its source `url`."""
    limit, offset = _page(limit, offset)
    if q:
        hits = search(store, q, limit=limit, offset=offset)
        urls = _urls(store, [h.id for h in hits])
        items = [{"id": h.id, "title": h.title, "source": h.source, "url": urls.get(h.id), "published": h.published,
                  "snippet": h.snippet} for h in hits]
        return {"items": items, "total": search_count(store, q), "limit": limit, "offset": offset}
    where, params = ["1=1"], {}
    if outlet:
        where.append("lower(outlet) = lower(:outlet)")
        params["outlet"] = outlet.strip()
    _date_range(where, params, "published", date_from, date_to)
    w = " AND ".join(where)
    rows = store.query(f"SELECT id, title, source, url, published, outlet, substr(text, 1, 240) AS snippet "
                       f"FROM documents WHERE {w} ORDER BY published DESC NULLS LAST, rowid LIMIT :l OFFSET :o",
                       **params, l=limit, o=offset)
    total = store.query(f"SELECT count(*) AS n FROM documents WHERE {w}", **params)[0]["n"]
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


def _urls(store: Store, doc_ids: list[str]) -> dict[str, Optional[str]]:
    if not doc_ids:
        return {}
    params: dict[str, Any] = {}
    marks = in_list("d", doc_ids, params)
    return {r["id"]: r["url"] for r in store.query(f"SELECT id, url FROM documents WHERE id IN ({marks})", **params)}


def document(store: Store, doc_id: str) -> dict[str, Any]:
    """A document with its mentions and every fact, those marked wrong included (flagged `wrong`)."""
    d = store.document(doc_id)
    if d is None:
        raise DossierError(f"no document {doc_id}")
    mentions = store.query('SELECT m.start, m."end", m.text, m.type, m.entity_id, e.name AS entity_name FROM mentions m '
                           'LEFT JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = :d ORDER BY m.start', d=doc_id)
    facts = facts_query(store, FactFilter(doc=doc_id, include_wrong=True), limit=MAX_LIMIT)["items"]
    return {"id": d.id, "source": d.source, "url": d.url, "title": d.title, "published": d.published,
            "author": d.author, "outlet": d.outlet, "text": d.text, "boilerplate": d.boilerplate,
            "teasers": d.teasers, "mentions": mentions, "facts": facts}


def entities(store: Store, q: Optional[str] = None, type: Optional[str] = None, country: Optional[str] = None,
             limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Entities whose name or alias contains q (any case), of a type, of a country (name or code), most
    mentioned first; a page of them with the `total` count."""
    limit, offset = _page(limit, offset)
    where, params = ["1=1"], {}
    if q:
        where.append("(lower(e.name) LIKE lower(:q) OR lower(e.aliases) LIKE lower(:q))")  # as SQLite's LIKE
        params["q"] = f"%{q.strip()}%"
    if type:
        where.append("e.type = :t")
        params["t"] = type
    if country:
        where.append("e.country = :c")
        params["c"] = resolve_country(country)
    w = " AND ".join(where)
    rows = store.query(f"SELECT e.id, e.type, e.name, e.country, e.aliases, e.lat, e.lon, e.parent, "
                       f"(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions FROM entities e "
                       f"WHERE {w} ORDER BY mentions DESC, e.name LIMIT :l OFFSET :o", **params, l=limit, o=offset)
    for r in rows:
        r["aliases"] = json.loads(r["aliases"] or "[]")
    total = store.query(f"SELECT count(*) AS n FROM entities e WHERE {w}", **params)[0]["n"]
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


# What /api/suggest completes: entity names (most mentioned first) or country names.
SUGGEST_KINDS = ("entity", "country")


def suggest(store: Store, kind: str, q: str, limit: int = 10) -> list[str]:
    """Names starting with (then containing) q, any case: entities most mentioned first, or countries."""
    if kind not in SUGGEST_KINDS:
        raise FilterError(f"kind {kind!r} is not one of {', '.join(SUGGEST_KINDS)}")
    q = q.strip()
    if kind == "country":
        return _suggest_countries(store, q, limit)
    rows = store.query("SELECT e.name, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS n FROM entities e "
                       "WHERE lower(e.name) LIKE lower(:p) AND e.type != 'other' ORDER BY n DESC, e.name LIMIT :l",
                       p=f"%{q}%", l=limit * 4)
    starts = [r["name"] for r in rows if r["name"].lower().startswith(q.lower())]
    return list(dict.fromkeys(starts + [r["name"] for r in rows]))[:limit]


def _suggest_countries(store: Store, q: str, limit: int) -> list[str]:
    """Country names: those the corpus holds first (most mentioned), then every other the gazetteer knows."""
    names = [r["name"] for r in store.query(
        "SELECT e.name FROM entities e WHERE e.type = 'country' AND lower(e.name) LIKE lower(:p) "
        "ORDER BY (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) DESC, e.name LIMIT :l",
        p=f"%{q}%", l=limit)]
    low = fold(q)
    names += sorted(n for n in gazetteer.countries().canonical.values() if low in fold(n))
    starts = [n for n in names if fold(n).startswith(low)]
    return list(dict.fromkeys(starts + names))[:limit]


def facts_query(store: Store, flt: Optional[FactFilter] = None, sort: str = "-date", limit: int = 50,
                offset: int = 0, **filters: Any) -> dict[str, Any]:
    """A page of facts matching a FactFilter (or its fields given as keywords), sorted (FACT_SORTS), with the
    `total` count. Each fact has its roles, its article's title, date and source `url`, and `corrected`."""
    limit, offset = _page(limit, offset)
    if sort not in FACT_SORTS:
        raise FilterError(f"sort {sort!r} is not one of {', '.join(FACT_SORTS)}")
    w, params = fact_where(store, flt or FactFilter(**filters))
    rows = store.query(f"SELECT f.*, d.title AS doc_title, d.published AS doc_published, d.source AS doc_source, "
                       f"d.url AS doc_url FROM facts f JOIN documents d ON d.id = f.doc_id WHERE {w} "
                       f"ORDER BY {FACT_SORTS[sort]}, f.id LIMIT :l OFFSET :o", **params, l=limit, o=offset)
    total = store.query(f"SELECT count(*) AS n FROM facts f JOIN documents d ON d.id = f.doc_id WHERE {w}",
                        **params)[0]["n"]
    return {"items": _with_roles(store, rows), "total": total, "limit": limit, "offset": offset}


# Facts read per query while streaming every match (iter_facts).
BATCH = 1000


def iter_facts(store: Store, flt: FactFilter, sort: str = "-date") -> Iterator[dict[str, Any]]:
    """Every fact matching `flt`, as facts_query gives them, read a batch at a time (for exports of any size)."""
    offset = 0
    while True:
        items = facts_query(store, flt, sort=sort, limit=BATCH, offset=offset)["items"]
        yield from items
        if len(items) < BATCH:
            return
        offset += BATCH


def _with_roles(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        return rows
    params: dict[str, Any] = {}
    marks = in_list("i", [r["id"] for r in rows], params)
    roles: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for r in store.query(f"SELECT fr.fact_id, fr.role, e.id, e.name, e.country, e.type FROM fact_roles fr "
                         f"JOIN entities e ON e.id = fr.entity_id WHERE fr.fact_id IN ({marks}) ORDER BY e.name",
                         **params):
        roles.setdefault(r["fact_id"], {}).setdefault(r["role"], []).append(
            {"id": r["id"], "name": r["name"], "country": r["country"], "type": r["type"]})
    return [_fact(r, roles.get(r["id"], {})) for r in rows]


def _fact(r: dict[str, Any], roles: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {"id": r["id"], "doc": r["doc_id"], "type": r["type"], "status": r["status"], "roles": roles,
            "amount": None if r["amount_value"] is None else {"value": r["amount_value"],
                                                              "currency": r["amount_currency"],
                                                              "qualifier": r["amount_qualifier"]},
            "amount_eur": r["amount_eur"], "share_of_gdp": r["share_of_gdp"],
            "items": json.loads(r["items"] or "[]"), "date": r["date"], "date_source": r["date_source"],
            "cumulative": bool(r["cumulative"]),
            "evidence": {"text": r["evidence_text"], "start": r["evidence_start"], "end": r["evidence_end"]},
            "confidence": r["confidence"], "corrected": bool(r["corrected"]), "wrong": bool(r["wrong"]),
            "doc_title": r.get("doc_title"), "doc_published": r.get("doc_published"),
            "doc_source": r.get("doc_source"), "url": _source_url(r.get("doc_url"), r.get("doc_source"))}


def _source_url(url: Optional[str], source: Optional[str]) -> Optional[str]:
    """The article's address: its stored url, else a source that is itself an http(s) address."""
    return url or (source if (source or "").startswith(("http://", "https://")) else None)


# Roles sums can be taken by.
SUM_ROLES = ("donor", "recipient", "funder", "buyer", "supplier")
PERIOD_WIDTH = {"year": 4, "month": 7}
# The period of a fact with neither a date nor a dated document.
UNDATED = "undated"
# Two reports are one amount when their values differ by at most this fraction of the larger (the reference
# scorer's amount tolerance, shared/eval/FORMAT.md) and their type, roles, currency and year agree.
SAME_AMOUNT = 0.02


def sums(store: Store, by: str = "donor", type: str = "aid", period: str = "year") -> list[dict[str, Any]]:
    """Euros by actor (the role `by`) and period, each cell with the facts it adds and every claim behind it.

    A cell (`actor`, `actor_name`, `period`, `total_eur`, `adds`, `claims`, `totals_to_date`) adds only new
    amounts: `adds` lists the fact ids summed into `total_eur`. The same amount reported again (by another
    article, or a headline restating the lead; see SAME_AMOUNT) is listed in `claims` with `counted` false and `repeat_of` naming the fact
    counted in its stead, in that fact's cell. A total to date (a cumulative fact) is a claim about the total,
    never added to the amounts it contains: it is listed in `totals_to_date` only. Facts with no date and no
    dated document fall in the period "undated". Cells are ordered by actor name, then period (undated last).
    """
    if by not in SUM_ROLES:
        raise DossierError(f"cannot sum by {by!r} (choose from {', '.join(SUM_ROLES)})")
    width = PERIOD_WIDTH.get(period)
    if width is None:
        raise DossierError(f"unknown period {period!r} (year or month)")
    facts = _money_facts(store, type)
    counted_as = _count_once(facts)
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for f in sorted(facts.values(), key=_report_order):
        home = facts[counted_as.get(f["id"], f["id"])]
        when = home["day"][:width] if home["day"] else UNDATED
        for actor_id, actor_name in f["actors"].get(by, []):
            cell = cells.setdefault((actor_id, when), {"actor": actor_id, "actor_name": actor_name, "period": when,
                                                       "total_eur": 0.0, "adds": [], "claims": [],
                                                       "totals_to_date": []})
            _add_claim(cell, f, counted_as)
    return sorted(cells.values(), key=lambda c: (c["actor_name"], c["period"] == UNDATED, c["period"]))


def sums_table(cells: list[dict[str, Any]]) -> dict[str, Any]:
    """`sums()` as an actor x period table (the totals page: table and bar chart): `periods` in order, undated
    last, and a row per actor, largest total first, with its `total_eur` and its cells by period (each cell as
    `sums()` gives it, so every figure links to the facts it adds)."""
    periods = sorted({c["period"] for c in cells}, key=lambda p: (p == UNDATED, p))
    rows: dict[str, dict[str, Any]] = {}
    for c in cells:
        row = rows.setdefault(c["actor"], {"actor": c["actor"], "actor_name": c["actor_name"], "total_eur": 0.0,
                                           "cells": {}})
        row["cells"][c["period"]] = c
        row["total_eur"] += c["total_eur"]
    return {"periods": periods, "rows": sorted(rows.values(), key=lambda r: (-r["total_eur"], r["actor_name"]))}


def _money_facts(store: Store, type: str) -> dict[str, dict[str, Any]]:
    """Facts of a type with an amount in euros, with their documents and every role (entity id, name)."""
    rows = store.query("SELECT f.id, f.amount_eur, f.amount_value, f.amount_currency, f.amount_qualifier, f.status, "
                       "f.cumulative, coalesce(f.date, d.published) AS day, d.id AS doc, d.source, d.url, d.title, "
                       "d.published FROM facts f JOIN documents d ON d.id = f.doc_id "
                       "WHERE f.type = :t AND f.amount_eur IS NOT NULL AND f.wrong = 0", t=type)
    facts = {r["id"]: {**r, "actors": {}} for r in rows}
    for r in store.query("SELECT fr.fact_id, fr.role, e.id, e.name FROM fact_roles fr JOIN facts f ON f.id = fr.fact_id "
                         "JOIN entities e ON e.id = fr.entity_id WHERE f.type = :t AND f.amount_eur IS NOT NULL AND f.wrong = 0 "
                         "ORDER BY e.name, e.id", t=type):
        if r["fact_id"] in facts:
            facts[r["fact_id"]]["actors"].setdefault(r["role"], []).append((r["id"], r["name"]))
    return facts


def _report_order(f: dict[str, Any]) -> tuple[str, str, str]:
    """Earliest report first: the first article to state an amount is the one counted."""
    return (f["published"] or "~", f["day"] or "~", f["id"])


def _count_once(facts: dict[str, dict[str, Any]]) -> dict[str, str]:
    """fact id -> id of the earlier report of the same amount that is counted in its stead (repeats only)."""
    counted: dict[tuple, list[dict[str, Any]]] = {}
    repeat_of: dict[str, str] = {}
    for f in sorted(facts.values(), key=_report_order):
        if f["cumulative"] or f["amount_value"] is None:
            continue
        roles = tuple(sorted((role, eid) for role, ents in f["actors"].items() for eid, _ in ents))
        key = (roles, f["amount_currency"], (f["day"] or "")[:4])
        same = next((c for c in counted.get(key, []) if _same_amount(c["amount_value"], f["amount_value"])), None)
        if same is None:
            counted.setdefault(key, []).append(f)
        else:
            repeat_of[f["id"]] = same["id"]
    return repeat_of


def _same_amount(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_AMOUNT * max(abs(a), abs(b))


def _add_claim(cell: dict[str, Any], f: dict[str, Any], repeat_of: dict[str, str]) -> None:
    counted = not f["cumulative"] and f["id"] not in repeat_of
    claim = {"fact": f["id"], "amount_eur": f["amount_eur"], "amount": f["amount_value"],
             "currency": f["amount_currency"], "qualifier": f["amount_qualifier"], "status": f["status"],
             "date": f["day"], "cumulative": bool(f["cumulative"]), "counted": counted,
             "repeat_of": repeat_of.get(f["id"]), "doc": f["doc"], "source": f["source"], "url": f["url"],
             "title": f["title"], "published": f["published"]}
    if f["cumulative"]:
        cell["totals_to_date"].append(claim)
        return
    cell["claims"].append(claim)
    if counted:
        cell["total_eur"] += f["amount_eur"]
        cell["adds"].append(f["id"])


def claims(store: Store, donor: Optional[str] = None, recipient: Optional[str] = None, type: str = "aid") -> list[dict[str, Any]]:
    """One quantity as reported over time: every amount stated for donor -> recipient, by publication date and
    source ("more than €705 m" on one date, "€910 m" on another). `cumulative` marks a total to date (a claim
    about the total, which sums never add); `url` is the article's address."""
    sql = ("SELECT f.id, f.amount_value, f.amount_currency, f.amount_qualifier, f.amount_eur, f.status, f.date, "
           "f.cumulative, d.published, d.source, d.url, d.title, d.id AS doc, f.evidence_text "
           "FROM facts f JOIN documents d ON d.id = f.doc_id "
           "WHERE f.type = :t AND f.amount_value IS NOT NULL")
    params: dict[str, Any] = {"t": type}
    for role, val in (("donor", donor), ("recipient", recipient)):
        if val:
            sql += (f" AND f.id IN (SELECT fr.fact_id FROM fact_roles fr JOIN entities e ON e.id = fr.entity_id "
                    f"WHERE fr.role = :{role}r AND (e.id = :{role} OR e.country = upper(:{role}) OR e.name = :{role}))")
            params[role] = val
            params[f"{role}r"] = role
    sql += " ORDER BY coalesce(d.published, f.date) NULLS FIRST, f.id"
    rows = store.query(sql, **params)
    for r in rows:
        r["cumulative"] = bool(r["cumulative"])
    return rows


def graphml(store: Store) -> str:
    """The entity-fact graph: entities and facts as nodes, roles as edges."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '<key id="label" for="node" attr.name="label" attr.type="string"/>',
           '<key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '<key id="country" for="node" attr.name="country" attr.type="string"/>',
           '<key id="eur" for="node" attr.name="amount_eur" attr.type="double"/>',
           '<key id="role" for="edge" attr.name="role" attr.type="string"/>',
           '<graph id="dossier" edgedefault="directed">']
    for e in store.query("SELECT id, type, name, country FROM entities WHERE id IN (SELECT entity_id FROM fact_roles)"):
        out.append(f'<node id="{escape(e["id"])}"><data key="label">{escape(e["name"])}</data>'
                   f'<data key="kind">{escape(e["type"])}</data><data key="country">{escape(e["country"] or "")}</data></node>')
    for f in store.query("SELECT id, type, status, amount_eur FROM facts"):
        eur = f'<data key="eur">{f["amount_eur"]}</data>' if f["amount_eur"] is not None else ""
        out.append(f'<node id="{escape(f["id"])}"><data key="label">{escape(f["type"])} ({escape(f["status"])})</data>'
                   f'<data key="kind">fact</data>{eur}</node>')
    for n, r in enumerate(store.query("SELECT fact_id, role, entity_id FROM fact_roles")):
        out.append(f'<edge id="r{n}" source="{escape(r["entity_id"])}" target="{escape(r["fact_id"])}">'
                   f'<data key="role">{escape(r["role"])}</data></edge>')
    out += ["</graph>", "</graphml>"]
    return "\n".join(out)


def claim_pairs(store: Store, type: str = "aid") -> list[dict[str, Any]]:
    """Donor -> recipient pairs with the number of amounts stated for them (`claims`) and of those with a date and
    a value in euros (`plotted`, what the claims chart can place), most plotted first (the claims view offers
    them as a choice)."""
    return store.query("SELECT d.id AS donor, d.name AS donor_name, r.id AS recipient, r.name AS recipient_name, "
                       "count(DISTINCT f.id) AS claims, count(DISTINCT CASE WHEN f.amount_eur IS NOT NULL AND "
                       "coalesce(doc.published, f.date) IS NOT NULL THEN f.id END) AS plotted FROM facts f "
                       "JOIN documents doc ON doc.id = f.doc_id "
                       "JOIN fact_roles fd ON fd.fact_id = f.id AND fd.role = 'donor' JOIN entities d ON d.id = fd.entity_id "
                       "JOIN fact_roles fr ON fr.fact_id = f.id AND fr.role = 'recipient' "
                       "JOIN entities r ON r.id = fr.entity_id WHERE f.type = :t AND f.amount_value IS NOT NULL "
                       "GROUP BY d.id, d.name, r.id, r.name ORDER BY plotted DESC, claims DESC, d.name, r.name", t=type)


# The network view's defaults: the most connected actors only, so ~200 documents stay readable.
NETWORK_TOP = 50


def network(store: Store, type: Optional[str] = None, min_weight: int = 1, top: int = NETWORK_TOP) -> dict[str, Any]:
    """Actors linked by the facts they share: the `top` actors by degree (distinct partners over links of at least
    `min_weight` shared facts of `type`, any type when None) and the links among them. `total_nodes` and
    `total_links` count what the filters let through before the cut to `top`."""
    pairs, facts_of = _shared_facts(store, type)
    links = {k: v for k, v in pairs.items() if v["facts"] >= min_weight}
    degree: dict[str, int] = {}
    weight: dict[str, int] = {}
    for (a, b), link in links.items():
        for n in (a, b):
            degree[n] = degree.get(n, 0) + 1
            weight[n] = weight.get(n, 0) + link["facts"]
    keep = sorted(degree, key=lambda n: (-degree[n], -weight[n], n))[: max(1, top)]
    nodes = _entities_by_id(store, keep)
    out_nodes = [{**nodes[n], "degree": degree[n], "weight": weight[n], "facts": len(facts_of[n])}
                 for n in keep if n in nodes]
    kept = set(keep)
    out_links = [v for (a, b), v in links.items() if a in kept and b in kept]
    return {"nodes": out_nodes, "links": out_links, "total_nodes": len(degree), "total_links": len(links)}


def _shared_facts(store: Store, type: Optional[str]) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, set]]:
    """(a, b) -> {source, target, facts, types} for every two actors in one fact, and entity -> its fact ids."""
    sql = "SELECT fr.fact_id, fr.entity_id, f.type FROM fact_roles fr JOIN facts f ON f.id = fr.fact_id"
    rows = store.query(sql + " WHERE f.type = :t", t=type) if type else store.query(sql)
    members: dict[str, tuple[str, set[str]]] = {}
    facts_of: dict[str, set] = {}
    for r in rows:
        members.setdefault(r["fact_id"], (r["type"], set()))[1].add(r["entity_id"])
        facts_of.setdefault(r["entity_id"], set()).add(r["fact_id"])
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for ftype, ents in members.values():
        ordered = sorted(ents)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                link = pairs.setdefault((a, b), {"source": a, "target": b, "facts": 0, "types": []})
                link["facts"] += 1
                if ftype not in link["types"]:
                    link["types"].append(ftype)
    return pairs, facts_of


def _entities_by_id(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    marks = ",".join(f":i{n}" for n in range(len(ids)))
    rows = store.query(f"SELECT id, name, type, country FROM entities WHERE id IN ({marks})",
                       **{f"i{n}": i for n, i in enumerate(ids)})
    return {r["id"]: r for r in rows}


def places(store: Store) -> list[dict[str, Any]]:
    """Geocoded places (entities of type place with coordinates), most mentioned first. A name that is a known
    person's surname ("Obama", "Taylor": a US president is no town in Japan) or that is not capitalised
    ("metro") is not placed: the recogniser took a person or a common word for a town."""
    rows = store.query("SELECT e.id, e.name, e.type, e.country, e.lat, e.lon, count(m.entity_id) AS mentions "
                       "FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id "
                       "WHERE e.type = 'place' AND e.lat IS NOT NULL AND e.lon IS NOT NULL "
                       "GROUP BY e.id, e.name, e.type, e.country, e.lat, e.lon ORDER BY mentions DESC, e.name")
    surnames = {fold(r["name"].split()[-1]) for r in store.query("SELECT name FROM entities WHERE type = 'person'")
                if r["name"].strip()}
    return [r for r in rows if r["name"][:1].isupper() and fold(r["name"]) not in surnames]


def countries(store: Store) -> list[dict[str, Any]]:
    """Per country (ISO 3166 alpha-2, with its numeric code and name, as the map's shapes are keyed): the facts
    naming an actor of that country (the state, its organisations or people) and the mentions of the country
    itself. Most facts first."""
    facts = store.query("SELECT e.country, count(DISTINCT fr.fact_id) AS n FROM fact_roles fr "
                        "JOIN entities e ON e.id = fr.entity_id WHERE e.country IS NOT NULL GROUP BY e.country")
    mentions = store.query("SELECT e.country, count(*) AS n FROM mentions m JOIN entities e ON e.id = m.entity_id "
                           "WHERE e.type = 'country' AND e.country IS NOT NULL GROUP BY e.country")
    out: dict[str, dict[str, Any]] = {}
    for key, rows in (("facts", facts), ("mentions", mentions)):
        for r in rows:
            iso = r["country"]
            out.setdefault(iso, {"country": iso, "numeric": _numeric(iso), "name": gazetteer.countries().name(iso),
                                 "facts": 0, "mentions": 0})[key] = r["n"]
    return sorted(out.values(), key=lambda c: (-c["facts"], -c["mentions"], c["country"]))


def _numeric(iso: str) -> Optional[str]:
    import pycountry

    c = pycountry.countries.get(alpha_2=iso)
    return c.numeric if c else None


# The timeline lists at most this many facts of each kind (dated, undated): a page, not an export.
TIMELINE_MAX = 2000


def timeline(store: Store, type: Optional[str] = None) -> dict[str, Any]:
    """Facts over time: `dated` oldest first, each with `when` (its own date, else its article's) and
    `when_source` (stated or publication); `undated` the facts with neither, listed apart."""
    dated, undated = [], []
    offset = 0
    while len(dated) < TIMELINE_MAX and len(undated) < TIMELINE_MAX:
        rows = facts_query(store, type=type, sort="date", limit=500, offset=offset)["items"]
        for r in rows:
            when = r["date"] or r["doc_published"]
            r["when"], r["when_source"] = when, ("stated" if r["date"] else "publication" if when else None)
            (dated if when else undated).append(r)
        if len(rows) < 500:
            break
        offset += 500
    return {"dated": dated[:TIMELINE_MAX], "undated": undated[:TIMELINE_MAX]}
