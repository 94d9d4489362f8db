import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RESOURCES = Path(__file__).parent / "resources"
SAMPLE = ROOT / "examples" / "corpus"


def gold_docs():
    path = SHARED / "eval" / "seeds.gold.jsonl"
    if not path.exists():
        pytest.skip("../shared/eval is not beside the repository")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def store(tmp_path):
    from dossier.store import Store

    s = Store(tmp_path / "t.db")
    yield s
    s.close()
