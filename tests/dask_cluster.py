"""A real Dask cluster for the tests and benchmarks: stock `dask scheduler` and `dask worker` processes on a
loopback port, importing this checkout's code (PYTHONPATH=src), stopped at the end. Workers run without a nanny,
one thread each, so that killing one kills the worker and nothing restarts it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .live import free_port

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
DASK = [sys.executable, "-m", "dask"]  # the `dask` command of this environment


class DaskCluster:
    def __init__(self, workers: int = 2, log: Path | None = None, port: int | None = None):
        self.n = workers
        self.port = port or free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.log = open(log, "ab") if log else subprocess.DEVNULL
        self.scheduler: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []

    def start(self) -> "DaskCluster":
        self.scheduler = self._spawn("scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard")
        for i in range(self.n):
            self.add_worker(f"w{len(self.workers)}")
        self.wait_for_workers(self.n)
        return self

    def add_worker(self, name: str) -> subprocess.Popen:
        w = self._spawn("worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                        "--host", "127.0.0.1", "--death-timeout", "60")
        self.workers.append(w)
        return w

    def _spawn(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([*DASK, *args], env=ENV, stdout=self.log, stderr=self.log, start_new_session=True)

    def client(self):
        from distributed import Client

        return Client(self.address, timeout="60s")

    def wait_for_workers(self, n: int, timeout: float = 120) -> None:
        with self.client() as c:
            c.wait_for_workers(n, timeout=timeout)

    def worker_processing(self, prefix: str) -> int | None:
        """The index (in self.workers) of a worker running a task whose name starts with `prefix`, or None."""
        with self.client() as c:
            for addr, keys in c.processing().items():
                if any(str(k).startswith(prefix) for k in keys):
                    name = c.scheduler_info()["workers"][addr]["name"]
                    return int(str(name)[1:])
        return None

    def kill(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()

    def stop(self) -> None:
        for p in [*self.workers, self.scheduler]:
            if p is not None and p.poll() is None:
                p.terminate()
        for p in [*self.workers, self.scheduler]:
            if p is not None:
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    self.kill(p)
        if self.log is not subprocess.DEVNULL:
            self.log.close()

    def __enter__(self) -> "DaskCluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_until(check, timeout: float, every: float = 0.2) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(every)
    return False
