"""How work is run: the pipeline hands its pure stages to a runner, a `concurrent.futures.Executor` with a name.

- `in_process()`: here, one task after the other (the default)
- `process_pool(n)`: `--workers N`, forked processes that load spaCy once and die with their parent
- `dask(address)`: `--cluster tcp://HOST:8786`, a running Dask scheduler and its workers (stock `dask scheduler`
  and `dask worker` processes); `--cluster local:N` starts a local cluster of N worker processes for the run

The stages run this way are pure functions of their inputs (pipeline.prepare_target, pipeline.analyse_batch), so
where they run does not change what they return; everything ordered or stateful stays in the calling process.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import os
import re
import time
from collections import deque
from typing import Any, Callable, Iterable, Iterator, Optional

from .errors import ConfigError, DossierError


class RunnerLost(DossierError):
    """The runner itself failed (the Dask scheduler went away, the process pool broke): the run cannot go on;
    running the same command again resumes it."""


class _Inline(cf.Executor):
    """An executor that runs each task at once, in the calling thread."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as e:  # noqa: BLE001 - kept in the future, raised by result() as an executor would
            future.set_exception(e)
        return future


class Runner:
    """An executor, how many tasks it runs at once (`workers`), and whether they run elsewhere (`remote`: the
    pipeline then keeps a few batches in flight while it writes)."""

    def __init__(self, name: str, executor: cf.Executor, workers: int | Callable[[], int], remote: bool,
                 close: Optional[Callable[[], None]] = None, lost: tuple[type[BaseException], ...] = ()):
        self.name = name
        self.executor = executor
        self._workers = workers
        self.remote = remote
        self._close = close
        self._lost = (cf.CancelledError, cf.BrokenExecutor, *lost)

    @property
    def workers(self) -> int:
        """Tasks that run at once now (on a cluster, workers may join or leave during a run)."""
        return max(1, self._workers() if callable(self._workers) else self._workers)

    def submit(self, fn: Callable, *args: Any) -> cf.Future:
        try:
            return self.executor.submit(fn, *args)
        except Exception as e:  # noqa: BLE001 - a runner that cannot take work is lost
            raise RunnerLost(f"{self.name}: cannot run work ({e.__class__.__name__}: {e})") from None

    def result(self, future: cf.Future) -> Any:
        """The task's result; a task's own exception as it is, the runner's failure as RunnerLost."""
        try:
            return future.result()
        except self._lost as e:
            why = f"{e.__class__.__name__}: {e}" if str(e) else e.__class__.__name__
            raise RunnerLost(f"{self.name}: work lost ({why}); run the same command again to resume") from None

    def map(self, fn: Callable, items: Iterable, ahead: Optional[int] = None) -> Iterator:
        """fn(item) for each item, in the items' order, with at most `ahead` tasks submitted and not yet taken."""
        ahead = ahead or (4 * self.workers if self.remote else 1)
        queue: deque[cf.Future] = deque()
        items = iter(items)
        try:
            for item in items:
                queue.append(self.submit(fn, item))
                if len(queue) >= ahead:
                    yield self.result(queue.popleft())
            while queue:
                yield self.result(queue.popleft())
        finally:
            for f in queue:
                f.cancel()

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def in_process() -> Runner:
    return Runner("in-process", _Inline(), 1, remote=False)


def process_pool(workers: int) -> Runner:
    """Forked worker processes: each loads spaCy once and ends when this process ends, even by SIGKILL."""
    from .extract import _warm

    pool = cf.ProcessPoolExecutor(workers, mp_context=_fork(), initializer=_warm, initargs=(os.getpid(),))
    return Runner(f"process pool of {workers}", pool, workers, remote=True,
                  close=lambda: pool.shutdown(wait=True, cancel_futures=True))


def _fork():
    import multiprocessing

    return multiprocessing.get_context("fork")


# Parsing a cluster address: a scheduler's URL, or local:N for a cluster started here.
_LOCAL = re.compile(r"local:(\d+)")
_SCHEDULER = re.compile(r"(tcp|tls|inproc|ws|wss)://\S+")


def cluster_address(raw: str) -> str:
    """A --cluster value checked: '' (none), local:N or a scheduler URL; ValueError otherwise."""
    raw = raw.strip()
    m = _LOCAL.fullmatch(raw)
    if raw and not _SCHEDULER.fullmatch(raw) and not (m and int(m.group(1)) >= 1):
        raise ValueError(raw)
    return raw


def dask(address: str) -> Runner:
    """A runner on a Dask cluster: `tcp://HOST:PORT` connects to a running scheduler, `local:N` starts N local
    worker processes (one thread each: spaCy holds the GIL) and stops them at the end."""
    try:
        from distributed.client import FutureCancelledError
        from distributed.comm import CommClosedError
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise ConfigError("--cluster needs the distributed package (pip install distributed)") from None
    client, cluster = _connect(address)
    restore = _quiet("distributed")

    def close() -> None:
        try:
            client.close()
            if cluster is not None:
                cluster.close()
        finally:
            restore()

    return Runner(f"Dask cluster {address}", client.get_executor(pure=False), _threads(client), remote=True,
                  close=close, lost=(FutureCancelledError, CommClosedError, TimeoutError))


def _connect(address: str):
    """(a client, the local cluster it runs on or None)."""
    from distributed import Client, LocalCluster

    local = _LOCAL.fullmatch(address)
    try:
        if not local:
            return Client(address, timeout="30s"), None
        cluster = LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster
    except (OSError, TimeoutError) as e:
        raise RunnerLost(f"cannot reach the Dask scheduler at {address} ({e})") from None


# How often (seconds) a Dask runner asks how many worker threads the cluster has: batches are sized to them.
WORKERS_CHECK = 5.0


def _threads(client) -> Callable[[], int]:
    """The cluster's worker threads now, asked of the scheduler at most every WORKERS_CHECK seconds."""
    known = {"at": 0.0, "n": 1}

    def threads() -> int:
        if time.monotonic() - known["at"] > WORKERS_CHECK:
            known["at"] = time.monotonic()
            try:
                known["n"] = sum(client.nthreads().values()) or known["n"]
            except Exception:  # noqa: BLE001 - a scheduler gone shows where its work is collected
                pass
        return known["n"]

    return threads


def _quiet(prefix: str) -> Callable[[], None]:
    """Silences the loggers under `prefix` until the function returned is called: a lost scheduler is reported
    once, as RunnerLost, not also by the client's reconnect attempts with their tracebacks."""
    names = [n for n in list(logging.root.manager.loggerDict) if n == prefix or n.startswith(prefix + ".")]
    levels = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.CRITICAL)
    return lambda: [logging.getLogger(n).setLevel(level) for n, level in levels.items()] and None


def open_runner(cluster: str = "", workers: int = 1) -> Runner:
    """The runner the settings ask for: a Dask cluster, else a process pool for more than one worker, else here."""
    if cluster:
        return dask(cluster_address(cluster))
    return process_pool(workers) if workers > 1 else in_process()
