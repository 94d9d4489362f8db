"""The orchestration: ingest -> clean -> dedupe -> extract -> resolve -> store.

`ingest()` is what `dossier ingest` calls. Its stages, in order, and where each runs:
1. the inputs expanded: folders walked, each file or URL once                         here
2. each input read, its articles cleaned, given content ids and MinHash signatures     the runner (prepare_target)
3. exact and near-duplicate decisions against the store's and this run's signatures    here, in input order
4. extraction's analysis: spaCy's parse, mentions, fact drafts                        the runner (analyse_batch)
5. entities resolved, documents written with their extraction, a batch a transaction  here, in input order
6. corpus-wide consolidation, organisation links and analyst corrections               here, after the run

The runner (runners.py) runs stages 2 and 4, pure functions of their inputs, here, in a process pool or on a Dask
cluster. The decisions are taken in input order whichever worker finishes first, so every runner stores the same
documents, entities and facts with the same ids.
"""

from __future__ import annotations

import sys
from collections import deque
from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterable, Optional

from .clean import prepare
from .dedupe import NearDuplicates, from_bytes, signature, to_bytes
from .errors import DossierError, InputError
from .ingest import display, expand, failure, read_target
from .model import Document, IngestReport
from .runners import Runner, RunnerLost, open_runner
from .settings import Config, load_config
from .store import Store

# Documents extracted together, per worker; 16 is as fast as 64 with far less memory (see NLP-NOTES).
BATCH = 16
# Batches in the workers while this process decides, resolves and writes the ones before.
IN_FLIGHT = 2


@dataclass
class Prepared:
    """One article of an input after stage 2: a document and its signature, or why there is none."""

    source: str
    doc: Optional[Document] = None
    sig: Optional[bytes] = None
    failure: Optional[str] = None


def prepare_target(target, *, max_bytes: int, fetch_timeout: float, fetch_allow: tuple) -> list[Prepared]:
    """Stage 2 for one input (a file, a URL, or the InputError `expand` made of it): every article it holds read,
    cleaned and given its content id and signature. Pure, so it runs wherever the runner puts it; never raises
    for an article: what fails is that article's failure."""
    if isinstance(target, InputError):
        return [Prepared(target.source, failure=target.reason)]
    out = []
    for item in read_target(target, max_bytes=max_bytes, fetch_timeout=fetch_timeout, fetch_allow=fetch_allow):
        if isinstance(item, InputError):
            out.append(Prepared(item.source, failure=item.reason))
            continue
        try:
            doc = prepare(item)
            out.append(Prepared(doc.source, doc, to_bytes(signature(doc.text))))
        except InputError as e:
            out.append(Prepared(e.source, failure=e.reason))
        except Exception as e:  # noqa: BLE001 - any error of one input is that input's line
            out.append(Prepared(item.source, failure=failure(e)))
    return out


def analyse_batch(docs: list[Document]) -> list:
    """Stage 4 for a chunk of documents (pure): spaCy's parse, mentions and fact drafts, without entity ids."""
    from .extract import _analyse_batch

    return _analyse_batch(docs)


class RunnerExtraction:
    """Extraction split where it can be: the analysis on the runner, entities resolved here, where the store and
    the resolver's memory of the corpus are (Extractor.collect), in the order documents arrive."""

    def __init__(self, runner: Runner, store: Store):
        from .extract import Extractor

        self.runner = runner
        self.builder = Extractor(store)
        self.remote = runner.remote

    @property
    def workers(self) -> int:
        return self.runner.workers

    def submit(self, docs: list[Document]) -> list:
        size = -(-len(docs) // self.workers)  # a chunk a worker
        return [self.runner.submit(analyse_batch, docs[i:i + size]) for i in range(0, len(docs), size)]

    def collect(self, handle: list, docs: list[Document]) -> list:
        return self.builder.collect([a for f in handle for a in self.runner.result(f)], docs)

    def process(self, docs: list[Document]) -> list:
        return self.collect(self.submit(docs), docs)

    def close(self) -> None:
        self.builder.close()


def _progress(total: int, enabled: Optional[bool]):
    from tqdm import tqdm

    if enabled is None:
        enabled = sys.stderr.isatty() and total > 1
    return tqdm(total=total, unit="input", disable=not enabled, file=sys.stderr, dynamic_ncols=True)


def ingest(store: Store, paths: Iterable[str], config: Optional[Config] = None, *, extract: bool = True,
           progress: Optional[bool] = None, extractor=None, runner: Optional[Runner] = None,
           on_progress: Optional[Callable[[int, int, IngestReport], None]] = None) -> IngestReport:
    """Reads, cleans, deduplicates, extracts and stores every article in `paths` (the stages in the module's
    docstring); never raises for bad input. `runner` runs the pure stages (default: the one the settings ask for,
    runners.open_runner); `extractor`, an object with `process(docs)`, replaces stage 4's analysis and entities.
    `on_progress(inputs done, inputs in all, report so far)` is called after each input (ingest jobs report it).
    Raises RunnerLost when the runner fails (a cluster gone); what was written stays, and a re-run resumes."""
    cfg = config or load_config()
    own_runner = runner is None
    runner = runner or open_runner(getattr(cfg, "cluster", ""), cfg.workers)
    own_extraction = extract and extractor is None
    extraction = RunnerExtraction(runner, store) if own_extraction else extractor
    targets = list(expand(list(paths)))
    run = _Run(store, cfg, extraction if extract else None)
    bar = _progress(len(targets), progress)
    read = partial(prepare_target, max_bytes=cfg.max_bytes, fetch_timeout=cfg.fetch_timeout,
                   fetch_allow=cfg.fetch_allow)
    try:
        for done, prepared in enumerate(runner.map(read, targets), 1):
            for p in prepared:
                run.admit(p)
            run.settle()
            bar.update(1)
            if on_progress:
                on_progress(done, len(targets), run.report)
        run.drain()
    finally:
        bar.close()
        if own_extraction:
            extraction.close()
        if own_runner:
            runner.close()
    if extract:  # also when nothing is new: the run before may have been cut before this step
        from .curate import apply_corrections

        apply_corrections(store)
    return run.report


class _Run:
    """Stages 3 and 5 of one ingest: what is decided and written here, in input order."""

    def __init__(self, store: Store, cfg: Config, extraction):
        self.store = store
        self.extraction = extraction
        self.report = IngestReport()
        self.near = NearDuplicates(cfg.near_duplicate_threshold).load(store.minhashes())
        self.workers = lambda: max(1, getattr(extraction, "workers", cfg.workers))
        remote = getattr(extraction, "remote", getattr(extraction, "workers", 1) > 1)
        self.in_flight = IN_FLIGHT if extraction is not None and remote else 0
        self.batch: list[tuple[Document, object]] = []
        self.pending: deque = deque()  # batches whose analysis runs in the workers while this process writes
        self.flying: set[str] = set()  # ids of the documents in the batch and the pending ones
        # articles that repeat one still flying: (doc, its signature, status, the one it repeats, similarity)
        self.deferred: list[tuple[Document, bytes, str, str, float]] = []

    def admit(self, p: Prepared) -> None:
        """One article after stage 2: a failure reported, or checked against what is stored and flying, then
        queued for extraction or linked to the article it repeats."""
        if p.failure is not None:
            self.fail(p.source, p.failure)
            return
        try:
            self.decide(p.doc, p.sig)
        except RunnerLost:
            raise
        except Exception as e:  # noqa: BLE001 - any error of one input is that input's line
            self.fail(p.source, failure(e))

    def decide(self, doc: Document, sig_bytes: bytes) -> None:
        """Unchanged, a duplicate, a near-duplicate or new: decided against the articles before it in input
        order. One that repeats an article still being extracted is linked once that one is written, so the
        workers never wait for it (should that article fail, the one repeating it is decided again then)."""
        store = self.store
        prior = store.source_doc(doc.source)
        if prior and prior[2] == doc.id:
            self.report.unchanged.append(doc.source)
            return
        if doc.id in self.flying:
            self.deferred.append((doc, sig_bytes, "duplicate", doc.id, 1.0))
            return
        if store.has_document(doc.id):
            self.link(doc, "duplicate", doc.id, 1.0)
            return
        sig = from_bytes(sig_bytes)
        hit = self.near.find(sig)
        if hit and hit[0] in self.flying:
            self.deferred.append((doc, sig_bytes, "near_duplicate", hit[0], round(hit[1], 3)))
            return
        if hit and store.has_document(hit[0]):  # else the article it repeats failed to store
            self.link(doc, "near_duplicate", hit[0], round(hit[1], 3))
            return
        self.near.add(doc.id, sig)
        self.batch.append((doc, sig))
        self.flying.add(doc.id)
        if len(self.batch) >= BATCH * self.workers():
            self.flush()

    def link(self, doc: Document, status: str, target: str, similarity: float) -> None:
        with self.store.transaction() as c:
            self.store.put_source(c, doc.source, target, status, similarity, doc.id)
        if status == "duplicate":
            self.report.duplicate.append((doc.source, target))
        else:
            self.report.near_duplicate.append((doc.source, target, similarity))

    def link_deferred(self) -> None:
        """The articles repeating one that has landed now: linked to it as decided, or decided again if it failed."""
        landed = [d for d in self.deferred if d[3] not in self.flying]
        if not landed:
            return
        self.deferred = [d for d in self.deferred if d[3] in self.flying]
        for doc, sig, status, target, similarity in landed:
            try:
                if self.store.has_document(target):
                    self.link(doc, status, target, similarity)
                else:
                    self.decide(doc, sig)
            except RunnerLost:
                raise
            except Exception as e:  # noqa: BLE001 - any error of one input is that input's line
                self.fail(doc.source, failure(e))

    def flush(self) -> None:
        """The batch sent to extraction; the oldest batches written while more than `in_flight` are out."""
        if self.batch:
            self.pending.append((list(self.batch), _submit(self.extraction, [d for d, _ in self.batch])))
            self.batch.clear()
        while len(self.pending) > self.in_flight:
            self.write(*self.pending.popleft())
        self.settle()

    def settle(self) -> None:
        """The oldest batches written as soon as their extraction is done, without waiting: in order, always."""
        while self.pending and _ready(self.pending[0][1]):
            self.write(*self.pending.popleft())

    def drain(self) -> None:
        """Everything written: the batches, then what repeats them (which can make a batch again)."""
        while self.batch or self.pending or self.deferred:
            self.flush()
            while self.pending:
                self.write(*self.pending.popleft())
            self.link_deferred()

    def write(self, batch: list, handle) -> None:
        """A batch's extraction collected, then its documents written."""
        rows = []
        for (doc, sig), res in zip(batch, self.results(handle, [d for d, _ in batch])):
            if isinstance(res, Exception):
                self.fail_document(doc, f"extraction failed: {res.__class__.__name__}: {res}")
            else:
                rows.append((doc, sig, res))
        size = self.store.write_batch
        for i in range(0, len(rows), size):
            self.put(rows[i:i + size])
        self.flying.difference_update(d.id for d, _ in batch)
        self.link_deferred()

    def results(self, handle, docs: list[Document]) -> list:
        if self.extraction is None:
            return [None] * len(docs)
        kind, value = handle
        try:
            if kind == "error":
                raise value
            return self.extraction.collect(value, docs) if kind == "async" else value
        except RunnerLost:
            raise
        except Exception:  # one bad document must not sink the batch: retry one by one
            return [self.one(d) for d in docs]

    def one(self, doc: Document):
        try:
            return self.extraction.process([doc])[0]
        except RunnerLost:
            raise
        except Exception as e:  # noqa: BLE001 - reported per document, the run goes on
            return e

    def put(self, rows: list) -> None:
        """Documents with their source, signature and extraction, in one transaction (the store's write_batch of
        them); when it fails, each in a transaction of its own, so one bad document fails alone and nothing is
        half-written."""
        if not rows:
            return
        try:
            with self.store.transaction() as c:
                for doc, sig, res in rows:
                    self.store.put_document(c, doc)
                    self.store.put_source(c, doc.source, doc.id, "new", None, doc.id)
                    self.store.put_minhash(c, doc.id, to_bytes(sig))
                    if res is not None:
                        self.store.put_extraction(c, doc.id, res.mentions, res.facts, res.entities)
        except Exception as e:  # noqa: BLE001 - the transaction rolled back
            if len(rows) > 1:
                for row in rows:
                    self.put([row])
            else:
                self.fail_document(rows[0][0], f"not stored: {e.__class__.__name__}: {e}")
            return
        for doc, _, res in rows:
            self.count(doc, res)

    def count(self, doc: Document, res) -> None:
        self.report.new.append(doc.source)
        if doc.language not in (None, "en"):
            self.report.not_english.append(doc.source)
        if res is not None:
            self.report.mentions += len(res.mentions)
            self.report.facts += len(res.facts)

    def fail_document(self, doc: Document, reason: str) -> None:
        """A document that will not be stored: reported, and no longer one that others can repeat."""
        self.fail(doc.source, reason)
        self.near.lsh.remove(doc.id)
        self.near.sigs.pop(doc.id, None)

    def fail(self, source: str, reason: str) -> None:
        self.report.failed.append((display(source), display(reason)))


def _ready(handle) -> bool:
    """Whether a batch's extraction is done: futures (a runner's), AsyncResults (Extractor's own pool) or results."""
    if handle is None or handle[0] != "async":
        return True
    checks = [getattr(h, "done", None) or getattr(h, "ready", None) for h in handle[1]]
    return all(check is None or check() for check in checks)


def _submit(extraction, docs: list[Document]):
    """Starts extraction of a batch; an exception is kept and handled when the batch is written."""
    if extraction is None:
        return None
    try:
        if hasattr(extraction, "submit"):
            return ("async", extraction.submit(docs))
        return ("done", extraction.process(docs))
    except RunnerLost:
        raise
    except Exception as e:  # noqa: BLE001 - retried one by one in _Run.write
        return ("error", e)


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
