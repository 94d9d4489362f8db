"""Distributed ingest (issue 11, items 3-5): `dossier ingest --cluster` on a real Dask cluster (stock `dask
scheduler` and `dask worker` processes, tests/dask_cluster.py) stores exactly what one process does, and a run
whose worker, client or scheduler is killed ends, once run again, with every article stored and extracted once.

The sample: 20 development articles read in place and 40 generated variants of them (tests/variants.py: exact
copies, near-duplicates, round-ups that repeat each other), so duplicates are decided across workers."""

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .dask_cluster import ENV, DaskCluster, wait_until
from .test_crash import stored
from .variants import DEV, dev_articles, write_variants

pytestmark = [pytest.mark.slow, pytest.mark.cluster]
DOSSIER = [sys.executable, "-c", "import sys; from dossier.cli import main; sys.exit(main())"]
ARTICLES, VARIANTS = 20, 40


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> list[str]:
    if not DEV.exists():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    originals = dev_articles(ARTICLES)
    variants = write_variants(tmp_path_factory.mktemp("variants"), originals, VARIANTS)
    return [*map(str, originals), str(variants)]


@pytest.fixture(scope="module")
def reference(sample, tmp_path_factory) -> tuple[dict, str]:
    """The single-process SQLite run of the sample: its export and its summary line."""
    db = tmp_path_factory.mktemp("reference") / "one.db"
    r = ingest(db, sample)
    assert r.returncode == 0, r.stderr
    return export(str(db), tmp_path_factory.mktemp("reference-export")), summary(r)


def ingest(db, sample: list[str], *options: str, **popen) -> subprocess.CompletedProcess | subprocess.Popen:
    cmd = [*DOSSIER, "ingest", "--db", str(db), *sample, "--no-progress", *options]
    if popen:
        return subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=900)


def summary(r) -> str:
    return r.stdout.strip().splitlines()[0]


def export(db: str, out: Path) -> dict:
    from dossier.export import export as write
    from dossier.store import Store

    with Store(db) as store:
        write(store, out, "jsonl")
    records = {name: [json.loads(line) for line in (out / f"{name}.jsonl").read_text().splitlines()]
               for name in ("documents", "entities", "facts")}
    # compared as exported, line order included (entities by type, name and id on both back-ends)
    return records


def test_two_dask_workers_store_what_one_process_does(sample, reference, new_db, tmp_path):
    """Item 5 on a sample: the export of a 2-worker run (into PostgreSQL under DOSSIER_TEST_DB=postgres) equals
    the single-process SQLite export, ids included, and the same articles are found to repeat others."""
    expected, expected_summary = reference
    db = new_db("cluster")
    with DaskCluster(2, log=tmp_path / "dask.log") as cluster:
        r = ingest(db, sample, "--cluster", cluster.address)
    assert r.returncode == 0, r.stderr
    assert summary(r) == expected_summary
    new, dups, near = (int(summary(r).split(", ")[i].split()[0]) for i in (0, 2, 3))
    assert new > ARTICLES and dups > 0 and near > 0  # round-ups are new; copies and edits repeat
    assert len(expected["facts"]) > 50 and len(expected["entities"]) > 50
    got = export(db, tmp_path / "export")
    for name in expected:
        assert got[name] == expected[name], f"{name} differ between one process and the cluster"



def test_a_worker_killed_mid_run_loses_nothing(sample, reference, tmp_path):
    """Item 4: a worker SIGKILLed while it extracts; its work goes to the other and the run completes."""
    db = tmp_path / "killed-worker.db"
    with DaskCluster(2, log=tmp_path / "dask.log") as cluster:
        p = ingest(db, sample, "--cluster", cluster.address, popen=True)
        busy = []
        assert wait_until(lambda: busy.append(cluster.worker_processing("analyse_batch")) or busy[-1] is not None,
                          300), "no worker ever extracted"
        cluster.kill(cluster.workers[busy[-1]])
        out, err = p.communicate(timeout=900)
    assert p.returncode == 0, err
    assert out.startswith(reference[1].split(",")[0])  # every new article stored by this one run
    assert export(str(db), tmp_path / "export") == reference[0]


def test_client_and_scheduler_killed_then_the_same_command_resumes(sample, reference, tmp_path):
    """Item 4: the client SIGKILLed after its first batch is stored, then the scheduler SIGKILLed during the
    resumed run (the client says so in one line and exits 2); a cluster on the same address again and the same
    command ends with the export of an uninterrupted run."""
    db = tmp_path / "resumed.db"
    log = tmp_path / "dask.log"
    cluster = DaskCluster(2, log=log).start()
    port = cluster.port
    try:
        p = ingest(db, sample, "--cluster", cluster.address, popen=True)
        assert wait_until(lambda: stored(db) > 0 or p.poll() is not None, 600)
        p.send_signal(signal.SIGKILL)
        p.wait()
        assert p.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
        first = stored(db)
        p = ingest(db, sample, "--cluster", cluster.address, popen=True)
        assert wait_until(lambda: cluster.worker_processing("analyse_batch") is not None or p.poll() is not None, 300)
        cluster.kill(cluster.scheduler)
        out, err = p.communicate(timeout=300)
        assert p.returncode == 2, (out, err)
        assert err.count("\n") == 1 and err.startswith("dossier: error: Dask cluster") and "resume" in err
    finally:
        cluster.stop()
    assert 0 < first < len(reference[0]["documents"])
    with DaskCluster(2, log=log, port=port) as again:
        r = ingest(db, sample, "--cluster", again.address)
    assert r.returncode == 0, r.stderr
    assert " unchanged" in r.stdout and not r.stdout.startswith(reference[1].split(",")[0])
    assert export(str(db), tmp_path / "export") == reference[0]


def test_cluster_setting_is_checked(tmp_path):
    r = ingest(tmp_path / "x.db", [str(tmp_path)], "--cluster", "local:0")
    assert r.returncode == 2 and r.stderr.startswith("dossier: error: setting cluster") and "Traceback" not in r.stderr
