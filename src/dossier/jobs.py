"""Ingest jobs: `pipeline.ingest` run away from its caller (the web server) in a process of its own, on the
same database, with progress the caller reads while it runs.

A `JobRunner` is handed an executor (anything with `concurrent.futures.Executor.submit`; by default a
one-process pool started with `spawn`). Jobs queue and run one at a time, since SQLite has one writer;
each document is its own short transaction, and WAL lets readers go on meanwhile. The job's process
lowers its own priority, so the server's reads come first on a busy machine, and writes its progress
(inputs done, counts, failures) to `progress.json` in the job's folder, replaced atomically. Uploaded
files sit in the job's `inputs/` folder until the job ends.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .errors import DossierError
from .model import IngestReport
from .settings import Config, load_config
from .store import now

PROGRESS_EVERY = 0.5  # seconds between progress writes: often enough for a page that polls every second
NICENESS = 10  # the job's process yields the CPU to the server's reads


class JobCancelled(DossierError):
    """The runner was closed while the job ran; what it had stored stays (each document is one transaction)."""


@dataclass
class Job:
    id: str
    folder: Path
    targets: list[str]
    created: str
    status: str = "queued"  # queued, running, done, failed, cancelled
    finished: Optional[str] = None
    error: Optional[str] = None
    result: Optional[dict[str, Any]] = None
    future: Optional[Future] = field(default=None, repr=False)


class JobRunner:
    """Runs ingest jobs on database `db`; job folders live under `root` (default: a temporary folder)."""

    def __init__(self, db: str, root: Optional[Path] = None, executor: Optional[Executor] = None,
                 config: Optional[Config] = None):
        self.db = str(db)
        self._tmp = None if root else tempfile.TemporaryDirectory(prefix="dossier-jobs-")
        self.root = Path(root or self._tmp.name)
        self._own_executor = executor is None
        self.executor = executor or _process_pool()
        self.config = config or load_config()
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def new_folder(self) -> tuple[str, Path]:
        """A fresh job id and its folder, whose `inputs/` receives the job's uploaded files."""
        job_id = uuid.uuid4().hex[:12]
        folder = self.root / job_id
        (folder / "inputs").mkdir(parents=True)
        return job_id, folder

    def submit(self, job_id: str, targets: list[str]) -> Job:
        """Queues an ingest of `targets` (paths, many in the job's `inputs/`, and URLs)."""
        job = Job(job_id, self.root / job_id, list(targets), now())
        with self._lock:
            self.jobs[job_id] = job
            job.future = self.executor.submit(run_ingest, self.db, job.targets, str(job.folder), self.config.values)
        job.future.add_done_callback(lambda fut: self._finished(job, fut))
        return job

    def _finished(self, job: Job, fut: Future) -> None:
        job.finished = now()
        if fut.cancelled():
            job.status, job.error = "cancelled", "cancelled before it started"
        elif fut.exception() is not None:
            exc = fut.exception()
            job.status = "cancelled" if isinstance(exc, JobCancelled) else "failed"
            job.error = f"{exc.__class__.__name__}: {exc}".splitlines()[0][:500]
            if isinstance(exc, BrokenProcessPool) and self._own_executor:
                self.executor = _process_pool()  # a crashed pool takes no more work: start another
        else:
            job.result, job.status = fut.result(), "done"
        shutil.rmtree(job.folder / "inputs", ignore_errors=True)

    def status(self, job_id: str) -> dict[str, Any]:
        """Where a job stands: status, inputs done of all, counts so far, failures with their reasons."""
        job = self.jobs.get(job_id)
        if job is None:
            raise DossierError(f"no job {job_id}")
        progress = job.result or _read_progress(job.folder) or {}
        status = job.status
        if status == "queued" and progress:
            status = "running"
        return {"id": job.id, "status": status, "created": job.created, "started": progress.get("started"),
                "finished": job.finished, "inputs": len(job.targets), "done": progress.get("done", 0),
                "total": progress.get("total", len(job.targets)), "counts": progress.get("counts", {}),
                "new": progress.get("new", []), "failures": progress.get("failures", []), "error": job.error}

    def list(self) -> list[dict[str, Any]]:
        """Every job, newest first."""
        return [self.status(j) for j in sorted(self.jobs, key=lambda j: self.jobs[j].created, reverse=True)]

    def close(self) -> None:
        """Stops running jobs at their next input, waits for them, and removes the temporary folder."""
        for job in list(self.jobs.values()):
            if job.future is not None and not job.future.done():
                (job.folder / "cancel").touch()
        if self._own_executor:
            self.executor.shutdown(wait=True, cancel_futures=True)
        if self._tmp is not None:
            self._tmp.cleanup()


def _process_pool() -> ProcessPoolExecutor:
    # spawn, not fork: the server has threads (and an event loop) a forked child must not inherit
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


def run_ingest(db: str, targets: list[str], folder: str, settings: dict[str, Any]) -> dict[str, Any]:
    """The job itself (in the executor's process): ingest `targets` into `db`, progress to `folder`."""
    from .pipeline import ingest
    from .settings import Config
    from .store import Store

    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):
        pass
    progress = _Progress(Path(folder), len(targets))
    with Store(db) as store:
        report = ingest(store, targets, Config(dict(settings)), progress=False, on_progress=progress.update)
    return progress.write(len(targets), len(targets), report)


class _Progress:
    """Writes the job's progress file, at most every PROGRESS_EVERY seconds; stops the job when asked."""

    def __init__(self, folder: Path, total: int):
        self.folder = folder
        self.started = now()
        self.last = 0.0
        self.inputs = re.compile(re.escape(str(folder / "inputs")) + r"/\d{3}-")
        self.write(0, total, IngestReport())

    def update(self, done: int, total: int, report: IngestReport) -> None:
        if (self.folder / "cancel").exists():
            raise JobCancelled(f"job stopped after {done} of {total} inputs")
        if time.monotonic() - self.last >= PROGRESS_EVERY:
            self.write(done, total, report)

    def write(self, done: int, total: int, report: IngestReport) -> dict[str, Any]:
        name = lambda s: self.inputs.sub("", s)  # noqa: E731 - an upload is shown by its own name
        state = {"started": self.started, "done": done, "total": total,
                 "counts": {"new": len(report.new), "unchanged": len(report.unchanged),
                            "duplicate": len(report.duplicate), "near_duplicate": len(report.near_duplicate),
                            "failed": len(report.failed), "facts": report.facts, "mentions": report.mentions},
                 "new": [name(s) for s in report.new],
                 "failures": [{"source": name(s), "reason": r} for s, r in report.failed]}
        tmp = self.folder / "progress.json.tmp"
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.folder / "progress.json")
        self.last = time.monotonic()
        return state


def _read_progress(folder: Path) -> Optional[dict[str, Any]]:
    try:
        return json.loads((folder / "progress.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
