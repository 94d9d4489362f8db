"""Analyst corrections of entity resolution: merge, split and rename. Each is recorded in
`entity_corrections` and applied at once; `apply_corrections()` replays them all after every ingest or
re-extraction, so a correction outlives the automatic resolution it overrides.

- merge A into B: A's mentions, fact roles and aliases go to B; extraction that later yields A yields B
- split A FORM: the mentions of A written FORM (case and diacritics folded) become an entity of their own
- rename A NAME: A's canonical name is NAME; the old name stays an alias
"""

from __future__ import annotations

import json
from typing import Any, Optional

from sqlalchemy import text

from .errors import DossierError
from .gazetteer import fold
from .model import make_id
from .store import Store, now


def _entity(c, entity_id: str) -> dict[str, Any]:
    row = c.execute(text("SELECT * FROM entities WHERE id = :i"), {"i": entity_id}).first()
    if row is None:
        raise DossierError(f"no entity {entity_id}")
    return dict(row._mapping)


def _record(c, kind: str, entity_id: str, arg: Optional[str] = None, target: Optional[str] = None) -> None:
    c.execute(text("INSERT INTO entity_corrections (kind, entity_id, arg, target, created_at) VALUES (:k, :e, :a, :t, :n)"),
              {"k": kind, "e": entity_id, "a": arg, "t": target, "n": now()})


def merge(store: Store, source: str, target: str) -> dict[str, Any]:
    """Merges entity `source` into `target`."""
    if source == target:
        raise DossierError("cannot merge an entity into itself")
    with store.transaction() as c:
        _entity(c, source)
        _entity(c, target)
        _record(c, "merge", source, target=target)
        _apply_merge(c, source, target)
        return _entity(c, target)


def split(store: Store, entity_id: str, form: str) -> dict[str, Any]:
    """Moves the mentions of `entity_id` written `form` to a new entity; returns it."""
    with store.transaction() as c:
        e = _entity(c, entity_id)
        n = c.execute(text("SELECT count(*) FROM mentions WHERE entity_id = :e"), {"e": entity_id}).scalar()
        hits = [r for r in c.execute(text("SELECT text FROM mentions WHERE entity_id = :e"), {"e": entity_id})
                if fold(r[0]) == fold(form)]
        if not hits:
            raise DossierError(f"entity {entity_id} has no mention written {form!r}")
        if len(hits) == n:
            raise DossierError(f"every mention of {entity_id} is written {form!r}: nothing would remain")
        new_id = make_id("ent", "split", entity_id, fold(form))
        _record(c, "split", entity_id, arg=form, target=new_id)
        _apply_split(c, entity_id, form, new_id, e)
        return _entity(c, new_id)


def rename(store: Store, entity_id: str, name: str) -> dict[str, Any]:
    if not name.strip():
        raise DossierError("a name cannot be empty")
    with store.transaction() as c:
        _entity(c, entity_id)
        _record(c, "rename", entity_id, arg=name.strip())
        _apply_rename(c, entity_id, name.strip())
        return _entity(c, entity_id)


def _apply_merge(c, source: str, target: str) -> None:
    src = c.execute(text("SELECT name, aliases FROM entities WHERE id = :i"), {"i": source}).first()
    c.execute(text("UPDATE mentions SET entity_id = :t WHERE entity_id = :s"), {"s": source, "t": target})
    c.execute(text("INSERT INTO fact_roles (fact_id, role, entity_id) "
                   "SELECT fact_id, role, :t FROM fact_roles WHERE entity_id = :s ON CONFLICT DO NOTHING"),
              {"s": source, "t": target})
    c.execute(text("DELETE FROM fact_roles WHERE entity_id = :s"), {"s": source})
    if src is not None:
        tgt = c.execute(text("SELECT name, aliases FROM entities WHERE id = :i"), {"i": target}).first()
        if tgt is not None:
            aliases = json.loads(tgt[1] or "[]")
            for a in [src[0]] + json.loads(src[1] or "[]"):
                if a != tgt[0] and a not in aliases:
                    aliases.append(a)
            c.execute(text("UPDATE entities SET aliases = :a WHERE id = :i"),
                      {"a": json.dumps(aliases, ensure_ascii=False), "i": target})
        c.execute(text("DELETE FROM entities WHERE id = :s"), {"s": source})


def _apply_split(c, entity_id: str, form: str, new_id: str, e: Optional[dict] = None) -> None:
    rows = [r for r in c.execute(text('SELECT doc_id, start, "end", text FROM mentions WHERE entity_id = :e'),
                                 {"e": entity_id}) if fold(r[3]) == fold(form)]
    if not rows:
        return
    e = e or c.execute(text("SELECT * FROM entities WHERE id = :i"), {"i": entity_id}).first()._mapping
    c.execute(text("INSERT INTO entities (id, type, name, country, aliases) VALUES (:i, :t, :n, :c, '[]') "
                   "ON CONFLICT DO NOTHING"),
              {"i": new_id, "t": e["type"], "n": form, "c": e["country"]})
    for r in rows:
        c.execute(text('UPDATE mentions SET entity_id = :n WHERE doc_id = :d AND start = :s AND "end" = :e'),
                  {"n": new_id, "d": r[0], "s": r[1], "e": r[2]})
    aliases = [a for a in json.loads(c.execute(text("SELECT aliases FROM entities WHERE id = :i"),
                                               {"i": entity_id}).scalar() or "[]") if fold(a) != fold(form)]
    c.execute(text("UPDATE entities SET aliases = :a WHERE id = :i"),
              {"a": json.dumps(aliases, ensure_ascii=False), "i": entity_id})


def _apply_rename(c, entity_id: str, name: str) -> None:
    row = c.execute(text("SELECT name, aliases FROM entities WHERE id = :i"), {"i": entity_id}).first()
    if row is None:
        return
    aliases = json.loads(row[1] or "[]")
    if row[0] != name and row[0] not in aliases:
        aliases.append(row[0])
    aliases = [a for a in aliases if a != name]
    c.execute(text("UPDATE entities SET name = :n, aliases = :a WHERE id = :i"),
              {"n": name, "a": json.dumps(aliases, ensure_ascii=False), "i": entity_id})


def apply_corrections(store: Store) -> int:
    """Merges what the incremental resolver kept apart, links organisations to their parents, then replays every recorded correction, in order. Returns how many
    corrections there are."""
    from .resolve import consolidate, link_organisations

    consolidate(store)
    link_organisations(store)
    with store.transaction() as c:
        rows = c.execute(text("SELECT kind, entity_id, arg, target FROM entity_corrections ORDER BY seq")).fetchall()
        for kind, entity_id, arg, target in rows:
            if kind == "merge":
                _apply_merge(c, entity_id, target)
            elif kind == "split":
                _apply_split(c, entity_id, arg, target)
            elif kind == "rename":
                _apply_rename(c, entity_id, arg)
    return len(rows)


def corrections(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM entity_corrections ORDER BY seq")


def entity_profile(store: Store, entity_id: str) -> dict[str, Any]:
    """An entity with its aliases, roles over time (title, document, date), facts and co-occurring entities."""
    rows = store.query("SELECT * FROM entities WHERE id = :i", i=entity_id)
    if not rows:
        raise DossierError(f"no entity {entity_id}")
    e = rows[0]
    e["aliases"] = json.loads(e["aliases"] or "[]")
    mentions = store.query('SELECT m.doc_id, m.start, m."end", m.text, m.role, d.published, d.title, d.source '
                           'FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = :i '
                           'ORDER BY d.published NULLS FIRST, m.doc_id, m.start', i=entity_id)
    for m in mentions:
        if m["text"] != e["name"] and m["text"] not in e["aliases"]:
            e["aliases"].append(m["text"])
    roles, seen = [], set()
    for m in mentions:
        if m["role"] and (m["role"], m["doc_id"]) not in seen:
            seen.add((m["role"], m["doc_id"]))
            roles.append({"role": m["role"], "date": m["published"], "doc": m["doc_id"], "source": m["source"]})
    e["roles"] = roles
    e["mentions"] = [{"doc": m["doc_id"], "start": m["start"], "end": m["end"], "text": m["text"]} for m in mentions]
    e["facts"] = store.query("SELECT f.id, f.type, f.status, f.date, f.amount_value, f.amount_currency, "
                             "f.amount_eur, f.evidence_text, fr.role, f.doc_id FROM fact_roles fr JOIN facts f "
                             "ON f.id = fr.fact_id WHERE fr.entity_id = :i ORDER BY f.date NULLS FIRST, f.doc_id", i=entity_id)
    e["related"] = store.query("SELECT e.id, e.name, e.type, count(*) AS facts FROM fact_roles a "
                               "JOIN fact_roles b ON a.fact_id = b.fact_id AND b.entity_id != a.entity_id "
                               "JOIN entities e ON e.id = b.entity_id WHERE a.entity_id = :i "
                               "GROUP BY e.id ORDER BY facts DESC LIMIT 50", i=entity_id)
    return e
