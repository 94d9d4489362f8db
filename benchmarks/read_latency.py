#!/usr/bin/env python3
"""Read latency while the API ingests: a real `dossier serve` on loopback, an ingest job of about 600 articles
sent through POST /api/ingest (the 181 article-extraction pages and seed-like articles), and 20 reader clients
asking for API data and pages back to back, without pause, for as long as the job runs.

Prints p50/p95/p99 and the slowest read, over all reads and per URL, with the error count; then the same
readers for a few seconds with no job running, for comparison; and the job's own rate.
Usage: python benchmarks/read_latency.py [--readers 20] [--articles 600] [--quiet-seconds 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
import corpus_seedlike  # noqa: E402
from tests.live import dossier_process, serve_process  # noqa: E402

SHARED = ROOT.parent / "shared"
TOKEN = "bench-token"
READS = ["/api/facts", "/api/documents", "/", "/api/entities?type=country", "/api/documents?q=ammunition",
         "/api/facts?type=aid&sort=-amount", "/api/aggregates/claims?donor=LT&recipient=UA", "/documents/{doc}",
         "/api/jobs/{job}"]


def reader(url: str, paths: list[str], stop: threading.Event, out: list, errors: list, offset: int) -> None:
    with httpx.Client(base_url=url, timeout=60) as c:
        n = offset
        while not stop.is_set():
            path = paths[n % len(paths)]
            n += 1
            t = time.perf_counter()
            try:
                r = c.get(path)
                ok = r.status_code == 200
            except httpx.HTTPError as e:
                ok, r = False, e
            ms = (time.perf_counter() - t) * 1000
            (out if ok else errors).append((path.split("?")[0], ms) if ok else (path, str(r)))


def run_readers(url: str, paths: list[str], n: int, until) -> tuple[list, list, float]:
    stop, out, errors = threading.Event(), [], []
    threads = [threading.Thread(target=reader, args=(url, paths, stop, out, errors, i)) for i in range(n)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    until()
    stop.set()
    for t in threads:
        t.join()
    return out, errors, time.monotonic() - t0


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def report(title: str, reads: list, errors: list, seconds: float) -> None:
    ms = [m for _, m in reads]
    print(f"{title}: {len(ms)} reads in {seconds:.0f} s ({len(ms) / seconds:.0f}/s), {len(errors)} errors; "
          f"p50 {pct(ms, 50):.0f} ms, p95 {pct(ms, 95):.0f} ms, p99 {pct(ms, 99):.0f} ms, max {max(ms):.0f} ms")
    for path in sorted({p for p, _ in reads}):
        v = [m for p, m in reads if p == path]
        print(f"    {path:<32} {len(v):>6} reads  p50 {pct(v, 50):>5.0f}  p95 {pct(v, 95):>5.0f}  p99 {pct(v, 99):>5.0f} ms")
    for e in errors[:5]:
        print("    error:", e)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--readers", type=int, default=20)
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--quiet-seconds", type=float, default=15)
    args = ap.parse_args()
    pages = sorted((SHARED / "benchmarks" / "article-extraction" / "html").glob("*.html"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        print("seeding the database with the development set and the sample corpus ...", flush=True)
        dossier_process("ingest", "--db", str(db), str(SHARED / "corpus" / "dev"), str(ROOT / "examples" / "corpus"),
                        "--no-progress", stdout=subprocess.DEVNULL).wait()
        seedlike = corpus_seedlike.write_corpus(Path(tmp) / "seedlike", max(0, args.articles - len(pages)))
        files = [("files", (p.name, p.read_bytes(), "text/html")) for p in pages]
        files += [("files", (p.name, p.read_bytes(), "application/jsonl")) for p in seedlike.iterdir()]
        server, url = serve_process(db, "--token", TOKEN)
        try:
            doc = httpx.get(url + "/api/documents?limit=1").json()["items"][0]["id"]
            quiet = [p.format(doc=doc, job="none") for p in READS if "{job}" not in p]
            reads, errors, secs = run_readers(url, quiet, args.readers, lambda: time.sleep(args.quiet_seconds))
            report(f"{args.readers} readers, no ingest", reads, errors, secs)
            r = httpx.post(url + "/api/ingest", files=files, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
            r.raise_for_status()
            job = r.json()["id"]
            paths = [p.format(doc=doc, job=job) for p in READS]
            state = {}

            def until_done() -> None:
                while True:
                    state.update(httpx.get(f"{url}/api/jobs/{job}", timeout=60).json())
                    if state["status"] not in ("queued", "running"):
                        return
                    time.sleep(0.5)

            reads, errors, secs = run_readers(url, paths, args.readers, until_done)
            report(f"{args.readers} readers during the ingest job", reads, errors, secs)
            c = state["counts"]
            print(f"job {job}: {state['status']}; {c.get('new', 0)} new, {c.get('near_duplicate', 0)} near-duplicate, "
                  f"{c.get('failed', 0)} failed inputs; {c.get('facts', 0)} facts; {secs:.0f} s with the readers "
                  f"(spaCy loading included)")
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
