#!/usr/bin/env python3
"""HTML body quality on ../shared/benchmarks/article-extraction (181 pages with gold bodies).

Prints precision, recall and F1 (the benchmark's 4-gram shingle method) for trafilatura alone and for
Dossier's cleaner, plus the time per page. Usage: python benchmarks/html_quality.py [--limit N]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from article_pages import open_benchmark, page_html  # noqa: E402
from shingles import page_counts, score  # noqa: E402

def main() -> int:
    bench, gt, keys = open_benchmark(__doc__)
    import trafilatura

    from dossier.clean import normalise
    from dossier.clean.html import extract_html

    pages = {k: page_html(bench, k) for k in keys}
    rows = {}
    for name, fn in (("trafilatura alone", lambda h, u: trafilatura.extract(h, url=u) or ""),
                     ("dossier", lambda h, u: extract_html(normalise(h), url=u).body)):
        t0 = time.perf_counter()
        pairs = [page_counts(gt[k]["articleBody"], fn(pages[k], gt[k].get("url"))) for k in keys]
        dt = time.perf_counter() - t0
        rows[name] = {**score(pairs), "ms_per_page": 1000 * dt / len(keys)}
    print(f"article-extraction benchmark: {len(keys)} pages")
    for name, r in rows.items():
        print(f"  {name:<18} precision={r['precision']:.4f} recall={r['recall']:.4f} F1={r['f1']:.4f} "
              f"({r['ms_per_page']:.1f} ms/page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
