"""Export per the JSON Lines contract (documents.jsonl, entities.jsonl, facts.jsonl) and as CSV.

Files are written to a temporary name and renamed, so an interrupted export never leaves a half file.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from .errors import DossierError
from .store import Store

FORMATS = ("jsonl", "csv")


def document_records(store: Store) -> Iterator[dict[str, Any]]:
    for d in store.iter_documents():
        yield {"id": d.id, "source": d.source, "title": d.title, "published": d.published, "author": d.author,
               "outlet": d.outlet, "url": d.url, "language": d.language, "text": d.text, "boilerplate": d.boilerplate, "teasers": d.teasers}


def entity_records(store: Store) -> list[dict[str, Any]]:
    mentions: dict[str, list[dict[str, Any]]] = {}
    roles: dict[str, list[dict[str, Any]]] = {}
    for m in store.query('SELECT m.entity_id, m.doc_id, m.start, m."end", m.text, m.role, d.published '
                         'FROM mentions m JOIN documents d ON d.id = m.doc_id '
                         'WHERE m.entity_id IS NOT NULL ORDER BY m.doc_id, m.start'):
        mentions.setdefault(m["entity_id"], []).append(
            {"doc": m["doc_id"], "start": m["start"], "end": m["end"], "text": m["text"]})
        if m["role"]:
            roles.setdefault(m["entity_id"], []).append({"role": m["role"], "doc": m["doc_id"], "date": m["published"]})
    out = []
    for e in store.query("SELECT * FROM entities ORDER BY type, name"):
        ms = mentions.get(e["id"], [])
        aliases = []
        for a in json.loads(e["aliases"] or "[]") + [m["text"] for m in ms]:
            if a != e["name"] and a not in aliases:
                aliases.append(a)
        rec = {"id": e["id"], "type": e["type"], "name": e["name"], "aliases": aliases,
               "country": e["country"], "mentions": ms}
        if e.get("parent"):
            rec["parent"] = e["parent"]
        if e.get("lat") is not None:
            rec["lat"], rec["lon"] = e["lat"], e["lon"]
        if roles.get(e["id"]):
            rec["roles"] = roles[e["id"]]
        if rec["mentions"] or rec["aliases"]:
            out.append(rec)
    return out


def fact_records(store: Store) -> list[dict[str, Any]]:
    roles: dict[str, dict[str, list[str]]] = {}
    for r in store.query("SELECT fact_id, role, entity_id FROM fact_roles ORDER BY fact_id, role, entity_id"):
        roles.setdefault(r["fact_id"], {}).setdefault(r["role"], []).append(r["entity_id"])
    out = []
    for f in store.query("SELECT * FROM facts ORDER BY doc_id, evidence_start, id"):
        amount = None
        if f["amount_value"] is not None:
            amount = {"value": f["amount_value"], "currency": f["amount_currency"], "qualifier": f["amount_qualifier"]}
            if f["amount_high"] is not None:
                amount["high"] = f["amount_high"]
        out.append({"id": f["id"], "doc": f["doc_id"], "type": f["type"], "status": f["status"],
                    "roles": roles.get(f["id"], {}), "amount": amount, "amount_eur": f["amount_eur"],
                    "share_of_gdp": f["share_of_gdp"], "items": json.loads(f["items"] or "[]"), "date": f["date"],
                    "date_source": f["date_source"], "cumulative": bool(f["cumulative"]),
                    "evidence": {"text": f["evidence_text"], "start": f["evidence_start"], "end": f["evidence_end"]},
                    "confidence": f["confidence"]})
    return out


def _atomic(path: Path):
    tmp = path.with_name(path.name + ".part")
    return tmp, lambda: os.replace(tmp, path)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    tmp, commit = _atomic(path)
    n = 0
    with open(tmp, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    commit()
    return n


def _cell(v: Any) -> Any:
    if isinstance(v, (list, dict)):
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return "; ".join(v)
        return json.dumps(v, ensure_ascii=False)
    return v


def write_csv(path: Path, records: Iterable[dict[str, Any]], columns: list[str]) -> int:
    tmp, commit = _atomic(path)
    n = 0
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in records:
            w.writerow({k: _cell(v) for k, v in r.items()})
            n += 1
    commit()
    return n


DOC_COLUMNS = ["id", "source", "title", "published", "author", "outlet", "url", "language", "text", "boilerplate", "teasers"]
ENTITY_COLUMNS = ["id", "type", "name", "aliases", "country", "mention_count"]
FACT_COLUMNS = ["id", "doc", "type", "status", "roles", "amount_value", "amount_currency", "amount_qualifier",
                "amount_eur", "share_of_gdp", "items", "date", "date_source", "cumulative", "evidence_text", "evidence_start", "evidence_end",
                "confidence"]


def _flat_fact(f: dict[str, Any]) -> dict[str, Any]:
    a = f["amount"] or {}
    ev = f["evidence"]
    return {**f, "amount_value": a.get("value"), "amount_currency": a.get("currency"),
            "amount_qualifier": a.get("qualifier"), "evidence_text": ev["text"], "evidence_start": ev["start"],
            "evidence_end": ev["end"]}


def export(store: Store, out_dir: str | Path, fmt: str = "jsonl") -> dict[str, int]:
    """Writes documents, entities and facts into `out_dir`; returns how many records each file holds."""
    if fmt not in FORMATS:
        raise DossierError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DossierError(f"{out}: cannot create folder ({e.strerror})") from None
    entities = entity_records(store)
    facts = fact_records(store)
    if fmt == "jsonl":
        return {"documents.jsonl": write_jsonl(out / "documents.jsonl", document_records(store)),
                "entities.jsonl": write_jsonl(out / "entities.jsonl", entities),
                "facts.jsonl": write_jsonl(out / "facts.jsonl", facts)}
    return {"documents.csv": write_csv(out / "documents.csv", document_records(store), DOC_COLUMNS),
            "entities.csv": write_csv(out / "entities.csv", ({**e, "mention_count": len(e["mentions"])}
                                                             for e in entities), ENTITY_COLUMNS),
            "facts.csv": write_csv(out / "facts.csv", (_flat_fact(f) for f in facts), FACT_COLUMNS)}
