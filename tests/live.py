"""A real uvicorn server on a loopback port, in a thread, for tests that speak HTTP to the app; a real
`dossier serve` process, for benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

SRC = Path(__file__).resolve().parents[1] / "src"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(app) -> Iterator[str]:
    """Serves `app` on 127.0.0.1 (its lifespan included) and yields its base URL."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    else:
        raise RuntimeError(f"the test server did not start on port {port}")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(timeout=30)


def dossier_process(*args: str, **kw) -> subprocess.Popen:
    """`dossier ARGS` in a process of its own, with this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen([sys.executable, "-m", "dossier.cli", *args], env=env, **kw)


def serve_process(db: str, *args: str) -> tuple[subprocess.Popen, str]:
    """`dossier serve --db DB ARGS` on a free loopback port, once it answers; the process and its base URL."""
    import httpx

    port = free_port()
    proc = dossier_process("serve", "--db", str(db), "--port", str(port), *args, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(url + "/api/jobs", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("dossier serve did not start")
