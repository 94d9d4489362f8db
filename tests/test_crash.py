"""Crash safety (issue 12): a real `dossier ingest` killed with SIGKILL mid-run and run again exports exactly what
an uninterrupted run does, entities included; its extraction workers die with it."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from .conftest import ROOT, SHARED

CORPUS = SHARED / "corpus" / "dev"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
DOSSIER = [sys.executable, "-c", "import sys; from dossier.cli import main; sys.exit(main())"]


def dossier(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*DOSSIER, *args], env=ENV, capture_output=True, text=True, timeout=900)


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
            return c.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def gone(procs: list, timeout: float) -> bool:
    """Whether every process ended within `timeout` seconds (a zombie waiting to be reaped has ended)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        alive = []
        for p in procs:
            try:
                if p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        if not alive:
            return True
        time.sleep(0.2)
    return False


def kill_ingest_at(db: Path, docs: int, workers: int) -> list:
    """Starts `dossier ingest` on the corpus, SIGKILLs it once `docs` documents are stored; returns its children
    as they were at that moment."""
    p = subprocess.Popen([*DOSSIER, "ingest", "--db", str(db), str(CORPUS), "--workers", str(workers),
                          "--no-progress"], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None and stored(db) < docs:
        time.sleep(0.05)
    kids = psutil.Process(p.pid).children(recursive=True) if p.poll() is None else []
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert p.returncode == -signal.SIGKILL, f"the ingest ended before {docs} documents were stored"
    return kids


def export(db: Path, out: Path) -> dict:
    r = dossier("export", "--db", str(db), "--format", "jsonl", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return {name: [json.loads(line) for line in (out / name).read_text().splitlines()]
            for name in ("documents.jsonl", "entities.jsonl", "facts.jsonl")}


@pytest.mark.slow
def test_killed_and_resumed_ingest_exports_what_an_uninterrupted_one_does(tmp_path):
    if not CORPUS.exists():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    whole = tmp_path / "whole.db"
    r = dossier("ingest", "--db", str(whole), str(CORPUS), "--no-progress")
    assert r.returncode == 0, r.stderr
    cut = tmp_path / "cut.db"
    kill_ingest_at(cut, 12, workers=1)  # documents are written 16 at a time: this cuts into a batch
    first = stored(cut)
    assert 12 <= first < len(list(CORPUS.glob("*.txt")))
    kids = kill_ingest_at(cut, first + 1, workers=2)  # again, as soon as the resumed run writes
    assert kids and gone(kids, 20), "extraction workers outlived their killed parent"
    r = dossier("ingest", "--db", str(cut), str(CORPUS), "--no-progress")
    assert r.returncode == 0, r.stderr
    assert " unchanged" in r.stdout and not r.stdout.startswith("0 new")
    expected, got = export(whole, tmp_path / "whole"), export(cut, tmp_path / "cut")
    assert len(expected["entities.jsonl"]) > 50 and len(expected["facts.jsonl"]) > 50
    for name in expected:
        assert got[name] == expected[name], f"{name} differs after a resumed ingest"


@pytest.mark.slow
def test_extraction_workers_die_with_a_killed_parent(tmp_path):
    script = (
        "import time\n"
        "from dossier.extract import Extractor\n"
        "from dossier.model import Document\n"
        "ex = Extractor(None, workers=2)\n"
        "ex.process([Document(id=str(i), source=str(i), text='Poland will buy 96 tanks from Korea. ' * 20)"
        " for i in range(4)])\n"
        "print('ready', flush=True)\n"
        "time.sleep(600)\n")
    p = subprocess.Popen([sys.executable, "-c", script], env=ENV, stdout=subprocess.PIPE)
    try:
        assert p.stdout.readline().strip() == b"ready"
        workers = psutil.Process(p.pid).children(recursive=True)
        assert len(workers) >= 2
    finally:
        p.kill()
        p.wait()
    assert gone(workers, 20), "extraction workers outlived their killed parent"


def test_resolver_resumed_from_the_store_links_as_the_one_in_memory(store):
    """Item 14: a run cut short leaves NER's one-word "people" stored; the resumed run's resolver must not take
    them for people known by name, or "John Smith" after the cut joins "Smith" when an uninterrupted run keeps
    them apart until consolidation."""
    from dossier.model import Entity
    from dossier.resolve import Resolver

    uninterrupted = Resolver(None)
    uninterrupted.person("Anna Kowalska", "PL")
    with store.transaction() as c:
        store.put_extraction(c, "doc-cut", [], [], [
            Entity("ent-smith", "person", "Smith"),
            Entity(uninterrupted.person("Anna Kowalska", "PL"), "person", "Anna Kowalska", country="PL")])
    resumed = Resolver(store)
    assert resumed.person("John Smith", None) == uninterrupted.person("John Smith", None) != "ent-smith"
    assert resumed.person("A. Kowalska", "PL") == uninterrupted.person("A. Kowalska", "PL")
