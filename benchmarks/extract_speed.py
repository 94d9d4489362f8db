#!/usr/bin/env python3
"""Whole ingest with extraction against spaCy's pipeline alone, on the same generated texts and cores.

Prints documents/s and words/s for (a) spaCy alone (nlp.pipe, batch 16, in N worker processes) and (b) Dossier's
full ingest (clean, dedupe, spaCy, mentions, facts, resolution, SQLite writes) with N workers; the ratio of
Dossier's own time beyond spaCy to spaCy's time; and peak memory (max RSS of the main process and a worker).
Usage: python benchmarks/extract_speed.py [--docs 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_gen  # noqa: E402
import corpus_seedlike  # noqa: E402


def _parse(texts: list[str]) -> int:
    from dossier.nlp import load

    nlp = load()
    n = 0
    for _ in nlp.pipe(texts, batch_size=16):
        n += 1
    return n


def _warm() -> None:
    from dossier.nlp import load

    load()


def _child_rss() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--corpus", choices=["seedlike", "generated"], default="seedlike",
                    help="seedlike: sentences of the sample corpus recombined (default); generated: synthetic, dense")
    a = ap.parse_args()
    from dossier.pipeline import ingest
    from dossier.settings import load_config
    from dossier.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        gen = corpus_seedlike if a.corpus == "seedlike" else corpus_gen
        corpus = gen.write_corpus(Path(tmp) / "corpus", a.docs, seed=11)
        texts = []
        for p in sorted(corpus.iterdir()):
            if p.suffix == ".txt":
                texts.append(p.read_text())
            else:
                texts.extend(json.loads(line)["text"] for line in p.read_text().splitlines() if line.strip())
        words = sum(len(t.split()) for t in texts)
        # (a) spaCy alone, same worker layout
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(a.workers, initializer=_warm) as pool:
            pool.map(_warm_noop, range(a.workers))
            t0 = time.perf_counter()
            size = 16
            chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
            pool.map(_parse, chunks, chunksize=1)
            spacy_s = time.perf_counter() - t0
        # (b) Dossier's full ingest
        store = Store(Path(tmp) / "bench.db")
        t1 = time.perf_counter()
        report = ingest(store, [str(corpus)], load_config(workers=a.workers), progress=False)
        dossier_s = time.perf_counter() - t1
        counts = store.counts()
        store.close()
    n = len(texts)
    main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"extraction benchmark: {n} {a.corpus} articles, {words / n:.0f} words each on average, {a.workers} workers")
    print(f"  spaCy alone:      {spacy_s:6.1f} s  {n / spacy_s:6.1f} documents/s  {words / spacy_s:8.0f} words/s")
    print(f"  Dossier ingest:   {dossier_s:6.1f} s  {n / dossier_s:6.1f} documents/s  {words / dossier_s:8.0f} words/s"
          f"  ({60 * n / dossier_s:.0f} articles a minute)")
    print(f"  Dossier's own work beyond spaCy: {(dossier_s - spacy_s) / spacy_s:.2f} x spaCy's time")
    print(f"  stored: {len(report.new)} documents, {counts['mentions']} mentions, {counts['facts']} facts, "
          f"{len(report.failed)} failed")
    print(f"  peak memory: main process {main_rss:.0f} MB, largest worker {_child_rss():.0f} MB")
    return 0


def _warm_noop(_: int) -> None:
    return None


if __name__ == "__main__":
    sys.exit(main())
