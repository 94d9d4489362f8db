#!/usr/bin/env python3
"""Ingest throughput with extraction on the real development articles (../shared/corpus/dev), one process.

The spaCy model is loaded once before timing, so the figure is the pipeline's own. Issue 9 asks that this stays
within 10% of what it was before the extraction work. Usage:
  python benchmarks/dev_ingest_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if not DEV.is_dir():
        print(f"development corpus not found at {DEV}", file=sys.stderr)
        return 1
    from dossier.nlp import load
    from dossier.pipeline import ingest
    from dossier.settings import load_config
    from dossier.store import Store

    load()
    files = sorted(str(p) for p in DEV.iterdir() if p.is_file())
    ingest(Store(":memory:"), files[:2], load_config(), progress=False)  # warm the lexicons and patterns
    times, cpu = [], []
    for _ in range(a.runs):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "b.db")
            t0, c0 = time.perf_counter(), _cpu()
            report = ingest(store, files, load_config(), progress=False)
            times.append(time.perf_counter() - t0)
            cpu.append(_cpu() - c0)
            store.close()
    med = statistics.median(times)
    print(f"{len(files)} development articles, {report.facts} facts: median {med:.2f} s over {a.runs} runs "
          f"({len(files) / med * 60:.0f} articles a minute; runs {', '.join(f'{t:.2f}' for t in times)}); "
          f"CPU median {statistics.median(cpu):.2f} s (this process and its workers: steadier than the wall clock "
          f"on a shared machine)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
