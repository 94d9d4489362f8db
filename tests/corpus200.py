"""The analyst's-workbench corpus of issue 10: the 181 real web pages of ../shared/benchmarks/article-extraction
(gzipped HTML, unpacked here) plus the 56 development articles of ../shared/corpus/dev, about 237 documents.
Browser tests and benchmarks/ui_speed.py build it with `build()` and ingest it with extraction."""

from __future__ import annotations

import gzip
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
PAGES = SHARED / "benchmarks" / "article-extraction" / "html"
DEV = SHARED / "corpus" / "dev"


def available() -> bool:
    return PAGES.is_dir() and DEV.is_dir()


def build(folder: Path) -> list[str]:
    """Unpacks the pages into `folder` and returns the inputs to ingest (the unpacked pages and the dev folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for gz in sorted(PAGES.glob("*.html.gz")):
        out = folder / gz.name[: -len(".gz")]
        if not out.exists():
            out.write_bytes(gzip.decompress(gz.read_bytes()))
    return [str(folder), str(DEV)]


def ingest_into(db: str, folder: Path) -> None:
    """Builds the corpus and ingests it (with extraction, two worker processes) into the database `db`."""
    from dossier.pipeline import ingest
    from dossier.settings import load_config
    from dossier.store import Store

    cfg = load_config(workers=2)
    store = Store(db)
    try:
        ingest(store, build(folder), cfg, progress=False)
    finally:
        store.close()
