import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RESOURCES = Path(__file__).parent / "resources"
SAMPLE = ROOT / "examples" / "corpus"
# the back-end the suite runs on: sqlite (default) or postgres (make test's second pass, over the tests marked
# postgres: every test that opens a database through the fixtures below)
TEST_DB = os.environ.get("DOSSIER_TEST_DB", "sqlite")
DB_FIXTURES = {"store", "new_db", "postgres_cluster"}


def pytest_collection_modifyitems(items):
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


def gold_docs():
    path = SHARED / "eval" / "seeds.gold.jsonl"
    if not path.exists():
        pytest.skip("../shared/eval is not beside the repository")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def postgres_cluster():
    """A PostgreSQL cluster of Debian's binaries in a temporary folder for the session (postgres_cluster.py)."""
    from .postgres_cluster import Cluster

    try:
        cluster = Cluster().start()
    except RuntimeError as e:
        pytest.fail(str(e))
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def new_db(request, tmp_path_factory):
    """new_db(name) -> a fresh, empty database to open with Store(): a file under a temporary folder, or with
    DOSSIER_TEST_DB=postgres the URL of a new database on the test cluster."""
    if TEST_DB == "postgres":
        return request.getfixturevalue("postgres_cluster").new_database
    if TEST_DB != "sqlite":
        pytest.fail(f"DOSSIER_TEST_DB={TEST_DB}: choose sqlite or postgres")
    return lambda name="t": str(tmp_path_factory.mktemp("db") / f"{name}.db")


@pytest.fixture
def store(new_db):
    from dossier.store import Store

    s = Store(new_db("t"))
    yield s
    s.close()


def _corpus200(new_db, folder) -> str:
    from .corpus200 import available, ingest_into

    if not available():
        pytest.skip("../shared/benchmarks/article-extraction or ../shared/corpus/dev is not beside the repository")
    db = new_db("corpus200")
    ingest_into(db, folder)
    return db


@pytest.fixture(scope="session")
def corpus200(new_db, tmp_path_factory):
    """A database holding the issue-10 workbench corpus (tests/corpus200.py: ~237 real pages and articles, with
    extraction), built once per session; tests read it only."""
    return _corpus200(new_db, tmp_path_factory.mktemp("corpus200"))


@pytest.fixture
def corpus200_own(new_db, tmp_path):
    """The workbench corpus built for one test, which may change it (about a minute)."""
    return _corpus200(new_db, tmp_path)
