#!/usr/bin/env python3
"""Ingest throughput and peak memory on a generated corpus.

Default: 10,000 documents without extraction (clean, dedupe, store). Usage:
  python benchmarks/ingest_speed.py [--docs N] [--extract]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import write_corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--extract", action="store_true", help="run extraction too")
    a = ap.parse_args()
    from dossier.pipeline import ingest
    from dossier.settings import load_config
    from dossier.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", a.docs)
        words = sum(len(p.read_text().split()) for p in corpus.glob("*.txt")) * 2
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        store = Store(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        report = ingest(store, [str(corpus)], load_config(), extract=a.extract, progress=False)
        dt = time.perf_counter() - t0
        t1 = time.perf_counter()
        again = ingest(store, [str(corpus)], load_config(), extract=a.extract, progress=False)
        dt2 = time.perf_counter() - t1
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        store.close()
    n = len(report.new)
    print(f"ingest{' with extraction' if a.extract else ' (no extraction)'}: {a.docs} generated documents, "
          f"{n} new, {len(report.near_duplicate)} near-duplicate, {len(report.failed)} failed")
    print(f"  {dt:.1f} s, {n / dt:.0f} documents/s, {words / dt:.0f} words/s")
    print(f"  re-ingest of the same corpus: {len(again.unchanged)} unchanged in {dt2:.1f} s "
          f"({a.docs / dt2:.0f} documents/s)")
    print(f"  peak memory (max RSS of the process): {peak / 1024:.0f} MB (before ingest {rss0 / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
