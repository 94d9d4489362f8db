#!/usr/bin/env python3
"""Distributed ingest (issue 11, item 6): articles per minute and peak memory per worker on a Dask cluster of 1
and 2 workers, the coordinator's overhead, and how corpus-wide resolution grows with the number of mentions.

The corpus: ../shared/corpus/dev (read in place) and --variants generated variants of it (tests/variants.py:
copies, near-duplicates, round-ups). For each worker count a stock `dask scheduler` and `dask worker` processes
(one thread each) are started on loopback (tests/dask_cluster.py), and `pipeline.ingest` runs here, the
coordinator, into a fresh SQLite database. Printed per run: wall time; articles read and new (extracted) articles
per minute; the peak memory (max RSS) of each worker and of the coordinator; the coordinator's CPU time (its share
of the wall time, and per article): the central work of duplicate decisions, entity resolution, writes and
consolidation, plus talking to the cluster. `--baseline` also runs the single process (`--workers 1`, no cluster).

`--compare` checks item 5 at this scale: a 2-worker run into PostgreSQL (a throwaway cluster, as the tests start)
against the single-process SQLite run: the same documents, entities and facts, ids included.

`--resolution` times corpus-wide consolidation (resolve.consolidate) on synthetic stores of growing size and
prints the growth exponent (1 is linear, 2 quadratic).

Usage: python benchmarks/scale.py [--variants 2000] [--workers 1 2] [--baseline] [--compare] [--resolution]
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
from tests.dask_cluster import DaskCluster  # noqa: E402
from tests.variants import DEV, dev_articles, write_variants  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run(db: str, inputs: list[str], runner=None, workers: int = 1) -> dict:
    """One ingest here (the coordinator); what it took."""
    from dossier.pipeline import ingest
    from dossier.settings import load_config
    from dossier.store import Store

    cpu, t = _cpu(), time.perf_counter()
    with Store(db) as store:
        report = ingest(store, inputs, load_config(workers=workers), progress=False, runner=runner)
    wall, cpu = time.perf_counter() - t, _cpu() - cpu
    read = len(report.new) + len(report.duplicate) + len(report.near_duplicate) + len(report.unchanged)
    return {"wall": wall, "cpu": cpu, "read": read, "new": len(report.new), "failed": len(report.failed),
            "summary": report.summary()}


def on_cluster(db: str, inputs: list[str], n: int, log: Path) -> dict:
    from dossier.runners import dask

    with DaskCluster(n, log=log) as cluster:
        runner = dask(cluster.address)
        try:
            out = run(db, inputs, runner)
            from distributed import Client

            with Client(cluster.address) as c:  # ru_maxrss is in kB on Linux
                usage = c.run(lambda: resource.getrusage(resource.RUSAGE_SELF))
        finally:
            runner.close()
    out["workers_mb"] = sorted(u.ru_maxrss / 1024 for u in usage.values())
    out["workers_cpu"] = sum(u.ru_utime + u.ru_stime for u in usage.values())
    return out


def show(label: str, r: dict) -> None:
    minutes = r["wall"] / 60
    line = (f"{label:<22} {r['wall']:7.1f} s  {r['read'] / minutes:7.0f} articles/min  "
            f"{r['new'] / minutes:6.0f} extracted/min  coordinator CPU {r['cpu']:6.1f} s "
            f"({100 * r['cpu'] / r['wall']:.0f}% of wall, {1000 * r['cpu'] / max(1, r['read']):.0f} ms/article)")
    if "workers_mb" in r:
        line += "  peak per worker " + ", ".join(f"{m:.0f}" for m in r["workers_mb"]) + " MB"
        # CPU seconds, not wall: on a shared machine they say what a worker and the coordinator each cost
        line += (f"\n{'':<22} workers' CPU {r['workers_cpu']:6.1f} s ({1000 * r['workers_cpu'] / max(1, r['read']):.0f}"
                 f" ms/article): one coordinator keeps about {r['workers_cpu'] / max(r['cpu'], 1e-9):.0f} worker cores busy")
    print(line, flush=True)


def export(db: str, out: Path) -> dict:
    from dossier.export import export as write
    from dossier.store import Store

    with Store(db) as store:
        write(store, out, "jsonl")
    records = {n: (out / f"{n}.jsonl").read_text().splitlines() for n in ("documents", "entities", "facts")}
    return records


def resolution(sizes: list[int]) -> None:
    """consolidate() on synthetic stores: organisations in spelling variants and people, mentions of each."""
    from dossier.model import Document, Entity, Mention
    from dossier.resolve import consolidate
    from dossier.store import Store

    times = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "r.db")) as store:
            with store.transaction() as c:
                for d in range(n // 20):  # 20 mentions a document
                    ents, ments = [], []
                    for k in range(20):
                        j = (d * 7 + k * 13) % (n // 4)
                        kind = "organization" if k % 2 else "person"
                        name = (f"Firm{j} {'AG' if k % 4 == 1 else 'Defence'}" if kind == "organization"
                                else f"{'Anna' if k % 3 else 'Sir'} Surname{j}")
                        eid = f"ent-{kind}-{name}"
                        ents.append(Entity(eid, kind, name))
                        ments.append(Mention(doc=f"d{d}", start=k * 30, end=k * 30 + len(name), text=name,
                                             type=kind, entity=eid))
                    store.put_document(c, Document(id=f"d{d}", source=f"d{d}", text="x" * 600))
                    store.put_extraction(c, f"d{d}", ments, [], ents)
            t = time.process_time()  # CPU time: the shared machine's load changes wall times run to run
            merged = consolidate(store)
            times.append(time.process_time() - t)
        print(f"consolidation, {n:>7} mentions: {times[-1]:6.2f} s CPU ({merged} entities merged)", flush=True)
    for (a, ta), (b, tb) in zip(zip(sizes, times), zip(sizes[1:], times[1:])):
        print(f"  growth {a} -> {b}: exponent {math.log(tb / ta) / math.log(b / a):.2f} (1 linear, 2 quadratic)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", type=int, default=300, help="generated variants beside the 56 dev articles")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="cluster sizes to measure")
    ap.add_argument("--baseline", action="store_true", help="also the single process, no cluster")
    ap.add_argument("--compare", action="store_true", help="2 workers into PostgreSQL against 1 process into SQLite")
    ap.add_argument("--keep", metavar="DIR", help="write the databases and exports here (default: a temporary folder)")
    ap.add_argument("--resolution", type=int, nargs="*", metavar="MENTIONS",
                    help="time consolidation at these sizes (default 20000 40000 80000)")
    a = ap.parse_args()
    if a.resolution is not None:
        resolution(a.resolution or [20_000, 40_000, 80_000])
        return 0
    if not DEV.exists():
        sys.exit("../shared/corpus/dev is not beside the repository")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(a.keep or tmp)
        tmp.mkdir(parents=True, exist_ok=True)
        originals = dev_articles()
        inputs = [*map(str, originals), str(write_variants(tmp / "variants", originals, a.variants))]
        print(f"corpus: {len(originals)} dev articles + {a.variants} variants", flush=True)
        results = {}
        if a.baseline or a.compare:
            results["one"] = run(str(tmp / "one.db"), inputs)
            show("one process", results["one"])
        for n in a.workers:
            results[n] = on_cluster(str(tmp / f"dask{n}.db"), inputs, n, tmp / f"dask{n}.log")
            show(f"Dask, {n} worker{'s' if n > 1 else ''}", results[n])
        print(f"coordinator peak memory {_rss_mb():.0f} MB; {results[a.workers[-1]]['summary']}")
        if a.compare:
            compare(inputs, tmp, results["one"], [tmp / f"dask{n}.db" for n in a.workers])
    return 0


def compare(inputs: list[str], tmp: Path, one: dict, others: list[Path]) -> None:
    from tests.postgres_cluster import Cluster

    pg = Cluster().start()
    try:
        url = pg.new_database("scale")
        r = on_cluster(url, inputs, 2, tmp / "compare.log")
        show("Dask, 2 workers, PG", r)
        a = export(str(tmp / "one.db"), tmp / "one")
        for label, db in [("2 Dask workers PostgreSQL", url), *((f"Dask {p.stem} SQLite", str(p)) for p in others)]:
            b = export(db, tmp / f"export-{label.replace(' ', '-')}")
            for name in a:
                same = a[name] == b[name]
                print(f"  {name}: {len(a[name])} records, "
                      f"{'equal' if same else 'DIFFERENT'} (1 process SQLite vs {label})")
        print(f"  summaries: {'equal' if one['summary'] == r['summary'] else 'DIFFERENT'}: {r['summary']}")
    finally:
        pg.stop()


if __name__ == "__main__":
    raise SystemExit(main())
