#!/usr/bin/env python3
"""Ingest time (no extraction) of the inputs issue 12 found slow, generated here:

- a feed of 10,000 short items (about 1.4 MB) that share their closing line, as real feeds do
- a JSON Lines file of 1,900 lines (about 5 MB), articles written from one template
- a batch of 52 hostile files: one-line texts, thousands of headline-like lines, deep or flat tag soup,
  long JSON, binary and control bytes

Usage: python benchmarks/hostile_inputs.py [--scale 1.0] [--only feed|jsonl|batch]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("the defence ministry said it will buy new tanks from Germany and Poland after talks in Warsaw on "
         "Monday with officials about drones artillery shells budget NATO allies support Ukraine contract").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def write_feed(path: Path, items: int, rng: random.Random) -> Path:
    entries = [f"<item><title>Update {i}</title><link>https://news.example/{i}</link>"
               f"<description>{_sentence(rng, 9)} Read the full story on News Example.</description></item>"
               for i in range(items)]
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>News Example</title>'
                    + "".join(entries) + "</channel></rss>", encoding="utf-8")
    return path


def write_jsonl(path: Path, lines: int, rng: random.Random) -> Path:
    template = " ".join(_sentence(rng, 18) for _ in range(14))
    with path.open("w", encoding="utf-8") as fh:
        for i in range(lines):
            own = " ".join(_sentence(rng, 18) for _ in range(4))
            fh.write(json.dumps({"title": f"Report {i}", "text": f"{own}\n\n{template}",
                                 "url": f"https://news.example/r{i}"}) + "\n")
    return path


def write_batch(folder: Path, size: int, rng: random.Random) -> Path:
    folder.mkdir()
    kinds = {
        "oneline.txt": lambda: "word " * (size // 5),
        "headlines.txt": lambda: "\n".join(f"Ministry Plans Tank Deal Number {i} With Allies" for i in range(size // 48)),
        "shortlines.txt": lambda: "Xy zz.\n" * (size // 7),
        "paras.html": lambda: "<p>word " * (size // 8),
        "nested.html": lambda: "<div>" * 5000 + _sentence(rng, 40) * 20 + "</div>" * 5000,
        "tags.html": lambda: "<html><body>" + "<b>x</b> " * (size // 9) + "</body></html>",
        "long.json": lambda: json.dumps({"text": _sentence(rng, 20) * (size // 130)}),
        "controls.txt": lambda: "".join(chr(rng.randrange(1, 32)) for _ in range(size // 10)),
        "deep.json": lambda: "[" * 100_000 + "]" * 100_000,
        "lines.jsonl": lambda: "\n".join(json.dumps({"text": _sentence(rng, 30)}) for _ in range(size // 200)),
        "feed.xml": lambda: "<rss><channel>" + "<item><description>x</description></item>" * (size // 50) + "</channel></rss>",
        "surrogates.json": lambda: '{"text": "' + "\\ud800 word " * (size // 12) + '"}',
        "utf16.txt": None,
    }
    n = 0
    while n < 52:
        for name, make in kinds.items():
            if n >= 52:
                break
            p = folder / f"{n:02d}-{name}"
            if make is None:
                p.write_bytes(b"\xff\xfe" + ("Odd byte count " * (size // 32)).encode("utf-16-le") + b"\x00")
            else:
                p.write_text(make(), encoding="utf-8")
            n += 1
    return folder


def timed(name: str, paths: list[str], tmp: Path) -> None:
    from dossier.pipeline import ingest
    from dossier.settings import load_config
    from dossier.store import Store

    store = Store(tmp / f"{name}.db")
    t0 = time.perf_counter()
    try:
        report = ingest(store, paths, load_config(), extract=False, progress=False)
        outcome = report.summary()
    except Exception as e:  # noqa: BLE001 - the code before issue 12 ended the run on a hostile input
        outcome = f"the run ended with {e.__class__.__name__} (later inputs skipped)"
    dt = time.perf_counter() - t0
    store.close()
    print(f"{name:6} {dt:8.1f} s  {outcome}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every input's size (1.0: the issue's)")
    ap.add_argument("--only", choices=("feed", "jsonl", "batch"))
    a = ap.parse_args()
    rng = random.Random(12)
    from dossier.clean.language import detect_language

    detect_language("Das ist ein deutscher Satz, der nur dazu dient, das Sprachmodell vorab zu laden, "
                    "damit seine Ladezeit nicht in die erste Messung fällt und die Zahlen vergleichbar bleiben.")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if a.only in (None, "feed"):
            feed = write_feed(tmp / "feed.rss", int(10_000 * a.scale), rng)
            print(f"feed: {feed.stat().st_size / 1e6:.1f} MB, {int(10_000 * a.scale)} items")
            timed("feed", [str(feed)], tmp)
        if a.only in (None, "jsonl"):
            jl = write_jsonl(tmp / "articles.jsonl", int(1_900 * a.scale), rng)
            print(f"jsonl: {jl.stat().st_size / 1e6:.1f} MB, {int(1_900 * a.scale)} lines")
            timed("jsonl", [str(jl)], tmp)
        if a.only in (None, "batch"):
            batch = write_batch(tmp / "batch", int(1_000_000 * a.scale), rng)
            print(f"batch: {sum(p.stat().st_size for p in batch.iterdir()) / 1e6:.1f} MB in 52 files")
            timed("batch", [str(batch)], tmp)
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
