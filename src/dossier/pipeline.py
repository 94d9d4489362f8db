"""The orchestration: ingest -> clean -> dedupe -> extract -> resolve -> store, one document at a time.

`ingest()` is what `dossier ingest` calls. Documents are cleaned and checked for duplicates one by one,
extracted in small batches (spaCy is fastest that way), and each is then written in its own transaction.
"""

from __future__ import annotations

import sys
from collections import deque
from typing import Callable, Iterable, Optional

from .clean import prepare
from .dedupe import NearDuplicates, signature, to_bytes
from .errors import DossierError, InputError
from .ingest import display, expand, failure, read_target
from .model import Document, IngestReport
from .settings import Config, load_config
from .store import Store

# Documents extracted together; 16 is as fast as 64 with far less memory (see NLP-NOTES).
BATCH = 16
# Batches in the worker processes while this process cleans, deduplicates and writes the ones before.
IN_FLIGHT = 2


def _progress(total: int, enabled: Optional[bool]):
    from tqdm import tqdm

    if enabled is None:
        enabled = sys.stderr.isatty() and total > 1
    return tqdm(total=total, unit="input", disable=not enabled, file=sys.stderr, dynamic_ncols=True)


def ingest(store: Store, paths: Iterable[str], config: Optional[Config] = None, *, extract: bool = True,
           progress: Optional[bool] = None, extractor=None,
           on_progress: Optional[Callable[[int, int, IngestReport], None]] = None) -> IngestReport:
    """Reads, cleans, deduplicates, extracts and stores every article in `paths`; never raises for bad input.
    `on_progress(inputs done, inputs in all, report so far)` is called after each input (ingest jobs report it)."""
    cfg = config or load_config()
    report = IngestReport()
    near = NearDuplicates(cfg.near_duplicate_threshold).load(store.minhashes())
    own_extractor = extract and extractor is None
    if own_extractor:
        from .extract import Extractor

        extractor = Extractor(store, workers=cfg.workers)
    targets = list(expand(list(paths)))
    batch: list[tuple[Document, object]] = []
    pending: deque = deque()  # batches whose extraction runs in the workers while this process writes
    bar = _progress(len(targets), progress)

    def flush() -> None:
        if batch:
            docs = [d for d, _ in batch]
            handle = _submit(extractor, docs)
            pending.append((list(batch), handle))
            batch.clear()
        while len(pending) > (IN_FLIGHT if extractor is not None and getattr(extractor, "workers", 1) > 1 else 0):
            done, handle = pending.popleft()
            _write(store, done, handle, extractor, report, near)

    def drain() -> None:
        flush()
        while pending:
            done, handle = pending.popleft()
            _write(store, done, handle, extractor, report, near)

    def waiting(doc_id: str) -> bool:
        return any(d.id == doc_id for d, _ in batch) or any(d.id == doc_id for b, _ in pending for d, _ in b)

    def admit(item) -> None:
        """One raw article: cleaned, checked against what is stored and waiting, then queued or linked."""
        try:
            doc = prepare(item)
        except InputError as e:
            _fail(report, e.source, e.reason)
            return
        prior = store.source_doc(doc.source)
        if prior and prior[2] == doc.id:
            report.unchanged.append(doc.source)
            return
        if waiting(doc.id):
            drain()
        if store.has_document(doc.id):
            with store.transaction() as c:
                store.put_source(c, doc.source, doc.id, "duplicate", 1.0, doc.id)
            report.duplicate.append((doc.source, doc.id))
            return
        sig = signature(doc.text)
        hit = near.find(sig)
        if hit:
            if waiting(hit[0]):
                drain()
            if not store.has_document(hit[0]):  # the article it repeats failed to store
                hit = None
        if hit:
            with store.transaction() as c:
                store.put_source(c, doc.source, hit[0], "near_duplicate", round(hit[1], 3), doc.id)
            report.near_duplicate.append((doc.source, hit[0], round(hit[1], 3)))
            return
        near.add(doc.id, sig)
        batch.append((doc, sig))
        if len(batch) >= BATCH * max(1, cfg.workers):
            flush()

    try:
        for done, target in enumerate(targets, 1):
            items = [target] if isinstance(target, InputError) else read_target(
                target, max_bytes=cfg.max_bytes, fetch_timeout=cfg.fetch_timeout, fetch_allow=cfg.fetch_allow)
            for item in items:
                if isinstance(item, InputError):
                    _fail(report, item.source, item.reason)
                    continue
                try:
                    admit(item)
                except Exception as e:  # noqa: BLE001 - any error of one input is that input's line
                    _fail(report, item.source, failure(e))
            bar.update(1)
            if on_progress:
                on_progress(done, len(targets), report)
        drain()
    finally:
        bar.close()
        if own_extractor:
            extractor.close()
    if extract:  # also when nothing is new: the run before may have been cut before this step
        from .curate import apply_corrections

        apply_corrections(store)
    return report


def _fail(report: IngestReport, source: str, reason: str) -> None:
    report.failed.append((display(source), display(reason)))


def _submit(extractor, docs: list[Document]):
    """Starts extraction of a batch; an exception is kept and handled when the batch is written."""
    if extractor is None:
        return None
    try:
        return ("async", extractor.submit(docs)) if hasattr(extractor, "submit") else ("done", extractor.process(docs))
    except Exception as e:  # noqa: BLE001 - retried one by one in _write
        return ("error", e)


def _write(store: Store, batch, handle, extractor, report: IngestReport, near: NearDuplicates) -> None:
    """Collects a batch's extraction, then writes each document in a transaction of its own."""
    docs = [d for d, _ in batch]
    results: list = [None] * len(docs)
    if extractor is not None:
        kind, value = handle
        try:
            if kind == "error":
                raise value
            results = extractor.collect(value, docs) if kind == "async" else value
        except Exception:  # one bad document must not sink the batch: retry one by one
            results = []
            for d in docs:
                try:
                    results.extend(extractor.process([d]))
                except Exception as e:  # noqa: BLE001 - reported per document, the run goes on
                    results.append(e)
    for (doc, sig), res in zip(batch, results):
        if isinstance(res, Exception):
            _fail(report, doc.source, f"extraction failed: {res.__class__.__name__}: {res}")
            near.lsh.remove(doc.id)
            near.sigs.pop(doc.id, None)
            continue
        try:
            with store.transaction() as c:
                store.put_document(c, doc)
                store.put_source(c, doc.source, doc.id, "new", None, doc.id)
                store.put_minhash(c, doc.id, to_bytes(sig))
                if res is not None:
                    store.put_extraction(c, doc.id, res.mentions, res.facts, res.entities)
        except Exception as e:  # noqa: BLE001 - the transaction rolled back; nothing half-written
            _fail(report, doc.source, f"not stored: {e.__class__.__name__}: {e}")
            near.lsh.remove(doc.id)
            near.sigs.pop(doc.id, None)
            continue
        report.new.append(doc.source)
        if doc.language not in (None, "en"):
            report.not_english.append(doc.source)
        if res is not None:
            report.mentions += len(res.mentions)
            report.facts += len(res.facts)


def reextract(store: Store, *, progress: Optional[bool] = None, extractor=None, workers: int = 1) -> IngestReport:
    """Runs extraction again over every stored document (after the rules change)."""
    own_extractor = extractor is None
    if own_extractor:
        from .extract import Extractor

        extractor = Extractor(store, workers=workers)
    report = IngestReport()
    total = store.counts()["documents"]
    bar = _progress(total, progress)
    batch: list[Document] = []

    def flush() -> None:
        if not batch:
            return
        for doc, res in zip(batch, extractor.process(batch)):
            with store.transaction() as c:
                store.put_extraction(c, doc.id, res.mentions, res.facts, res.entities)
            report.unchanged.append(doc.source)
            report.mentions += len(res.mentions)
            report.facts += len(res.facts)
        bar.update(len(batch))
        batch.clear()

    try:
        for doc in store.iter_documents():
            batch.append(doc)
            if len(batch) >= BATCH * max(1, workers):
                flush()
        flush()
    finally:
        bar.close()
        if own_extractor:
            extractor.close()
    from .curate import apply_corrections

    apply_corrections(store)
    return report


__all__ = ["ingest", "reextract", "DossierError"]
