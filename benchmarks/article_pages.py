"""The article-extraction benchmark as the scripts that use it read it: ../shared/benchmarks/article-extraction
(181 saved pages, gzipped, with gold bodies and recorded addresses in ground-truth.json), read in place."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "article-extraction"


def open_benchmark(description: str) -> tuple[Path, dict, list[str]]:
    """Reads --limit N and --bench DIR; the benchmark folder, its ground truth and the page keys, sorted (exits
    with one line when the benchmark is not there)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--bench", default=str(BENCH))
    a = ap.parse_args()
    bench = Path(a.bench)
    if not (bench / "ground-truth.json").exists():
        sys.exit(f"benchmark not found at {bench}")
    gt = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    return bench, gt, sorted(gt)[: a.limit]


def page_html(bench: Path, key: str) -> str:
    """One saved page's HTML (undecodable bytes replaced)."""
    return gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
