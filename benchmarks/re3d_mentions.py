#!/usr/bin/env python3
"""Mentions against Dstl's re3d gold standard (../shared/benchmarks/re3d): precision and recall per type.

A gold span counts as found when a Dossier mention of a compatible type overlaps it; a Dossier mention counts
as right when it overlaps a gold span of a compatible type. Countries are compatible with Location,
Organisation and Nationality (re3d labels a country as either, by its role in the sentence).
Usage: python benchmarks/re3d_mentions.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

RE3D = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "re3d"
# re3d type -> Dossier mention types that may stand for it
COMPATIBLE = {"Person": {"person"}, "Organisation": {"organization", "country"}, "Location": {"country", "place"},
              "Nationality": {"country"}, "Weapon": {"equipment"}, "MilitaryPlatform": {"equipment"},
              "Money": {"money"}}


def load(folder: Path):
    docs, ents = {}, {}
    for d in sorted(folder.iterdir()):
        if not d.is_dir():
            continue
        for line in (d / "documents.json").read_text(encoding="utf-8").splitlines():
            if line.strip():
                o = json.loads(line)
                docs[o["_id"]] = o["text"]
        for line in (d / "entities.json").read_text(encoding="utf-8").splitlines():
            if line.strip():
                o = json.loads(line)
                ents.setdefault(o["documentId"], []).append((o["begin"], o["end"], o["type"]))
    return docs, ents


def evaluate(folder: Path = RE3D) -> dict[str, dict[str, float]]:
    from dossier.extract.mentions import find_mentions
    from dossier.nlp import load as load_nlp
    from dossier.values.money import find_money

    docs, gold = load(folder)
    nlp = load_nlp()
    tallies = {t: [0, 0, 0, 0] for t in COMPATIBLE}  # gold found, gold total, sys right, sys total
    for (doc_id, text), parsed in zip(docs.items(), nlp.pipe(list(docs.values()), batch_size=16)):
        mine = [(f.start, f.end, f.type) for f in find_mentions(parsed, text)]
        mine += [(m.amount.start, m.amount.end, "money") for m in find_money(text)]
        g = gold.get(doc_id, [])
        for gt, types in COMPATIBLE.items():
            gspans = [(b, e) for b, e, t in g if t == gt]
            sspans = [(b, e) for b, e, t in mine if t in types]
            tallies[gt][0] += sum(any(b < se and sb < e for sb, se in sspans) for b, e in gspans)
            tallies[gt][1] += len(gspans)
            ok_gold = [(b, e) for b, e, t in g if types & COMPATIBLE.get(t, set())]
            tallies[gt][2] += sum(any(b < ge and gb < e for gb, ge in ok_gold) for b, e in sspans)
            tallies[gt][3] += len(sspans)
    return {t: {"recall": round(a / b, 3) if b else None, "precision": round(c / d, 3) if d else None,
                "gold": b, "system": d} for t, (a, b, c, d) in tallies.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if not RE3D.exists():
        print(f"re3d not found at {RE3D}", file=sys.stderr)
        return 1
    res = evaluate()
    if a.json:
        print(json.dumps(res, indent=1))
        return 0
    print("re3d mentions (overlap match; precision counts any compatible gold type):")
    for t, r in res.items():
        print(f"  {t:<17} precision={r['precision']}  recall={r['recall']}  (gold {r['gold']}, system {r['system']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
