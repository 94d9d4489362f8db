#!/usr/bin/env python3
"""Facts Dossier finds in text its rules were never written for: the 181 general news pages of the
article-extraction benchmark (trade, business, sport, politics; almost none about defence cooperation) and the 98
documents of Dstl's re3d (conflict and diplomacy in Iraq and Syria: a few real aid and meeting facts among much
that is not cooperation). Neither has fact gold, so the numbers are a precision probe: every fact found on the
general pages is very likely wrong, and the lists (--list) are there to be read.

Usage: python benchmarks/unwritten_text.py [--list] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from article_pages import BENCH, page_html  # noqa: E402
from re3d_mentions import RE3D  # noqa: E402


def article_pages(limit: int | None) -> list[tuple[str, str]]:
    gt = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    return [(f"{k}.html", page_html(BENCH, k)) for k in sorted(gt)[:limit]]


def re3d_documents(limit: int | None) -> list[tuple[str, str]]:
    out = []
    for d in sorted(p for p in RE3D.iterdir() if p.is_dir()):
        for line in (d / "documents.json").read_text(encoding="utf-8-sig").splitlines():
            if line.strip():
                o = json.loads(line)
                out.append((f"{d.name[:12]}-{o['_id'][:8]}.txt", f"{o['title']}\n\n{o['text']}"))
    return out[:limit]


def facts_of(files: list[tuple[str, str]]) -> tuple[list[dict], int, float]:
    """Ingests the files into a fresh database; the facts (type, status, evidence), the facts' documents and
    the seconds the ingest took."""
    from dossier.pipeline import ingest
    from dossier.settings import load_config
    from dossier.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, text in files:
            (folder / name).write_text(text, encoding="utf-8")
        store = Store(Path(tmp) / "probe.db")
        t0 = time.perf_counter()
        report = ingest(store, sorted(str(p) for p in folder.iterdir()), load_config(), progress=False)
        seconds = time.perf_counter() - t0
        facts = store.query("SELECT type, status, evidence_text AS evidence FROM facts ORDER BY id")
        store.close()
    return facts, len(report.new), seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--list", action="store_true", help="print every fact's type and evidence")
    ap.add_argument("--limit", type=int, default=None, help="documents of each set")
    a = ap.parse_args()
    if not BENCH.exists() or not RE3D.exists():
        print(f"benchmarks not found beside the repository ({BENCH.parent})", file=sys.stderr)
        return 1
    for label, files in (("article-extraction pages (general news)", article_pages(a.limit)),
                         ("re3d documents (conflict and diplomacy)", re3d_documents(a.limit))):
        facts, docs, seconds = facts_of(files)
        per_type = dict(sorted(Counter(f["type"] for f in facts).items()))
        print(f"{label}: {len(files)} files, {docs} stored, {len(facts)} facts "
              f"({100 * len(facts) / max(1, len(files)):.1f} per 100 files) in {seconds:.0f} s; {per_type}")
        if a.list:
            for f in facts:
                print(f"  {f['type']:<15} {f['status']:<10} {f['evidence'][:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
