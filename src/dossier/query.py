"""Queries the API, the web pages and scripts share: documents with their spans, entity and fact filters,
sums by donor and recipient over time with every contributing claim, claims series, and the entity-fact graph.
"""

from __future__ import annotations

import json
from typing import Any, Optional
from xml.sax.saxutils import escape

from sqlalchemy.exc import OperationalError

from .errors import DossierError, QueryError
from .store import SearchHit, Store

FACT_SORTS = {"date": "coalesce(f.date, d.published)", "-date": "coalesce(f.date, d.published) DESC",
              "amount": "f.amount_eur", "-amount": "f.amount_eur DESC", "confidence": "f.confidence DESC"}


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(int(limit), 500)), max(0, int(offset))


def _date_range(where: list[str], params: dict[str, Any], column: str, date_from: Optional[str],
                date_to: Optional[str]) -> None:
    """Adds `column` between date_from and date_to (ISO prefixes) to a WHERE list."""
    if date_from:
        where.append(f"{column} >= :df")
        params["df"] = date_from
    if date_to:
        where.append(f"{column} <= :dt")
        params["dt"] = date_to


QUERY_HELP = "write words that must all occur, OR between two words, word* for a prefix (e.g. radar OR sonar)"


def search(store: Store, q: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Full-text search, best first; a query the index cannot read is a QueryError saying how to write one."""
    try:
        return store.search(q, limit=limit, offset=offset)
    except OperationalError as e:
        if "fts5" not in str(e.orig).lower():
            raise
        reason = str(e.orig).removeprefix("fts5: ")
        raise QueryError(f"search {q[:200]!r}: cannot read the query ({reason}); {QUERY_HELP}") from None


def documents(store: Store, q: Optional[str] = None, outlet: Optional[str] = None, date_from: Optional[str] = None,
              date_to: Optional[str] = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    limit, offset = _page(limit, offset)
    if q:
        hits = search(store, q, limit=limit, offset=offset)
        items = [{"id": h.id, "title": h.title, "source": h.source, "published": h.published, "snippet": h.snippet}
                 for h in hits]
        return {"items": items, "limit": limit, "offset": offset}
    where, params = ["1=1"], {}
    if outlet:
        where.append("outlet = :outlet")
        params["outlet"] = outlet
    _date_range(where, params, "published", date_from, date_to)
    rows = store.query(f"SELECT id, title, source, published, outlet, substr(text, 1, 240) AS snippet FROM documents "
                       f"WHERE {' AND '.join(where)} ORDER BY published DESC, rowid LIMIT :l OFFSET :o",
                       **params, l=limit, o=offset)
    total = store.query(f"SELECT count(*) AS n FROM documents WHERE {' AND '.join(where)}", **params)[0]["n"]
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


def document(store: Store, doc_id: str) -> dict[str, Any]:
    d = store.document(doc_id)
    if d is None:
        raise DossierError(f"no document {doc_id}")
    mentions = store.query('SELECT m.start, m."end", m.text, m.type, m.entity_id, e.name AS entity_name FROM mentions m '
                           'LEFT JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = :d ORDER BY m.start', d=doc_id)
    facts = facts_query(store, doc=doc_id, limit=500)["items"]
    return {"id": d.id, "source": d.source, "url": d.url, "title": d.title, "published": d.published,
            "author": d.author, "outlet": d.outlet, "text": d.text, "boilerplate": d.boilerplate,
            "teasers": d.teasers, "mentions": mentions, "facts": facts}


def entities(store: Store, q: Optional[str] = None, type: Optional[str] = None, country: Optional[str] = None,
             limit: int = 50, offset: int = 0) -> dict[str, Any]:
    limit, offset = _page(limit, offset)
    where, params = ["1=1"], {}
    if q:
        where.append("(e.name LIKE :q OR e.aliases LIKE :q)")
        params["q"] = f"%{q}%"
    if type:
        where.append("e.type = :t")
        params["t"] = type
    if country:
        where.append("e.country = :c")
        params["c"] = country.upper()
    w = " AND ".join(where)
    rows = store.query(f"SELECT e.id, e.type, e.name, e.country, e.aliases, e.lat, e.lon, e.parent, "
                       f"(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions FROM entities e "
                       f"WHERE {w} ORDER BY mentions DESC, e.name LIMIT :l OFFSET :o", **params, l=limit, o=offset)
    for r in rows:
        r["aliases"] = json.loads(r["aliases"] or "[]")
    total = store.query(f"SELECT count(*) AS n FROM entities e WHERE {w}", **params)[0]["n"]
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


def facts_query(store: Store, type: Optional[str] = None, status: Optional[str] = None, country: Optional[str] = None,
                role: Optional[str] = None, entity: Optional[str] = None, date_from: Optional[str] = None,
                date_to: Optional[str] = None, min_eur: Optional[float] = None, doc: Optional[str] = None,
                sort: str = "-date", limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Facts filtered by type, status, a country or entity in any (or a given) role, dates and minimum euros."""
    limit, offset = _page(limit, offset)
    if sort not in FACT_SORTS:
        raise DossierError(f"unknown sort {sort!r} (choose from {', '.join(FACT_SORTS)})")
    where, params = ["1=1"], {}
    for col, val in (("f.type", type), ("f.status", status), ("f.doc_id", doc)):
        if val:
            key = col.split(".")[1]
            where.append(f"{col} = :{key}")
            params[key] = val
    if country or entity or role:
        sub = "SELECT fr.fact_id FROM fact_roles fr JOIN entities e ON e.id = fr.entity_id WHERE 1=1"
        if country:
            sub += " AND e.country = :country"
            params["country"] = country.upper()
        if entity:
            sub += " AND e.id = :entity"
            params["entity"] = entity
        if role:
            sub += " AND fr.role = :role"
            params["role"] = role
        where.append(f"f.id IN ({sub})")
    _date_range(where, params, "coalesce(f.date, d.published)", date_from, date_to)
    if min_eur is not None:
        where.append("f.amount_eur >= :me")
        params["me"] = float(min_eur)
    w = " AND ".join(where)
    rows = store.query(f"SELECT f.*, d.title AS doc_title, d.published AS doc_published, d.source AS doc_source "
                       f"FROM facts f JOIN documents d ON d.id = f.doc_id WHERE {w} "
                       f"ORDER BY {FACT_SORTS[sort]}, f.id LIMIT :l OFFSET :o", **params, l=limit, o=offset)
    total = store.query(f"SELECT count(*) AS n FROM facts f JOIN documents d ON d.id = f.doc_id WHERE {w}",
                        **params)[0]["n"]
    return {"items": _with_roles(store, rows), "total": total, "limit": limit, "offset": offset}


def _with_roles(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        return rows
    ids = [r["id"] for r in rows]
    marks = ",".join(f":i{n}" for n in range(len(ids)))
    roles: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for r in store.query(f"SELECT fr.fact_id, fr.role, e.id, e.name, e.country, e.type FROM fact_roles fr "
                         f"JOIN entities e ON e.id = fr.entity_id WHERE fr.fact_id IN ({marks})",
                         **{f"i{n}": i for n, i in enumerate(ids)}):
        roles.setdefault(r["fact_id"], {}).setdefault(r["role"], []).append(
            {"id": r["id"], "name": r["name"], "country": r["country"], "type": r["type"]})
    out = []
    for r in rows:
        out.append({"id": r["id"], "doc": r["doc_id"], "type": r["type"], "status": r["status"],
                    "roles": roles.get(r["id"], {}),
                    "amount": None if r["amount_value"] is None else {"value": r["amount_value"],
                                                                      "currency": r["amount_currency"],
                                                                      "qualifier": r["amount_qualifier"]},
                    "amount_eur": r["amount_eur"], "share_of_gdp": r["share_of_gdp"],
                    "items": json.loads(r["items"] or "[]"), "date": r["date"],
                    "evidence": {"text": r["evidence_text"], "start": r["evidence_start"], "end": r["evidence_end"]},
                    "confidence": r["confidence"], "doc_title": r.get("doc_title"),
                    "doc_published": r.get("doc_published"), "doc_source": r.get("doc_source")})
    return out


def sums(store: Store, by: str = "donor", type: str = "aid", period: str = "year") -> list[dict[str, Any]]:
    """Euros by actor (the role `by`) and period, with every claim that contributes. A claim is one fact; claims
    of one quantity from several sources are all listed, and the sum counts each fact once."""
    if by not in ("donor", "recipient", "funder", "buyer", "supplier"):
        raise DossierError(f"cannot sum by {by!r}")
    width = {"year": 4, "month": 7}.get(period)
    if width is None:
        raise DossierError(f"unknown period {period!r} (year or month)")
    rows = store.query("SELECT f.id, f.amount_eur, f.amount_value, f.amount_currency, f.amount_qualifier, f.status, "
                       "coalesce(f.date, d.published) AS day, e.id AS actor, e.name AS actor_name, d.source, "
                       "d.published FROM facts f JOIN documents d ON d.id = f.doc_id JOIN fact_roles fr ON "
                       "fr.fact_id = f.id AND fr.role = :by JOIN entities e ON e.id = fr.entity_id "
                       "WHERE f.type = :t AND f.amount_eur IS NOT NULL ORDER BY day", by=by, t=type)
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (r["actor"], (r["day"] or "undated")[:width])
        g = groups.setdefault(key, {"actor": r["actor"], "actor_name": r["actor_name"], "period": key[1],
                                    "total_eur": 0.0, "claims": []})
        g["total_eur"] += r["amount_eur"]
        g["claims"].append({"fact": r["id"], "amount_eur": r["amount_eur"], "amount": r["amount_value"],
                            "currency": r["amount_currency"], "qualifier": r["amount_qualifier"],
                            "status": r["status"], "date": r["day"], "source": r["source"]})
    return sorted(groups.values(), key=lambda g: (g["actor_name"], g["period"]))


def claims(store: Store, donor: Optional[str] = None, recipient: Optional[str] = None, type: str = "aid") -> list[dict[str, Any]]:
    """One quantity as reported over time: every amount stated for donor -> recipient, by publication date and
    source ("more than €705 m" on one date, "€910 m" on another)."""
    sql = ("SELECT f.id, f.amount_value, f.amount_currency, f.amount_qualifier, f.amount_eur, f.status, f.date, "
           "d.published, d.source, d.title, d.id AS doc, f.evidence_text FROM facts f JOIN documents d ON d.id = f.doc_id "
           "WHERE f.type = :t AND f.amount_value IS NOT NULL")
    params: dict[str, Any] = {"t": type}
    for role, val in (("donor", donor), ("recipient", recipient)):
        if val:
            sql += (f" AND f.id IN (SELECT fr.fact_id FROM fact_roles fr JOIN entities e ON e.id = fr.entity_id "
                    f"WHERE fr.role = :{role}r AND (e.id = :{role} OR e.country = upper(:{role}) OR e.name = :{role}))")
            params[role] = val
            params[f"{role}r"] = role
    sql += " ORDER BY coalesce(d.published, f.date), f.id"
    return store.query(sql, **params)


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


def network(store: Store, limit: int = 150) -> dict[str, Any]:
    """Actors linked by the facts they share (for the network view)."""
    nodes = store.query("SELECT e.id, e.name, e.type, e.country, count(DISTINCT fr.fact_id) AS facts FROM fact_roles fr "
                        "JOIN entities e ON e.id = fr.entity_id GROUP BY e.id ORDER BY facts DESC LIMIT :l", l=limit)
    ids = {n["id"] for n in nodes}
    links: dict[tuple[str, str], dict[str, Any]] = {}
    for r in store.query("SELECT a.entity_id AS a, b.entity_id AS b, f.type FROM fact_roles a JOIN fact_roles b ON "
                         "a.fact_id = b.fact_id AND a.entity_id < b.entity_id JOIN facts f ON f.id = a.fact_id"):
        if r["a"] in ids and r["b"] in ids:
            link = links.setdefault((r["a"], r["b"]), {"source": r["a"], "target": r["b"], "facts": 0, "types": []})
            link["facts"] += 1
            if r["type"] not in link["types"]:
                link["types"].append(r["type"])
    return {"nodes": nodes, "links": list(links.values())}


def places(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT e.id, e.name, e.country, e.lat, e.lon, count(m.entity_id) AS mentions FROM entities e "
                       "LEFT JOIN mentions m ON m.entity_id = e.id WHERE e.type = 'place' AND e.lat IS NOT NULL "
                       "GROUP BY e.id ORDER BY mentions DESC")


def timeline(store: Store, type: Optional[str] = None) -> list[dict[str, Any]]:
    rows = facts_query(store, type=type, sort="date", limit=500)["items"]
    return [r for r in rows if r["date"] or r["doc_published"]]
