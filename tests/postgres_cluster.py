"""A throwaway PostgreSQL cluster for the tests: Debian's binaries, initdb into a temporary folder, pg_ctl on a
free loopback port, one fresh database per test (CREATE DATABASE from a migrated template), stopped and removed
at the end. initdb refuses to run as root, so as root the cluster runs as the `postgres` user the package made.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

TEMPLATE = "dossier_template"
# durability is not wanted in a test cluster: fsync and friends off make CREATE DATABASE and commits cheap
SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"


def bindir() -> Optional[Path]:
    """The newest installed /usr/lib/postgresql/N/bin holding initdb, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


class Cluster:
    def __init__(self) -> None:
        self.bin = bindir()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql; make test does it)")
        self.root = Path(tempfile.mkdtemp(prefix="dossier-pg-"))
        self.data = self.root / "data"
        self.user = "postgres" if os.geteuid() == 0 else None
        self.port = _free_port()
        self._names = itertools.count(1)
        self._admin = None

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            log = self.root / "log"
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr.strip()}"
                               + (f"\n{log.read_text()}" if log.exists() else ""))

    def start(self) -> "Cluster":
        if self.user:
            shutil.chown(self.root, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {SERVER_OPTIONS}", "start")
        try:
            self._make_template()
        except BaseException:
            self.stop()
            raise
        return self

    def _make_template(self) -> None:
        import psycopg

        from dossier.store import Store

        self._admin = psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                                      autocommit=True)
        self._admin.execute(f"CREATE DATABASE {TEMPLATE}")
        Store(self.url(TEMPLATE)).close()  # migrated once; every test database is a copy

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def new_database(self, prefix: str = "t", migrated: bool = True) -> str:
        """A new database's URL: a copy of the migrated template, or empty (template0)."""
        name = f"{''.join(ch for ch in prefix.lower() if ch.isalnum())[:40] or 't'}_{next(self._names)}"
        self._admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE if migrated else 'template0'}")
        return self.url(name)

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
