"""Scoring an export against a gold file (shared/eval/FORMAT.md): fact precision, recall and F1 with optional
gold facts neutral and restatements counted as repeats; attribute accuracy on matched pairs; document metadata;
entity-resolution pairwise merge recall and split precision.

`evaluate_gold()` is what `dossier eval` calls: it ingests the articles the gold names into a fresh database,
exports, and scores. The method follows the reference scorer (shared/eval/score.py) step by step; a test
checks that both give the same numbers.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from pathlib import Path
from typing import Any, Optional

from .errors import DossierError
from .gazetteer import countries, fold
from .values.money import to_eur

KEY_ROLES = {
    "aid": [["donor"], ["recipient"]],
    "funding": [["funder", "donor", "investor"], ["recipient", "beneficiary"]],
    "agreement": [["parties", "party", "signatories"]],
    "procurement": [["buyer"]],
    "production": [["producer", "location", "operator"]],
    "spending_target": [["country", "actor"]],
    "meeting": [["participants", "participant", "host", "guest"]],
    "policy": [["actor", "country"]],
}
ROLE_ALIASES = {"donor": {"donor", "funder", "investor"}, "funder": {"donor", "funder", "investor"},
                "recipient": {"recipient", "beneficiary"}, "parties": {"parties", "party", "signatories"},
                "participants": {"participants", "participant", "host", "guest", "persons"},
                "producer": {"producer", "operator", "location"}, "location": {"location", "producer", "operator"},
                "country": {"country", "actor"}, "actor": {"actor", "country"}, "buyer": {"buyer"},
                "supplier": {"supplier", "seller"}}
INTERNATIONAL = {"european union": "EU", "eu": "EU", "the eu": "EU", "european commission": "EU", "nato": "NATO",
                 "north atlantic treaty organization": "NATO", "the alliance": "NATO"}


def iso_of(name_or_code: Any) -> Optional[str]:
    if not name_or_code:
        return None
    s = fold(str(name_or_code))
    if s.upper() in ("EU", "NATO"):
        return s.upper()
    if s in INTERNATIONAL:
        return INTERNATIONAL[s]
    if len(s) == 2 and s.isalpha() and s.upper() in countries().canonical:
        return s.upper()
    hit = countries().lookup(s)
    if hit:
        return hit[0]
    from .extract.mentions import lookup_place

    place = lookup_place(s)
    return place[0] if place else None


def _jsonl(path: Path) -> list[dict]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise DossierError(f"{path}:{n}: not JSON ({e.msg})") from None
    return out


def doc_key(source: str) -> str:
    base = re.split(r"[\\/]", str(source).rstrip("/"))[-1]
    return re.sub(r"\.(txt|html?|json|md)$", "", base)


def _as_list(x):
    return x if isinstance(x, list) else [x]


class Export:
    def __init__(self, folder: Path):
        self.docs = _jsonl(folder / "documents.jsonl")
        self.entities = {e["id"]: e for e in _jsonl(folder / "entities.jsonl")}
        self.facts = _jsonl(folder / "facts.jsonl")
        self.doc_by_key = {doc_key(d.get("source") or d.get("id")): d for d in self.docs}
        self.key_of_doc_id = {d["id"]: k for k, d in self.doc_by_key.items()}

    def countries(self, ids) -> set[str]:
        out = set()
        for i in ids or []:
            e = self.entities.get(i)
            c = iso_of(i) if e is None else (iso_of(e.get("country")) or iso_of(e.get("name")))
            if c:
                out.add(c)
        return out

    def names(self, ids) -> list[str]:
        out = []
        for i in ids or []:
            e = self.entities.get(i)
            out.append(fold(e["name"]) if e else fold(str(i)))
            if e:
                out.extend(fold(a) for a in e.get("aliases", []))
        return out


def _role_values(roles: dict, wanted: set) -> list:
    return [v for r, vs in (roles or {}).items() if r in wanted for v in _as_list(vs)]


def _amount_ok(g: dict, f: dict) -> bool:
    if g.get("amount") and g.get("share_of_gdp") is not None:
        return _amount_one({"amount": g["amount"]}, f) or _amount_one({"share_of_gdp": g["share_of_gdp"]}, f)
    return _amount_one(g, f)


def _amount_one(g: dict, f: dict) -> bool:
    ga = g.get("amount")
    if ga:
        fa = f.get("amount") or {}
        if not fa or fa.get("value") is None:
            return False
        if (fa.get("currency") or "").upper() == ga["currency"].upper():
            return abs(float(fa["value"]) - ga["value"]) <= 0.02 * ga["value"]
        # another currency (an article's own conversion): the euro values within 15%, at ECB reference rates
        on = g.get("date") or f.get("date")
        g_eur = to_eur(float(ga["value"]), ga["currency"].upper(), on)
        f_eur = f.get("amount_eur") or to_eur(float(fa["value"]), (fa.get("currency") or "").upper(), on)
        return bool(g_eur and f_eur) and abs(float(f_eur) - g_eur) <= 0.15 * g_eur
    gs = g.get("share_of_gdp")
    if gs is not None:
        fs = f.get("share_of_gdp")
        return fs is not None and abs(float(fs) - gs) <= 1e-4
    return True


def match_score(g: dict, f: dict, ex: Export) -> Optional[float]:
    """None where the system fact f cannot be the gold fact g; else higher for a better match."""
    if f.get("type") not in _as_list(g["type"]) or not _amount_ok(g, f):
        return None
    score = 1.5 if g.get("amount") or g.get("share_of_gdp") is not None else 1.0  # a matched sum outranks none
    key_roles = KEY_ROLES.get(f.get("type"), KEY_ROLES.get(_as_list(g["type"])[0], []))
    froles = f.get("roles") or {}
    checked = False
    for group in key_roles:
        gvals = [v for r in group for v in (g.get("roles") or {}).get(r, [])]
        if not gvals:
            continue
        gc = {iso_of(v) for v in gvals} - {None}
        wanted = set().union(*(ROLE_ALIASES.get(r, {r}) for r in group))
        fvals = _role_values(froles, wanted)
        if not fvals:
            return None
        fc = ex.countries(fvals)
        if gc and not (gc & fc):
            return None
        checked = True
        score += len(gc & fc) / max(1, len(gc | fc))
    if not checked:
        gall = {iso_of(v) for vs in (g.get("roles") or {}).values() for v in vs} - {None}
        fall = ex.countries([v for vs in froles.values() for v in _as_list(vs)])
        if gall and not (gall & fall):
            return None
    for loc in (g.get("roles") or {}).get("location", []):  # a place (Jonava, Vojens), not a country, must be named
        if not countries().lookup(loc):
            if not any(fold(loc) in n for n in ex.names(_role_values(froles, {"location"}))):
                return None
    ev = fold((f.get("evidence") or {}).get("text", ""))
    if ev and fold(g["evidence"])[:60] in ev:
        score += 1
    return score


def _date_ok(gdate, fdate) -> Optional[bool]:
    if not gdate:
        return None
    if not fdate:
        return False
    f = str(fdate)
    return f.startswith(gdate) or gdate.startswith(f[: len(gdate)]) and len(f) >= len(gdate)


def score(gold_docs: list[dict], ex: Export, ent_gold: Optional[list[dict]] = None) -> dict[str, Any]:
    tp = fp = fn = neutral = repeats = 0
    attr = {"status": [0, 0], "date": [0, 0], "qualifier": [0, 0], "items": [0, 0]}
    per_type: dict[str, list[int]] = {}
    misses, extras = [], []
    meta = {"title": [0, 0], "published": [0, 0]}
    for gd in gold_docs:
        pd = ex.doc_by_key.get(gd["doc"])
        facts = [f for f in ex.facts if pd and ex.key_of_doc_id.get(f.get("doc")) == gd["doc"]]
        if pd is not None:
            for k in ("title", "published"):
                if gd.get(k):
                    meta[k][1] += 1
                    got = fold(pd.get(k) or "") if k == "title" else str(pd.get(k) or "")[:10]
                    meta[k][0] += got == (fold(gd[k]) if k == "title" else gd[k])
        pairs = []
        for gi, g in enumerate(gd["facts"]):
            for fi, f in enumerate(facts):
                s = match_score(g, f, ex)
                if s is not None:
                    pairs.append((s + (0 if g.get("optional") else 10), gi, fi))
        pairs.sort(reverse=True)
        gused: set[int] = set()
        fused: set[int] = set()
        for _, gi, fi in pairs:
            if gi in gused or fi in fused:
                continue
            gused.add(gi)
            fused.add(fi)
            g, f = gd["facts"][gi], facts[fi]
            if g.get("optional"):
                neutral += 1
                continue
            tp += 1
            per_type.setdefault(_as_list(g["type"])[0], [0, 0, 0])[0] += 1
            attr["status"][1] += 1
            attr["status"][0] += f.get("status") in _as_list(g["status"])
            d = _date_ok(g.get("date"), f.get("date"))
            if d is not None:
                attr["date"][1] += 1
                attr["date"][0] += d
            if g.get("amount"):
                attr["qualifier"][1] += 1
                attr["qualifier"][0] += ((f.get("amount") or {}).get("qualifier") or "exact") == g["amount"]["qualifier"]
            if g.get("items"):
                fitems = " | ".join(fold(i) for i in f.get("items") or [])
                for it in g["items"]:
                    attr["items"][1] += 1
                    attr["items"][0] += fold(it).split()[-1].rstrip("s") in fitems
        for gi, g in enumerate(gd["facts"]):
            if gi not in gused and not g.get("optional"):
                fn += 1
                per_type.setdefault(_as_list(g["type"])[0], [0, 0, 0])[2] += 1
                misses.append(f"{gd['doc']}: {_as_list(g['type'])[0]}: {g['evidence'][:90]}")
        for fi, f in enumerate(facts):
            if fi not in fused and any(match_score(gd["facts"][gi], f, ex) is not None for gi in gused):
                repeats += 1
                fused.add(fi)
        for fi, f in enumerate(facts):
            if fi not in fused:
                fp += 1
                per_type.setdefault(f.get("type"), [0, 0, 0])[1] += 1
                extras.append(f"{gd['doc']}: {f.get('type')}: {(f.get('evidence') or {}).get('text', '')[:90]}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    result: dict[str, Any] = {
        "facts": {"tp": tp, "fp": fp, "fn": fn, "neutral": neutral, "repeats": repeats, "precision": round(p, 3),
                  "recall": round(r, 3), "f1": round(f1, 3)},
        "per_type": per_type,
        "attributes": {k: (round(a / b, 3) if b else None) for k, (a, b) in attr.items()},
        "metadata": {k: (round(a / b, 3) if b else None) for k, (a, b) in meta.items()},
        "misses": misses, "extras": extras}
    if ent_gold:
        result["entities"] = score_entities(ent_gold, ex)
    return result


def score_entities(ent_gold: list[dict], ex: Export) -> dict[str, Optional[float]]:
    where: dict[str, set[str]] = {}
    for e in ex.entities.values():
        forms = {fold(e.get("name", ""))} | {fold(a) for a in e.get("aliases", [])}
        forms |= {fold(m.get("text", "")) for m in e.get("mentions", [])}
        for s in forms:
            where.setdefault(s, set()).add(e["id"])
    forms = []
    found = 0
    for gi, ge in enumerate(ent_gold):
        for a in set(ge["aliases"]):
            ids = where.get(fold(a), set())
            found += bool(ids)
            forms.append((gi, fold(a), ids))
    same_ok = same_n = diff_ok = diff_n = 0
    for (g1, a1, i1), (g2, a2, i2) in itertools.combinations(forms, 2):
        if a1 == a2:
            continue
        together = bool(i1 & i2)
        if g1 == g2:
            same_n += 1
            same_ok += together
        else:
            diff_n += 1
            diff_ok += not together
    return {"surface_forms_found": round(found / len(forms), 3) if forms else None,
            "merge_recall": round(same_ok / same_n, 3) if same_n else None,
            "split_precision": round(diff_ok / diff_n, 3) if diff_n else None}


def score_export(gold: str | Path, export_dir: str | Path, entities: Optional[str | Path] = None) -> dict[str, Any]:
    gold_docs = _jsonl(Path(gold))
    ent = _jsonl(Path(entities)) if entities else None
    return score(gold_docs, Export(Path(export_dir)), ent)


def evaluate_gold(gold: str | Path, corpus: Optional[str | Path] = None, entities: Optional[str | Path] = None,
                  db: Optional[str] = None) -> dict[str, Any]:
    """Ingests the articles the gold file names (from `corpus`) into a fresh database and scores them."""
    from .export import export
    from .pipeline import ingest
    from .settings import load_config
    from .store import Store

    gold = Path(gold)
    if not gold.exists():
        raise DossierError(f"{gold}: no such gold file")
    gold_docs = _jsonl(gold)
    folder = Path(corpus) if corpus else gold.parent.parent / "corpus" / "seeds"
    if not folder.is_dir():
        raise DossierError(f"{folder}: corpus folder not found (give --corpus)")
    files = {doc_key(p.name): p for p in folder.rglob("*") if p.is_file()}
    paths, missing = [], []
    for g in gold_docs:
        (paths.append(str(files[g["doc"]])) if g["doc"] in files else missing.append(g["doc"]))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(db or Path(tmp) / "eval.db")
        try:
            report = ingest(store, paths, load_config(), progress=False)
            export(store, Path(tmp) / "out", "jsonl")
        finally:
            store.close()
        result = score_export(gold, Path(tmp) / "out", entities)
    result["missing_documents"] = missing
    result["failed"] = report.failed
    return result


def format_result(r: dict[str, Any]) -> str:
    fa = r["facts"]
    lines = [f"facts: P={fa['precision']} R={fa['recall']} F1={fa['f1']} (tp {fa['tp']}, fp {fa['fp']}, fn {fa['fn']}, "
             f"neutral {fa['neutral']}, repeats {fa['repeats']})",
             "per type [tp, fp, fn]: " + json.dumps(r["per_type"]),
             "attributes on matched: " + json.dumps(r["attributes"]),
             "metadata: " + json.dumps(r["metadata"])]
    if "entities" in r:
        lines.append("entities: " + json.dumps(r["entities"]))
    for m in r.get("misses", []):
        lines.append(f"  MISS {m}")
    for x in r.get("extras", []):
        lines.append(f"  EXTRA {x}")
    for d in r.get("missing_documents", []):
        lines.append(f"  NO ARTICLE for {d}")
    return "\n".join(lines)
