#!/usr/bin/env python3
"""How fast every page renders at the issue-10 scale: a real `dossier serve` over the 200-document workbench
corpus (tests/corpus200.py: the article-extraction pages and ../shared/corpus/dev, ~237 documents, built and
ingested here unless --db names a copy) and Debian's Chromium driven by Playwright.

A page is rendered at its `load` event, or for a view that draws itself (network, map, timeline, claims) when its
script marks `<body data-ready>` (performance mark "dossier-ready", set in the frame after drawing), or for the API
docs when Swagger UI has drawn the operations. Times are the browser's own (from navigation start), one cold visit
(empty cache) then the median and slowest of --runs warm visits. Pages over their goal are flagged: 2 s for every
page, 0.7 s for the lists (search, documents, entities, facts). A page this branch does not have (404) is listed as
missing.

Usage: python benchmarks/ui_speed.py [--db FILE] [--runs 5] [--screenshots docs/screenshots]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
from tests.corpus200 import available, ingest_into  # noqa: E402
from tests.browsing import launch  # noqa: E402
from tests.live import serve_process  # noqa: E402

VIEW_GOAL, LIST_GOAL = 2.0, 0.7
READY = "body[data-ready]"
# (name, path, goal in seconds, what marks it rendered: None for the load event, else a selector)
PAGES = [
    ("search", "/", LIST_GOAL, None),
    ("search: a query", "/?q=ukraine", LIST_GOAL, None),
    ("documents", "/documents", LIST_GOAL, None),
    ("entities", "/entities", LIST_GOAL, None),
    ("facts", "/facts", LIST_GOAL, None),
    ("totals", "/totals", VIEW_GOAL, None),
    ("a document", "/documents/{doc}", VIEW_GOAL, None),
    ("an entity", "/entities/{entity}", VIEW_GOAL, None),
    ("timeline", "/timeline", VIEW_GOAL, READY),
    ("claims", "/claims", VIEW_GOAL, READY),
    ("network", "/network", VIEW_GOAL, READY),
    ("map", "/map", VIEW_GOAL, READY),
    ("jobs", "/jobs", VIEW_GOAL, None),
    ("API docs", "/docs", VIEW_GOAL, ".swagger-ui .opblock"),
]
# The views photographed for docs/screenshots (file name, path, where to scroll first).
SHOTS = [("network", "/network", None), ("map", "/map", None), ("timeline", "/timeline", None),
         ("timeline-undated", "/timeline", "#undated"), ("claims", "/claims", None)]
RENDERED = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const mark = performance.getEntriesByName("dossier-ready").pop();
  return Math.max(nav.loadEventEnd, mark ? mark.startTime : 0) / 1000;
}"""


def sample_ids(db: str) -> dict[str, str]:
    """The document and the entity with the most facts, for the detail pages."""
    from dossier.store import Store

    s = Store(db)
    try:
        doc = s.query("SELECT doc_id AS id FROM facts GROUP BY doc_id ORDER BY count(*) DESC, doc_id LIMIT 1")
        ent = s.query("SELECT entity_id AS id FROM fact_roles GROUP BY entity_id ORDER BY count(*) DESC, entity_id "
                      "LIMIT 1")
        docs = s.counts()
    finally:
        s.close()
    print(f"corpus: {docs}")
    return {"doc": doc[0]["id"] if doc else "none", "entity": ent[0]["id"] if ent else "none"}


def visit(page, url: str, ready: str | None) -> float:
    """Seconds from navigation start until the page is rendered (see the module docstring)."""
    page.goto(url, wait_until="load")
    if ready:
        page.wait_for_selector(ready, state="attached", timeout=30_000)
    return page.evaluate(RENDERED)


def measure(browser, base: str, ids: dict[str, str], runs: int) -> list[tuple]:
    rows = []
    for name, path, goal, ready in PAGES:
        url = base + path.format(**ids)
        if httpx.get(url, timeout=30).status_code == 404:
            rows.append((name, path, goal, None, None, None))
            continue
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        cold = visit(page, url, ready)
        warm = [visit(page, url, ready) for _ in range(runs)]
        ctx.close()
        rows.append((name, path, goal, cold, statistics.median(warm), max(warm)))
    return rows


def report(rows: list[tuple], runs: int) -> int:
    print(f"\n{'page':<18} {'path':<20} {'goal':>6} {'cold':>7} {'median':>7} {'max':>7}  (seconds; {runs} warm runs)")
    over = 0
    for name, path, goal, cold, med, worst in rows:
        if cold is None:
            print(f"{name:<18} {path:<20} {goal:>6.1f} {'':>7} {'':>7} {'':>7}  missing (404 on this branch)")
            continue
        flag = "OVER GOAL" if med > goal else "ok"
        over += med > goal
        print(f"{name:<18} {path:<20} {goal:>6.1f} {cold:>7.3f} {med:>7.3f} {worst:>7.3f}  {flag}")
    print(f"\n{over} page(s) over their goal (median of warm visits)")
    return over


def screenshots(browser, base: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for name, path, scroll in SHOTS:
        page.goto(base + path, wait_until="load")
        page.wait_for_selector(READY, state="attached", timeout=30_000)
        if scroll:
            page.eval_on_selector(scroll, "e => e.scrollIntoView({block: \"start\"})")
        out = folder / f"{name}.png"
        page.screenshot(path=str(out))
        print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    page.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="a database holding the corpus (a copy: the server may write to it); default: "
                                 "build and ingest tests/corpus200.py's corpus into a temporary one")
    ap.add_argument("--runs", type=int, default=5, help="warm visits per page (default 5)")
    ap.add_argument("--screenshots", type=Path, help="also save a screenshot of each view into this folder")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ui-speed-"))
    try:
        db = args.db
        if db is None:
            if not available():
                raise SystemExit("../shared/benchmarks/article-extraction or ../shared/corpus/dev is missing")
            db = str(tmp / "corpus200.db")
            t = time.perf_counter()
            ingest_into(db, tmp / "corpus")
            print(f"built the corpus in {time.perf_counter() - t:.0f} s")
        ids = sample_ids(db)
        proc, base = serve_process(db)
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = launch(p)
                over = report(measure(browser, base, ids, args.runs), args.runs)
                if args.screenshots:
                    screenshots(browser, base, args.screenshots.resolve())
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
