#!/usr/bin/env python3
"""Source URLs on ../shared/benchmarks/article-extraction (181 saved pages, each with the address it came from).

Prints how many pages name their own address (canonical link or og:url) when read from a file, how many of
those agree with the benchmark's recorded address (scheme, `www.`, trailing slash and query ignored), and
how many get a URL when the fetched address is known too. Usage: python benchmarks/source_urls.py [--limit N]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from article_pages import open_benchmark, page_html  # noqa: E402

def same_page(a: str, b: str) -> bool:
    """Two addresses of one page: host without `www.` and path without trailing slash agree."""
    pa, pb = urlsplit(a), urlsplit(b)
    host = lambda p: (p.hostname or "").removeprefix("www.")  # noqa: E731
    return host(pa) == host(pb) and pa.path.rstrip("/") == pb.path.rstrip("/")


def main() -> int:
    bench, gt, keys = open_benchmark(__doc__)
    from dossier.clean import normalise
    from dossier.clean.html import page_url

    own = agree = fetched = 0
    t0 = time.perf_counter()
    for k in keys:
        html = normalise(page_html(bench, k))
        url = page_url(html)
        recorded = gt[k].get("url")
        own += url is not None
        agree += bool(url and recorded and same_page(url, recorded))
        fetched += (page_url(html, recorded) or recorded) is not None
    dt = time.perf_counter() - t0
    print(f"article-extraction benchmark: {len(keys)} pages")
    print(f"  the page names its own address (canonical or og:url): {own}/{len(keys)}; "
          f"agrees with the recorded address: {agree}/{own}")
    print(f"  a URL when the fetched address is known too: {fetched}/{len(keys)}")
    print(f"  {1000 * dt / max(1, 2 * len(keys)):.1f} ms per page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
