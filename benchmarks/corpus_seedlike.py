"""Seed-like articles for speed benchmarks: each is 8-14 sentences drawn at random from the bundled sample
corpus (examples/corpus), with the country names shuffled, so no two are near-duplicates of each other but the
language is that of real defence news."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "corpus"
SWAP = ["Lithuania", "Latvia", "Estonia", "Poland", "Finland", "Denmark", "Norway", "Sweden", "Germany", "Czechia"]


def sentences() -> list[str]:
    from dossier.clean import normalise, prepare
    from dossier.model import RawArticle

    out = []
    for p in sorted(SAMPLE.glob("*.txt")):
        d = prepare(RawArticle(source=str(p), text=normalise(p.read_text(encoding="utf-8"))))
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", d.text) if len(s.split()) > 5]
    return out


def write_corpus(folder: Path, n: int, seed: int = 3) -> Path:
    rng = random.Random(seed)
    pool = sentences()
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(n):
        a, b = rng.sample(SWAP, 2)
        sents = [s.replace("Lithuania", a).replace("Lithuanian", a + "n").replace("Ukraine", b)
                 for s in rng.sample(pool, rng.randint(8, 14))]
        paras = ["\n\n".join(" ".join(sents[j:j + 2]) for j in range(0, len(sents), 2))]
        lines.append(json.dumps({"title": f"{a} and {b} report {i}", "text": paras[0] + f"\n\nReference {i}.",
                                 "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}))
    (folder / "seedlike.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
