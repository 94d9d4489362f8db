"""Analyst corrections of entities (merge, split, rename) and of facts (wrong, or a corrected type, status,
date, amount or roles). Each is recorded (`entity_corrections`, `fact_corrections`) and applied at once;
`apply_corrections()` replays them all after every ingest or re-extraction, so a correction outlives the
automatic extraction and resolution it overrides.

- merge A into B: A's mentions, fact roles and aliases go to B; extraction that later yields A yields B
- split A FORM: the mentions of A written FORM (case and diacritics folded) become an entity of their own
- rename A NAME: A's canonical name is NAME; the old name stays an alias
- correct FACT: by the fact's content-derived id, stable across re-extraction; a fact marked wrong is left out
  of lists, sums and exports (and listed by `fact_corrections()`); a corrected one is flagged `corrected`
"""

from __future__ import annotations

import json
from typing import Any, Optional

from sqlalchemy import text

from .errors import DossierError
from .filters import is_date, resolve_entities
from .gazetteer import fold
from .model import FACT_TYPES, QUALIFIERS, STATUSES, make_id
from .store import Store, now
from .values.money import to_eur


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
        # after the entity corrections, so that a fact's corrected roles name entities as they now stand
        fixes = c.execute(text("SELECT * FROM fact_corrections ORDER BY created_at, fact_id")).fetchall()
        for row in fixes:
            _apply_fact(c, dict(row._mapping))
    return len(rows) + len(fixes)


def corrections(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM entity_corrections ORDER BY seq")


# What a fact correction may set (the API's body, the CLI's options): name -> what it takes.
FACT_CHANGES = {
    "wrong": "true: the fact is wrong (left out of lists, sums and exports); false: it is not",
    "type": "the fact type: " + ", ".join(FACT_TYPES),
    "status": "the status: " + ", ".join(STATUSES),
    "date": "when it happens or happened: YYYY, YYYY-MM or YYYY-MM-DD",
    "amount": "the amount: a number (in the fact's currency) or {value, currency, qualifier}",
    "roles": "roles to set, each a list of entity names or ids: {\"donor\": [\"Germany\"]}; [] removes a role",
    "note": "why (free text)",
}
_FACT_COLUMNS = ("wrong", "type", "status", "date", "amount_value", "amount_currency", "amount_qualifier", "roles",
                 "note")


def correct_fact(store: Store, fact_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Records and applies an analyst's correction of fact `fact_id` (FACT_CHANGES says what `changes` may
    hold); a later correction of the same fact adds to the earlier. Returns the correction as listed."""
    unknown = sorted(set(changes) - set(FACT_CHANGES))
    if unknown:
        raise DossierError(f"cannot correct {', '.join(unknown)} (choose from {', '.join(FACT_CHANGES)})")
    with store.transaction() as c:
        fact = c.execute(text("SELECT * FROM facts WHERE id = :i"), {"i": fact_id}).first()
        if fact is None:
            raise DossierError(f"no fact {fact_id}")
        fact = dict(fact._mapping)
        old = c.execute(text("SELECT * FROM fact_corrections WHERE fact_id = :i"), {"i": fact_id}).first()
        row = dict(old._mapping) if old else {"fact_id": fact_id, "wrong": 0, "created_at": now(),
                                              "original": json.dumps(_as_extracted(c, fact), ensure_ascii=False)}
        row.update(_fact_values(store, fact, row, changes))
        row["updated_at"] = now()
        c.execute(text("DELETE FROM fact_corrections WHERE fact_id = :i"), {"i": fact_id})
        cols = ["fact_id", *_FACT_COLUMNS, "original", "created_at", "updated_at"]
        c.execute(text(f"INSERT INTO fact_corrections ({', '.join(cols)}) VALUES ({', '.join(':' + k for k in cols)})"),
                  {k: row.get(k) for k in cols})
        _apply_fact(c, row)
    return next(f for f in fact_corrections(store) if f["fact_id"] == fact_id)


def _fact_values(store: Store, fact: dict[str, Any], row: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The correction's columns from `changes`, checked; a readable DossierError for a value that cannot be used."""
    out: dict[str, Any] = {}
    if "wrong" in changes:
        if not isinstance(changes["wrong"], bool):
            raise DossierError("wrong: true or false")
        out["wrong"] = int(changes["wrong"])
    for name, choices in (("type", FACT_TYPES), ("status", STATUSES)):
        if changes.get(name) is not None:
            if changes[name] not in choices:
                raise DossierError(f"{name} {changes[name]!r} is not one of {', '.join(choices)}")
            out[name] = changes[name]
    if changes.get("date") is not None:
        out["date"] = _checked_date(str(changes["date"]))
    if changes.get("amount") is not None:
        out.update(_checked_amount(changes["amount"], fact))
    if changes.get("roles") is not None:
        ftype = out.get("type") or row.get("type") or fact["type"]
        merged = {**json.loads(row.get("roles") or "{}"), **_checked_roles(store, changes["roles"], ftype)}
        out["roles"] = json.dumps(merged, ensure_ascii=False)
    if changes.get("note") is not None:
        out["note"] = str(changes["note"])[:1000]
    return out


def _checked_date(v: str) -> str:
    if not is_date(v.strip()):
        raise DossierError(f"date {v!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return v.strip()


def _checked_amount(amount: Any, fact: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(amount, dict):
        amount = {"value": amount}
    try:
        value = float(str(amount.get("value")).replace(",", ""))
    except ValueError:
        raise DossierError(f"amount {amount.get('value')!r} is not a number") from None
    if not 0 <= value <= 1e15:
        raise DossierError(f"amount {value:g} is out of range")
    currency = str(amount.get("currency") or fact["amount_currency"] or "EUR").upper()
    if to_eur(1.0, currency, None) is None:
        raise DossierError(f"currency {currency!r} is not an ISO 4217 code the ECB rates know (e.g. EUR, USD)")
    qualifier = amount.get("qualifier") or "exact"
    if qualifier not in QUALIFIERS:
        raise DossierError(f"qualifier {qualifier!r} is not one of {', '.join(QUALIFIERS)}")
    return {"amount_value": value, "amount_currency": currency, "amount_qualifier": qualifier}


def _checked_roles(store: Store, roles: Any, ftype: str) -> dict[str, list[str]]:
    if not isinstance(roles, dict):
        raise DossierError('roles: an object of role -> entity names, e.g. {"donor": ["Germany"]}')
    allowed = FACT_TYPES[ftype].roles
    out = {}
    for role, names in roles.items():
        if role not in allowed:
            raise DossierError(f"role {role!r} is not a role of {ftype} facts ({', '.join(allowed)})")
        names = [names] if isinstance(names, str) else list(names or [])
        out[role] = [resolve_entities(store, str(n))[0] for n in names]
    return out


def _as_extracted(c, fact: dict[str, Any]) -> dict[str, Any]:
    """The fact before its first correction, for the corrections list."""
    roles: dict[str, list[str]] = {}
    for role, name in c.execute(text("SELECT fr.role, e.name FROM fact_roles fr JOIN entities e ON e.id = fr.entity_id "
                                     "WHERE fr.fact_id = :i ORDER BY fr.role, e.name"), {"i": fact["id"]}):
        roles.setdefault(role, []).append(name)
    amount = None if fact["amount_value"] is None else {
        "value": fact["amount_value"], "currency": fact["amount_currency"], "qualifier": fact["amount_qualifier"]}
    return {"type": fact["type"], "status": fact["status"], "date": fact["date"], "amount": amount, "roles": roles}


def _apply_fact(c, row: dict[str, Any]) -> None:
    """Sets a recorded correction on its fact, when extraction still yields the fact."""
    fact = c.execute(text("SELECT f.date, f.amount_value, f.amount_currency, d.published FROM facts f "
                          "JOIN documents d ON d.id = f.doc_id WHERE f.id = :i"), {"i": row["fact_id"]}).first()
    if fact is None:
        return
    c.execute(text("UPDATE facts SET corrected = 1, wrong = :w, type = coalesce(:t, type), "
                   "status = coalesce(:s, status), date = coalesce(:d, date), "
                   "date_source = CASE WHEN :d IS NULL THEN date_source ELSE 'stated' END WHERE id = :i"),
              {"w": row["wrong"], "t": row.get("type"), "s": row.get("status"), "d": row.get("date"),
               "i": row["fact_id"]})
    if row.get("amount_value") is not None:
        on = row.get("date") or fact[0] or fact[3]
        c.execute(text("UPDATE facts SET amount_value = :v, amount_currency = :c, amount_qualifier = :q, "
                       "amount_high = NULL, amount_eur = :e WHERE id = :i"),
                  {"v": row["amount_value"], "c": row["amount_currency"], "q": row["amount_qualifier"],
                   "e": to_eur(row["amount_value"], row["amount_currency"], on), "i": row["fact_id"]})
    for role, ids in json.loads(row.get("roles") or "{}").items():
        c.execute(text("DELETE FROM fact_roles WHERE fact_id = :f AND role = :r"), {"f": row["fact_id"], "r": role})
        for eid in dict.fromkeys(ids):
            c.execute(text("INSERT INTO fact_roles (fact_id, role, entity_id) SELECT :f, :r, id FROM entities "
                           "WHERE id = :e ON CONFLICT DO NOTHING"), {"f": row["fact_id"], "r": role, "e": eid})


def fact_corrections(store: Store) -> list[dict[str, Any]]:
    """Every fact correction, newest first: what it sets, the fact as extracted (`original`), and the fact as it
    now stands (`fact`: its evidence and document; None when extraction no longer yields it)."""
    out = []
    for r in store.query("SELECT c.*, f.evidence_text, f.doc_id, d.title, d.url, d.source FROM fact_corrections c "
                         "LEFT JOIN facts f ON f.id = c.fact_id LEFT JOIN documents d ON d.id = f.doc_id "
                         "ORDER BY c.updated_at DESC, c.fact_id"):
        amount = None if r["amount_value"] is None else {
            "value": r["amount_value"], "currency": r["amount_currency"], "qualifier": r["amount_qualifier"]}
        fact = None if r["doc_id"] is None else {"doc": r["doc_id"], "evidence": r["evidence_text"],
                                                 "title": r["title"], "url": r["url"]}
        out.append({"fact_id": r["fact_id"], "wrong": bool(r["wrong"]), "type": r["type"], "status": r["status"],
                    "date": r["date"], "amount": amount, "roles": _role_names(store, json.loads(r["roles"] or "{}")),
                    "note": r["note"], "original": json.loads(r["original"] or "{}"), "fact": fact,
                    "created_at": r["created_at"], "updated_at": r["updated_at"]})
    return out


def _role_names(store: Store, roles: dict[str, list[str]]) -> dict[str, list[str]]:
    ids = [i for v in roles.values() for i in v]
    if not ids:
        return {role: [] for role in roles}
    marks = ",".join(f":i{n}" for n in range(len(ids)))
    names = {r["id"]: r["name"] for r in store.query(f"SELECT id, name FROM entities WHERE id IN ({marks})",
                                                      **{f"i{n}": i for n, i in enumerate(ids)})}
    return {role: [names.get(i, i) for i in v] for role, v in roles.items()}


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
                             "f.amount_eur, f.evidence_text, fr.role, f.doc_id, f.corrected, d.url FROM fact_roles fr "
                             "JOIN facts f ON f.id = fr.fact_id JOIN documents d ON d.id = f.doc_id "
                             "WHERE fr.entity_id = :i AND f.wrong = 0 ORDER BY f.date NULLS FIRST, f.doc_id", i=entity_id)
    e["related"] = store.query("SELECT e.id, e.name, e.type, count(*) AS facts FROM fact_roles a "
                               "JOIN fact_roles b ON a.fact_id = b.fact_id AND b.entity_id != a.entity_id "
                               "JOIN entities e ON e.id = b.entity_id WHERE a.entity_id = :i "
                               "GROUP BY e.id ORDER BY facts DESC LIMIT 50", i=entity_id)
    return e
